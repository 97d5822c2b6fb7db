import { defineErrors } from '../common/app-error';

export const PosErrors = defineErrors({
  POS_AUTH_MISSING: {
    status: 401,
    message: '缺少 POS 签名头（X-Pos-Key、X-Timestamp、X-Nonce、X-Signature）',
  },
  POS_TIMESTAMP_SKEW: { status: 401, message: '请求时间与服务器相差超过 5 分钟，请校准 POS 时钟' },
  /** Also the answer for an unknown or disabled key: key ids cannot be probed without the secret. */
  POS_SIGNATURE_INVALID: { status: 401, message: '签名校验失败：请核对 POS 密钥编号、密钥和签名算法' },
  POS_NONCE_REUSED: { status: 401, message: '该请求的 nonce 已使用过（疑似重放）' },
});
