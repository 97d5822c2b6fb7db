import { createPublicKey, createVerify, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import WxPay from 'wechatpay-node-v3';
import type { WechatAppConfig, WechatPayConfig } from '../config/app-config';

/** How far a notify's or response's timestamp may be from our clock (the SDK does not check). */
export const MAX_SKEW_SECONDS = 300;

/** What WeChat Pay says about one payment (the decrypted `transaction` resource, or a query answer). */
export interface WxTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  amount?: { total: number; payer_total?: number; currency?: string };
  payer?: { openid?: string };
  success_time?: string;
}

export interface WxRefund {
  refund_id?: string;
  out_refund_no: string;
  out_trade_no?: string;
  status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  refund_status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  amount?: { refund: number; total: number };
}

/** The mini-program's `wx.requestPayment` parameters. */
export interface JsapiParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export class PayVerifyError extends Error {}

export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`WeChat Pay ${status} ${code}`);
  }
}

interface PayHeaders {
  [k: string]: string | undefined;
}

/**
 * The SDK's HTTP layer (`createHttp`), swapped for one that sends to the configured base (WeChat
 * Pay's host unless a gateway or the local fake sits in between) and — what the SDK never does —
 * verifies every answer's signature with the platform key before anything reads it.
 */
class VerifiedPayHttp {
  constructor(
    private readonly base: string,
    private readonly verify: (headers: PayHeaders, body: string) => void,
  ) {}

  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown) {
    const u = new URL(url);
    let res: Response;
    try {
      res = await fetch(`${this.base}${u.pathname}${u.search}`, {
        method,
        headers: { Accept: 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      return { status: 0, error: `unreachable (${(e as Error).name})` };
    }
    const text = await res.text();
    const h: PayHeaders = {};
    res.headers.forEach((v, k) => (h[k.toLowerCase()] = v));
    if (res.status >= 200 && res.status < 300) {
      // A 204 has no body and no signature to check.
      if (res.status !== 204) this.verify(h, text);
      return { status: res.status, data: text ? JSON.parse(text) : {} };
    }
    return { status: res.status, error: text };
  }

  get(url: string, headers: Record<string, string>) {
    return this.send('GET', url, headers);
  }
  post(url: string, params: unknown, headers: Record<string, string>) {
    return this.send('POST', url, headers, params);
  }
  upload(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
}

function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/**
 * WeChat Pay v3 through `wechatpay-node-v3`: JSAPI prepay, query, close, refund, and the notify's
 * signature check (our own: platform key fixed by configuration, timestamp freshness) and decryption.
 */
export class WechatPayClient {
  private readonly logger = new Logger(WechatPayClient.name);
  private readonly sdk: WxPay;
  private readonly platformKey: KeyObject;

  constructor(
    private readonly app: WechatAppConfig,
    private readonly cfg: WechatPayConfig,
  ) {
    this.platformKey = publicKeyOf(cfg.platformPublicKey);
    this.sdk = new WxPay({
      appid: app.appId,
      mchid: cfg.mchId,
      serial_no: cfg.mchSerial,
      // The SDK wants the merchant certificate only to read its serial, which we pass ourselves.
      publicKey: Buffer.from(cfg.platformPublicKey),
      privateKey: Buffer.from(cfg.privateKey),
      key: cfg.apiV3Key,
    });
    this.sdk.createHttp(new VerifiedPayHttp(cfg.apiBase, (h, body) => this.verifyResponse(h, body)));
  }

  get mchId(): string {
    return this.cfg.mchId;
  }
  get appId(): string {
    return this.app.appId;
  }

  /** Signature over `timestamp\nnonce\nbody\n` with the platform key; stale or unknown keys refused. */
  verifySignature(h: PayHeaders, body: string, now = Date.now()): void {
    const ts = h['wechatpay-timestamp'];
    const nonce = h['wechatpay-nonce'];
    const sig = h['wechatpay-signature'];
    const serial = h['wechatpay-serial'];
    if (!ts || !nonce || !sig || !serial) throw new PayVerifyError('missing Wechatpay-* headers');
    if (serial !== this.cfg.platformSerial) throw new PayVerifyError(`unknown platform serial ${serial}`);
    if (!/^\d{1,12}$/.test(ts) || Math.abs(now / 1000 - Number(ts)) > MAX_SKEW_SECONDS)
      throw new PayVerifyError('stale timestamp');
    const ok = createVerify('RSA-SHA256')
      .update(`${ts}\n${nonce}\n${body}\n`)
      .verify(this.platformKey, sig, 'base64');
    if (!ok) throw new PayVerifyError('bad signature');
  }

  private verifyResponse(h: PayHeaders, body: string): void {
    try {
      this.verifySignature(h, body);
    } catch (e) {
      this.logger.error(`WeChat Pay answer failed verification: ${(e as Error).message}`);
      throw new WechatPayError(502, 'RESPONSE_NOT_VERIFIED');
    }
  }

  /** A verified notify's encrypted resource, decrypted with the APIv3 key (AES-256-GCM, tag checked). */
  decrypt<T>(resource: { ciphertext: string; associated_data?: string; nonce: string }): T {
    const out = this.sdk.decipher_gcm<T>(resource.ciphertext, resource.associated_data ?? '', resource.nonce);
    if (typeof out === 'string') throw new PayVerifyError('resource is not JSON');
    return out;
  }

  private result<T>(r: { status: number; data?: unknown; error?: unknown }, what: string): T {
    if (r.status >= 200 && r.status < 300) return r.data as T;
    let code = 'UNAVAILABLE';
    try {
      code = (JSON.parse(String(r.error)) as { code?: string }).code ?? code;
    } catch {
      /* not JSON */
    }
    this.logger.warn(`WeChat Pay ${what}: HTTP ${r.status} ${code}`);
    throw new WechatPayError(r.status, code);
  }

  async prepay(p: {
    outTradeNo: string;
    description: string;
    amountFen: number;
    openid: string;
    expiresAt: Date;
    attach?: string;
  }): Promise<JsapiParams> {
    const r = await this.sdk.transactions_jsapi({
      description: p.description,
      out_trade_no: p.outTradeNo,
      notify_url: this.cfg.notifyUrl,
      time_expire: rfc3339(p.expiresAt),
      amount: { total: p.amountFen, currency: 'CNY' },
      payer: { openid: p.openid },
      ...(p.attach ? { attach: p.attach } : {}),
    } as never);
    return this.result<JsapiParams>(r as never, 'prepay');
  }

  /** `wx.requestPayment` parameters for a prepay id, signed with the merchant key. */
  jsapiParams(prepayId: string): JsapiParams {
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    return {
      appId: this.app.appId,
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'RSA',
      paySign: (this.sdk as unknown as { sign(s: string): string }).sign(
        [this.app.appId, timeStamp, nonceStr, pkg, ''].join('\n'),
      ),
    };
  }

  async query(outTradeNo: string): Promise<WxTransaction> {
    const r = await this.sdk.query({ out_trade_no: outTradeNo });
    return this.result<WxTransaction>(r as never, 'query');
  }

  async close(outTradeNo: string): Promise<void> {
    const r = await this.sdk.close(outTradeNo);
    this.result(r as never, 'close');
  }

  async refund(p: {
    outTradeNo: string;
    outRefundNo: string;
    reason: string;
    refundFen: number;
    totalFen: number;
  }): Promise<WxRefund> {
    const r = await this.sdk.refunds({
      out_trade_no: p.outTradeNo,
      out_refund_no: p.outRefundNo,
      reason: p.reason.slice(0, 80),
      notify_url: this.cfg.notifyUrl,
      amount: { refund: p.refundFen, total: p.totalFen, currency: 'CNY' },
    } as never);
    return this.result<WxRefund>(r as never, 'refund');
  }
}

/** WeChat Pay's time format: RFC 3339 with the +08:00 offset. */
export function rfc3339(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '');
  return `${t}+08:00`;
}
