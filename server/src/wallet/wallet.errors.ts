import { defineErrors } from '../common/app-error';

export const WalletErrors = defineErrors({
  BALANCE_INSUFFICIENT: { status: 409, message: '储值余额不足' },
  BALANCE_LIMIT: { status: 409, message: '储值余额将超过上限（1000 万元），无法再充值' },
  WALLET_INVALID_AMOUNT: { status: 400, message: '金额必须是正整数（分）' },
});
