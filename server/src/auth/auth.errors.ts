import { defineErrors } from '../common/app-error';

export const AuthErrors = defineErrors({
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  AUTH_TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  AUTH_ACCOUNT_DISABLED: { status: 403, message: '该账号已停用，请联系管理员' },
  ROLE_FORBIDDEN: { status: 403, message: '当前角色无权进行此操作' },
  STORE_FORBIDDEN: { status: 403, message: '无权操作其他门店的数据' },
  MEMBER_AUTH_REQUIRED: { status: 401, message: '请先登录会员' },
});
