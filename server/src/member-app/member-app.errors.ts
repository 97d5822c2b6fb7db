import { defineErrors } from '../common/app-error';

export const MemberAppErrors = defineErrors({
  STORE_NOT_FOUND: { status: 404, message: '没有找到这家门店，请重新扫描桌上的二维码' },
  PHONE_BELONGS_TO_ANOTHER: {
    status: 409,
    message: '该手机号已绑定另一个微信账号，请用原微信登录或联系门店处理',
  },
  COUPON_NOT_YOURS: { status: 404, message: '没有找到这张券' },
  EXCHANGE_NOT_AVAILABLE: { status: 409, message: '该券不能用积分兑换' },
  DELETE_NOT_CONFIRMED: { status: 400, message: '请确认注销' },
  DELETE_BALANCE_NOT_ACKNOWLEDGED: {
    status: 409,
    message: '账户里还有储值余额，注销后将无法在小程序中使用，请先阅读说明并确认余额',
  },
});
