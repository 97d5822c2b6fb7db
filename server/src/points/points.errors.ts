import { defineErrors } from '../common/app-error';

export const PointsErrors = defineErrors({
  POINTS_INSUFFICIENT: { status: 409, message: '积分不足' },
  POINTS_BALANCE_LIMIT: { status: 409, message: '积分余额将超过上限（10 亿分），无法再增加' },
  POINTS_INVALID_AMOUNT: { status: 400, message: '积分数量必须是非零整数' },
});
