import { createHash } from 'node:crypto';
import { AppError } from '../common/app-error';

/** WeChat `code2session`: the only thing login needs from WeChat. Services depend on this, not on an SDK. */
export interface WechatAuthAdapter {
  readonly label: string;
  code2session(code: string): Promise<{ openid: string; unionid?: string }>;
}

export const WECHAT_AUTH = Symbol('WECHAT_AUTH');

/**
 * Labelled simulator for the zero-setup demo and tests: `sim-<name>` logs in the demo diner
 * `<name>` (a stable openid), anything else is refused like an invalid code.
 */
export class SimulatedWechatAuth implements WechatAuthAdapter {
  readonly label = '微信登录模拟器';
  async code2session(code: string): Promise<{ openid: string }> {
    const m = /^sim-([A-Za-z0-9_-]{1,40})$/.exec(code);
    if (!m) throw new AppError('WECHAT_CODE_INVALID', 400, '微信登录凭证无效，请重新进入小程序');
    return { openid: `sim_${createHash('sha256').update(m[1]).digest('hex').slice(0, 24)}` };
  }
}
