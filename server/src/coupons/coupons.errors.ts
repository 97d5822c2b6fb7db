import { defineErrors } from '../common/app-error';

export const CouponErrors = defineErrors({
  COUPON_TEMPLATE_NOT_FOUND: { status: 404, message: '券模板不存在' },
  COUPON_TEMPLATE_INVALID: { status: 400, message: '券模板设置不正确' },
  COUPON_TEMPLATE_INACTIVE: { status: 409, message: '该券还没有发布或已停止发放' },
  COUPON_TEMPLATE_EXPIRED: { status: 409, message: '该券活动已结束' },
  COUPON_CHANNEL_NOT_ALLOWED: { status: 409, message: '该券不能通过此渠道领取' },
  COUPON_FLASH_NOT_STARTED: { status: 409, message: '还没开抢，请到点再来' },
  COUPON_OUT_OF_STOCK: { status: 409, message: '券已领完' },
  COUPON_LIMIT_REACHED: { status: 409, message: '已达到每人领取上限' },
  COUPON_DAILY_LIMIT_REACHED: { status: 409, message: '今天已达到领取上限，明天再来' },
  COUPON_TIER_TOO_LOW: { status: 403, message: '会员等级不足，无法领取该券' },
  COUPON_NOT_FOUND: { status: 404, message: '券不存在，请核对券码' },
  COUPON_ALREADY_USED: { status: 409, message: '券已被使用' },
  COUPON_NOT_APPLICABLE: { status: 422, message: '券不满足使用条件' },
  COUPON_COMBINATION_NOT_ALLOWED: { status: 422, message: '这些券不能同时使用' },
  COUPON_TEMPLATE_STATUS: { status: 409, message: '券的状态不能这样改' },
  COUPON_STOCK_BELOW_ISSUED: { status: 409, message: '库存不能少于已发放的数量' },
  COUPON_ISSUE_TOO_MANY: { status: 400, message: '店长每次最多给一位会员发 5 张券' },
  COUPON_TEMPLATE_OTHER_STORES: { status: 403, message: '该券不能在你的门店使用，不能由你发放' },
  STORE_NOT_FOUND: { status: 404, message: '门店不存在' },
  TIER_NOT_FOUND: { status: 404, message: '会员等级不存在' },
});
