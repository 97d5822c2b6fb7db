import { defineErrors } from '../common/app-error';

export const AuthErrors = defineErrors({
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  AUTH_TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  AUTH_ACCOUNT_DISABLED: { status: 403, message: '该账号已停用，请联系管理员' },
  AUTH_LOCKED: { status: 429, message: '密码错误次数过多，账号已临时锁定，请 15 分钟后再试或联系管理员' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '这是一次性密码，请先修改密码' },
  PASSWORD_TOO_WEAK: { status: 400, message: '新密码至少 10 位，不能与用户名相同，也不能是演示密码' },
  PASSWORD_UNCHANGED: { status: 400, message: '新密码不能与当前密码相同' },
  ROLE_FORBIDDEN: { status: 403, message: '当前角色无权进行此操作' },
  STORE_FORBIDDEN: { status: 403, message: '无权操作其他门店的数据' },
  MEMBER_AUTH_REQUIRED: { status: 401, message: '请先登录会员' },
});
