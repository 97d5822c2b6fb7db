import { defineErrors } from '../common/app-error';

export const PointsErrors = defineErrors({
  POINTS_INSUFFICIENT: { status: 409, message: '积分不足' },
  POINTS_INVALID_AMOUNT: { status: 400, message: '积分数量必须是非零整数' },
});
