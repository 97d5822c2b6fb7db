import { defineErrors } from '../common/app-error';

export const PaymentErrors = defineErrors({
  PAY_NOT_CONFIGURED: { status: 503, message: '微信支付尚未开通，请选择储值余额支付，或到收银台结账' },
  WECHAT_PAY_UNAVAILABLE: { status: 503, message: '微信支付暂时无法使用，请稍后再试或到收银台结账' },
  PAYMENT_NOT_FOUND: { status: 404, message: '没有找到这笔支付' },
  PAYMENT_NOT_PENDING: { status: 409, message: '这笔支付已经结束，无需重复操作' },
  MEMBER_NOT_REGISTERED: { status: 409, message: '请先完成会员注册（授权手机号）再付款' },
  WECHAT_ACCOUNT_MISSING: { status: 409, message: '请在微信小程序中付款' },
  PACKAGE_NOT_FOUND: { status: 404, message: '这个充值套餐已下架，请刷新后重新选择' },
  PACK_NOT_FOUND: { status: 404, message: '这个券包已下架，请刷新后重新选择' },
  PACK_SOLD_OUT: { status: 409, message: '券包已售罄' },
  PACK_LIMIT_REACHED: { status: 409, message: '已达到每人限购数量' },
  NOTHING_TO_PAY: { status: 400, message: '用券后无需支付，请直接选择储值或到收银台结账' },
  COUPON_ALREADY_LOCKED: { status: 409, message: '券正在另一笔支付中使用，请稍后再试' },
  NOT_REFUNDABLE: { status: 409, message: '这笔支付不能退款' },
  ALREADY_REFUNDED: { status: 409, message: '这笔支付已经退款' },
  TOPUP_ALREADY_SPENT: { status: 409, message: '这笔充值的本金已全部消费，没有可退的金额' },
  PACK_PARTLY_USED: { status: 409, message: '券包里已有券被使用，不能退款' },
  PACK_EXPIRED_NOT_REFUNDABLE: { status: 409, message: '券已过期，该券包过期后不支持退款' },
  SIMULATOR_ONLY: { status: 404, message: '请求的资源不存在' },
});
