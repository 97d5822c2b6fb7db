import { createHash } from 'node:crypto';
import { AppError, defineErrors } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WechatApiClient } from './wechat-api';

/** WeChat `code2session`: the only thing login needs from WeChat. Services depend on this, not on an SDK. */
export interface WechatAuthAdapter {
  readonly label: string;
  code2session(code: string): Promise<{ openid: string; unionid?: string }>;
  /** `getPhoneNumber` button code → the diner's verified mainland mobile number. */
  phoneNumber(code: string): Promise<string>;
}

export const WECHAT_AUTH = Symbol('WECHAT_AUTH');

export const IntegrationErrors = defineErrors({
  INTEGRATION_NOT_CONFIGURED: {
    status: 503,
    message: '微信服务尚未配置，暂时无法使用，请联系门店工作人员',
  },
});

/**
 * `INTEGRATIONS_MODE=real` before the real WeChat adapter is configured: every call is refused with
 * 503 — never a success, never the simulator.
 */
export class UnconfiguredWechatAuth implements WechatAuthAdapter {
  readonly label = '';
  async code2session(): Promise<{ openid: string }> {
    throw IntegrationErrors.INTEGRATION_NOT_CONFIGURED();
  }
  async phoneNumber(): Promise<string> {
    throw IntegrationErrors.INTEGRATION_NOT_CONFIGURED();
  }
}

/** The real thing: `code2session` and the phone-number exchange against WeChat's server API. */
export class ApiWechatAuth implements WechatAuthAdapter {
  readonly label = '';
  constructor(private readonly api: WechatApiClient) {}
  async code2session(code: string): Promise<{ openid: string; unionid?: string }> {
    // The session key is not kept: nothing here decrypts WeChat data with it (the phone comes from
    // the code exchange), and a stored key would only be something to leak.
    const { openid, unionid } = await this.api.code2session(code);
    return { openid, ...(unionid ? { unionid } : {}) };
  }
  phoneNumber(code: string): Promise<string> {
    return this.api.phoneNumber(code);
  }
}

/**
 * The real adapter when the mini-program is configured (WECHAT_APPID…); otherwise the simulator
 * only in simulator mode (demo, development, tests); production without configuration gets 503.
 */
export const wechatAuthProvider = {
  provide: WECHAT_AUTH,
  inject: [APP_CONFIG, WechatApiClient],
  useFactory: (config: AppConfig, api: WechatApiClient): WechatAuthAdapter =>
    config.wechat
      ? new ApiWechatAuth(api)
      : config.integrationsMode === 'simulator'
        ? new SimulatedWechatAuth()
        : new UnconfiguredWechatAuth(),
};

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
  /** `sim-phone-<11 digits>` authorises that number; anything else is refused. */
  async phoneNumber(code: string): Promise<string> {
    const m = /^sim-phone-(1[3-9]\d{9})$/.exec(code);
    if (!m)
      throw new AppError('WECHAT_PHONE_CODE_INVALID', 400, '手机号授权失败，请重新点击“手机号快捷登录”');
    return m[1];
  }
}
