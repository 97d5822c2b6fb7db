import { defineErrors } from '../common/app-error';

export const CheckoutErrors = defineErrors({
  REDEMPTION_NOT_FOUND: { status: 404, message: '找不到这笔核销记录' },
  REDEMPTION_ALREADY_VOIDED: { status: 409, message: '这笔核销已经撤销过了' },
  VOID_WINDOW_PASSED: { status: 409, message: '已超过可撤销时间，请联系店长处理' },
  DUPLICATE_COUPON_CODE: { status: 422, message: '同一张券不能重复使用' },
  BALANCE_PAY_NEEDS_MEMBER_CODE: {
    status: 400,
    message: '使用储值支付需要扫描顾客的会员码（券码不能代替会员码）',
  },
  BALANCE_PAY_NEEDS_MEMBER: { status: 422, message: '使用储值支付需要先识别会员' },
  BALANCE_PAY_EXCEEDS_PAYABLE: { status: 422, message: '储值支付金额不能超过应付金额' },
  STORE_INACTIVE: { status: 409, message: '门店已停用' },
});
