import { defineErrors } from '../common/app-error';

export const MemberErrors = defineErrors({
  MEMBER_NOT_FOUND: { status: 404, message: '会员不存在' },
  MEMBER_CODE_INVALID: { status: 400, message: '会员码无效或已过期，请让顾客刷新会员码后重新扫描' },
  MEMBER_DELETED: { status: 410, message: '该会员已注销' },
  MEMBER_NOT_REGISTERED: { status: 404, message: '还不是会员，点「一键入会」即可加入' },
  MEMBER_PHONE_TAKEN: { status: 409, message: '该手机号已是会员' },
  NO_TIERS_CONFIGURED: { status: 409, message: '还没有配置会员等级：请先在“等级与积分”中创建至少一个等级' },
});
