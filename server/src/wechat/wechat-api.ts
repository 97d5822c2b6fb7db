import { Inject, Injectable, Logger } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig, type WechatAppConfig } from '../config/app-config';
import { DateTimeColumn, StrColumn } from '../database/columns';

/**
 * Tokens shared by every instance (WeChat's access token): one row per token, a short lease while
 * one instance refreshes it so the others wait for its result instead of fetching their own (each
 * fetch invalidates the previous token for everybody).
 */
@Entity('integration_token')
export class IntegrationToken {
  @PrimaryColumn({ type: 'varchar', length: 40 }) name: string;
  @StrColumn(1024) value: string;
  @DateTimeColumn() expiresAt: Date;
  @DateTimeColumn({ nullable: true }) refreshingUntil: Date | null;
  @DateTimeColumn() updatedAt: Date;
}

/** One part (≤ 60 KB) of a stored mini-program code image: the portable blob column holds 64 KB on MySQL. */
@Entity('wechat_code_image')
export class WechatCodeImage {
  @PrimaryColumn({ type: 'varchar', length: 32 }) scene: string;
  @PrimaryColumn({ type: 'int' }) part: number;
  @Column({ type: 'blob' }) data: Buffer;
  @StrColumn(40) contentType: string;
  @DateTimeColumn() createdAt: Date;
}

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeChat ${path} errcode ${errcode}: ${errmsg}`);
  }
}

/** errcodes meaning "the access token is no longer valid": refresh once and retry. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const TOKEN_NAME = 'wechat.access_token';
const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The mini-program's server API (api.weixin.qq.com): code2session, the access token, phone numbers,
 * mini-program codes and subscribe messages, over the documented HTTP protocol. Secrets go in query
 * strings as WeChat requires, so no URL is ever logged.
 */
@Injectable()
export class WechatApiClient {
  private readonly logger = new Logger(WechatApiClient.name);
  private cached: { value: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  /** How many times this instance asked WeChat for a token (health and tests). */
  tokenFetches = 0;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  get configured(): boolean {
    return this.appConfig.wechat !== null;
  }

  private get cfg(): WechatAppConfig {
    if (!this.appConfig.wechat)
      throw new AppError(
        'INTEGRATION_NOT_CONFIGURED',
        503,
        '微信服务尚未配置，暂时无法使用，请联系门店工作人员',
      );
    return this.appConfig.wechat;
  }

  private async call(
    path: string,
    init: { method: 'GET' | 'POST'; query: Record<string, string>; body?: unknown },
  ) {
    const url = `${this.cfg.apiBase}${path}?${new URLSearchParams(init.query).toString()}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method,
        headers: init.body ? { 'content-type': 'application/json' } : undefined,
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      // The message of a fetch error can carry the URL (and so the secret): never pass it on.
      this.logger.warn(`WeChat ${path} unreachable (${(e as Error).name})`);
      throw new AppError('WECHAT_UNAVAILABLE', 503, '微信服务暂时无法连接，请稍后再试');
    }
    return res;
  }

  private async json<T>(path: string, res: Response): Promise<T> {
    if (!res.ok) throw new WechatApiError(-1, `HTTP ${res.status}`, path);
    const body = (await res.json()) as T & { errcode?: number; errmsg?: string };
    if (body.errcode) throw new WechatApiError(body.errcode, body.errmsg ?? '', path);
    return body;
  }

  // ---- login -------------------------------------------------------------------------------

  async code2session(code: string): Promise<{ openid: string; unionid?: string; sessionKey: string }> {
    const res = await this.call('/sns/jscode2session', {
      method: 'GET',
      query: {
        appid: this.cfg.appId,
        secret: this.cfg.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      },
    });
    try {
      const b = await this.json<{ openid: string; unionid?: string; session_key: string }>(
        '/sns/jscode2session',
        res,
      );
      return { openid: b.openid, ...(b.unionid ? { unionid: b.unionid } : {}), sessionKey: b.session_key };
    } catch (e) {
      if (e instanceof WechatApiError && (e.errcode === 40029 || e.errcode === 40163))
        throw new AppError('WECHAT_CODE_INVALID', 400, '微信登录凭证无效，请重新进入小程序');
      throw this.unavailable(e);
    }
  }

  // ---- access token ------------------------------------------------------------------------

  /**
   * The access token: from this instance's memory, else the shared row, else fetched by exactly one
   * caller of one instance while the rest wait for it.
   */
  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - Date.now() > REFRESH_MARGIN_MS) return this.cached.value;
    this.inflight ??= this.loadToken().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** WeChat said the token is invalid: drop it (only if it is still that token) so the next call fetches one. */
  async invalidate(stale: string): Promise<void> {
    if (this.cached?.value === stale) this.cached = null;
    await this.ds
      .createQueryBuilder()
      .update(IntegrationToken)
      .set({ expiresAt: new Date(0) })
      .where('name = :name AND value = :stale', { name: TOKEN_NAME, stale })
      .execute();
  }

  private async loadToken(): Promise<string> {
    const repo = this.ds.getRepository(IntegrationToken);
    for (let i = 0; i < 100; i++) {
      const now = new Date();
      const row = await repo.findOne({ where: { name: TOKEN_NAME } });
      if (row && row.value && row.expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS) {
        this.cached = { value: row.value, expiresAt: row.expiresAt.getTime() };
        return row.value;
      }
      const lease = new Date(now.getTime() + LEASE_MS);
      let mine = false;
      if (!row) {
        try {
          await repo.insert({
            name: TOKEN_NAME,
            value: '',
            expiresAt: new Date(0),
            refreshingUntil: lease,
            updatedAt: now,
          });
          mine = true;
        } catch {
          mine = false; // another instance created it first
        }
      } else {
        const res = await this.ds
          .createQueryBuilder()
          .update(IntegrationToken)
          .set({ refreshingUntil: lease })
          .where('name = :name AND (refreshing_until IS NULL OR refreshing_until < :now)', {
            name: TOKEN_NAME,
            now,
          })
          .execute();
        mine = res.affected === 1;
      }
      if (!mine) {
        await sleep(100);
        continue;
      }
      try {
        const fresh = await this.fetchToken();
        await repo.update(
          { name: TOKEN_NAME },
          {
            value: fresh.value,
            expiresAt: new Date(fresh.expiresAt),
            refreshingUntil: null,
            updatedAt: new Date(),
          },
        );
        this.cached = fresh;
        return fresh.value;
      } catch (e) {
        await repo.update({ name: TOKEN_NAME }, { refreshingUntil: null });
        throw e;
      }
    }
    throw new AppError('WECHAT_UNAVAILABLE', 503, '微信服务暂时无法连接，请稍后再试');
  }

  private async fetchToken(): Promise<{ value: string; expiresAt: number }> {
    this.tokenFetches++;
    const res = await this.call('/cgi-bin/token', {
      method: 'GET',
      query: { grant_type: 'client_credential', appid: this.cfg.appId, secret: this.cfg.appSecret },
    });
    try {
      const b = await this.json<{ access_token: string; expires_in: number }>('/cgi-bin/token', res);
      return { value: b.access_token, expiresAt: Date.now() + b.expires_in * 1000 };
    } catch (e) {
      throw this.unavailable(e);
    }
  }

  /** Calls an API that takes the access token, refreshing it once if WeChat says it is invalid. */
  private async withToken<T>(path: string, body: unknown, read: (res: Response) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.call(path, { method: 'POST', query: { access_token: token }, body });
      try {
        return await read(res);
      } catch (e) {
        if (attempt === 0 && e instanceof WechatApiError && TOKEN_INVALID.has(e.errcode)) {
          await this.invalidate(token);
          continue;
        }
        throw e;
      }
    }
  }

  private unavailable(e: unknown): unknown {
    if (e instanceof WechatApiError) {
      this.logger.warn(e.message);
      return new AppError('WECHAT_UNAVAILABLE', 503, '微信服务暂时无法使用，请稍后再试', {
        errcode: e.errcode,
      });
    }
    return e;
  }

  // ---- phone, codes, subscribe messages ----------------------------------------------------

  /** The `getPhoneNumber` button's code → the verified number (mainland numbers only). */
  async phoneNumber(code: string): Promise<string> {
    try {
      const b = await this.withToken('/wxa/business/getuserphonenumber', { code }, (res) =>
        this.json<{
          phone_info: { purePhoneNumber: string; countryCode: string; watermark?: { appid?: string } };
        }>('/wxa/business/getuserphonenumber', res),
      );
      const info = b.phone_info;
      if (info.watermark?.appid && info.watermark.appid !== this.cfg.appId)
        throw new AppError('WECHAT_PHONE_CODE_INVALID', 400, '手机号授权失败，请重新点击“手机号快捷登录”');
      if (info.countryCode !== '86' || !/^1[3-9]\d{9}$/.test(info.purePhoneNumber))
        throw new AppError('PHONE_NOT_SUPPORTED', 400, '暂时只支持中国大陆手机号');
      return info.purePhoneNumber;
    } catch (e) {
      if (e instanceof WechatApiError && (e.errcode === 40029 || e.errcode === 40163))
        throw new AppError('WECHAT_PHONE_CODE_INVALID', 400, '手机号授权失败，请重新点击“手机号快捷登录”');
      throw this.unavailable(e);
    }
  }

  /** `wxacode.getUnlimited`: an image that opens `page` with `scene` (≤ 32 characters). */
  async unlimitedCode(scene: string, page: string): Promise<{ image: Buffer; contentType: string }> {
    try {
      return await this.withToken(
        '/wxa/getwxacodeunlimit',
        { scene, page, check_path: false, env_version: this.cfg.envVersion, width: 430 },
        async (res) => {
          const type = res.headers.get('content-type') ?? '';
          if (res.ok && type.startsWith('image/'))
            return { image: Buffer.from(await res.arrayBuffer()), contentType: type.split(';')[0] };
          // Errors come back as JSON with a 200.
          await this.json('/wxa/getwxacodeunlimit', res);
          throw new WechatApiError(-1, `unexpected ${type}`, '/wxa/getwxacodeunlimit');
        },
      );
    } catch (e) {
      throw this.unavailable(e);
    }
  }

  /** `subscribeMessage.send`; 43101 = the diner has no subscription left for this template. */
  async sendSubscribe(msg: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  }): Promise<void> {
    await this.withToken(
      '/cgi-bin/message/subscribe/send',
      {
        touser: msg.touser,
        template_id: msg.templateId,
        page: msg.page,
        data: msg.data,
        miniprogram_state:
          this.cfg.envVersion === 'release'
            ? 'formal'
            : this.cfg.envVersion === 'trial'
              ? 'trial'
              : 'developer',
        lang: 'zh_CN',
      },
      (res) => this.json('/cgi-bin/message/subscribe/send', res),
    );
  }
}
