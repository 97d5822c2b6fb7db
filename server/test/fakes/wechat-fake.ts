/**
 * A local stand-in for WeChat's servers that speaks their protocols, for tests and the end-to-end
 * checks (never for the demo, which has labelled simulators):
 *
 * - the mini-program server API (api.weixin.qq.com): `cgi-bin/token` (each fetch issues a new token
 *   and invalidates the previous one, like WeChat), `sns/jscode2session`, `wxa/business/getuserphonenumber`,
 *   `wxa/getwxacodeunlimit` (a PNG), `cgi-bin/message/subscribe/send`; errcodes as WeChat returns them;
 * - WeChat Pay v3 (api.mch.weixin.qq.com): every request's `WECHATPAY2-SHA256-RSA2048` Authorization
 *   is verified with the merchant's public key (method, path+query, timestamp within 5 minutes, nonce,
 *   body); every answer is signed with the platform key; JSAPI prepay, query by out_trade_no, close,
 *   refunds; notifies are built like WeChat Pay's (AES-256-GCM resource with the APIv3 key, signed
 *   headers) and can be forged, tampered, made stale or given a wrong amount for the tests;
 * - `POST /__fake/jsapi-pay`: what the WeChat client does when a diner confirms `requestPayment`
 *   (checks the paySign with the merchant key, marks the order paid, posts the notify) — the h5
 *   end-to-end test's stand-in for the WeChat app, with CORS for the browser.
 */
import {
  createCipheriv,
  createHash,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import type { WechatAppConfig, WechatPayConfig } from '../../src/config/app-config';

export const FAKE_APPID = 'wx0123456789abcdef';
export const FAKE_SECRET = 'fake-app-secret-0123456789abcdef';
export const FAKE_MCHID = '1900000109';
export const FAKE_APIV3_KEY = 'k'.repeat(16) + '0123456789abcdef';
export const FAKE_MCH_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
export const FAKE_PLATFORM_SERIAL = 'PUB_KEY_ID_0112345678901234567890123456';

interface FakeOrder {
  outTradeNo: string;
  prepayId: string;
  total: number;
  openid: string;
  notifyUrl: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string | null;
  successTime: string | null;
  refunded: number;
}

export interface NotifyOptions {
  /** Report this amount instead of the order's. */
  amount?: number;
  /** Sign a timestamp this many seconds in the past. */
  staleSeconds?: number;
  /** Sign with a key that is not WeChat Pay's. */
  forge?: boolean;
  /** Change the body after signing it. */
  tamper?: boolean;
}

export interface BuiltNotify {
  headers: Record<string, string>;
  body: string;
}

const pem = (k: KeyObject, type: 'pkcs8' | 'spki') => k.export({ format: 'pem', type } as never).toString();

function pngOf(seed: string): Buffer {
  // A 29×29 module pattern drawn from the scene's hash, 8 px per module: looks like a code, is one image.
  const n = 29;
  const scale = 8;
  const size = n * scale;
  const bits = createHash('sha256').update(seed).digest();
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale);
      const my = Math.floor(y / scale);
      const finder = (a: number, b: number) =>
        a < 7 && b < 7 && (a === 0 || a === 6 || b === 0 || b === 6 || (a > 1 && a < 5 && b > 1 && b < 5));
      const dark =
        finder(mx, my) || finder(n - 1 - mx, my) || finder(mx, n - 1 - my)
          ? true
          : mx < 8 && my < 8
            ? false
            : ((bits[(mx * 7 + my * 13) % 32] >> ((mx + my) % 8)) & 1) === 1;
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = raw[o + 1] = raw[o + 2] = dark ? 20 : 255;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export class WechatFake {
  private server!: Server;
  readonly merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

  // ---- mini-program API state ----
  tokenFetches = 0;
  /** Milliseconds the token endpoint takes (makes racing callers overlap). */
  tokenDelayMs = 50;
  private validToken: string | null = null;
  private readonly loginCodes = new Map<string, { openid: string; unionid?: string; reusable?: boolean }>();
  private readonly phoneCodes = new Map<string, { phone: string; reusable?: boolean }>();
  readonly codesMade: { scene: string; page: string; env_version?: string }[] = [];
  readonly subscribeSent: {
    touser: string;
    template_id: string;
    page: string;
    data: Record<string, { value: string }>;
  }[] = [];
  /** openids WeChat answers 43101 for (no subscription left). */
  readonly noQuota = new Set<string>();

  // ---- pay state ----
  readonly orders = new Map<string, FakeOrder>();
  readonly refunds: { outRefundNo: string; outTradeNo: string; refund: number; refundId: string }[] = [];
  readonly payCalls: { path: string; authorized: boolean; error: string | null }[] = [];
  /** Refund calls to answer with a 500 before behaving again. */
  failRefunds = 0;
  /** Where notifies go (the server's local address; the configured notify URL is its public one). */
  notifyTarget = '';
  readonly deliveries: { status: number }[] = [];

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.route(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: String(e) }));
        });
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  // ---- what the server is configured with ----

  appConfig(templates: WechatAppConfig['templates'] = {}): WechatAppConfig {
    return { appId: FAKE_APPID, appSecret: FAKE_SECRET, apiBase: this.url, envVersion: 'release', templates };
  }

  payConfig(notifyUrl = 'https://pay.example.com/api/wechatpay/notify'): WechatPayConfig {
    return {
      mchId: FAKE_MCHID,
      mchSerial: FAKE_MCH_SERIAL,
      privateKey: pem(this.merchant.privateKey, 'pkcs8'),
      apiV3Key: FAKE_APIV3_KEY,
      platformPublicKey: pem(this.platform.publicKey, 'spki'),
      platformSerial: FAKE_PLATFORM_SERIAL,
      notifyUrl,
      apiBase: this.url,
    };
  }

  /** The same as environment variables (key files written to a temporary folder), for a server process. */
  env(): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'wxfake-'));
    const key = join(dir, 'apiclient_key.pem');
    const platform = join(dir, 'platform_pub.pem');
    writeFileSync(key, pem(this.merchant.privateKey, 'pkcs8'));
    writeFileSync(platform, pem(this.platform.publicKey, 'spki'));
    return {
      WECHAT_APPID: FAKE_APPID,
      WECHAT_APPSECRET: FAKE_SECRET,
      WECHAT_API_BASE: this.url,
      WECHATPAY_MCHID: FAKE_MCHID,
      WECHATPAY_MCH_SERIAL: FAKE_MCH_SERIAL,
      WECHATPAY_PRIVATE_KEY_FILE: key,
      WECHATPAY_APIV3_KEY: FAKE_APIV3_KEY,
      WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: platform,
      WECHATPAY_PLATFORM_SERIAL: FAKE_PLATFORM_SERIAL,
      WECHATPAY_NOTIFY_URL: 'https://pay.example.com/api/wechatpay/notify',
      WECHATPAY_API_BASE: this.url,
    };
  }

  /** A diner opening the mini-program: `wx.login` gives this code. */
  loginCode(
    code: string,
    who: { openid: string; unionid?: string },
    opts: { reusable?: boolean } = {},
  ): void {
    this.loginCodes.set(code, { ...who, ...opts });
  }

  /** A diner tapping the phone button: `getPhoneNumber` gives this code. */
  phoneCode(code: string, phone: string, opts: { reusable?: boolean } = {}): void {
    this.phoneCodes.set(code, { phone, ...opts });
  }

  // ---- routing ----

  private json(res: ServerResponse, status: number, body: unknown, signed = false): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signed) Object.assign(headers, this.sign(text));
    res.writeHead(status, headers);
    res.end(text);
  }

  private async route(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
        'access-control-allow-methods': 'POST',
      });
      return void res.end();
    }
    if (path === '/__fake/jsapi-pay') return this.browserPay(res, body);
    if (path.startsWith('/v3/')) return this.pay(req, res, url, body);
    return this.mp(req, res, url, body);
  }

  private async mp(_req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const q = url.searchParams;
    const err = (errcode: number, errmsg: string) => this.json(res, 200, { errcode, errmsg });
    if (url.pathname === '/cgi-bin/token') {
      if (q.get('appid') !== FAKE_APPID || q.get('secret') !== FAKE_SECRET)
        return err(40125, 'invalid appsecret');
      this.tokenFetches++;
      await new Promise((r) => setTimeout(r, this.tokenDelayMs));
      this.validToken = `TOKEN_${randomBytes(24).toString('hex')}`;
      return this.json(res, 200, { access_token: this.validToken, expires_in: 7200 });
    }
    if (url.pathname === '/sns/jscode2session') {
      if (q.get('appid') !== FAKE_APPID || q.get('secret') !== FAKE_SECRET)
        return err(40125, 'invalid appsecret');
      const who = this.loginCodes.get(q.get('js_code') ?? '');
      if (!who) return err(40029, 'invalid code');
      if (!who.reusable) this.loginCodes.delete(q.get('js_code')!); // a code works once
      return this.json(res, 200, {
        openid: who.openid,
        session_key: randomBytes(16).toString('base64'),
        ...(who.unionid ? { unionid: who.unionid } : {}),
      });
    }
    if (!this.validToken || q.get('access_token') !== this.validToken)
      return err(40001, 'invalid credential, access_token is invalid or not latest');
    const b = JSON.parse(body || '{}');
    if (url.pathname === '/wxa/business/getuserphonenumber') {
      const entry = this.phoneCodes.get(b.code);
      if (!entry) return err(40029, 'invalid code');
      if (!entry.reusable) this.phoneCodes.delete(b.code);
      const phone = entry.phone;
      return this.json(res, 200, {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: phone,
          purePhoneNumber: phone,
          countryCode: '86',
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: FAKE_APPID },
        },
      });
    }
    if (url.pathname === '/wxa/getwxacodeunlimit') {
      if (typeof b.scene !== 'string' || b.scene.length > 32) return err(40169, 'invalid length for scene');
      this.codesMade.push({ scene: b.scene, page: b.page, env_version: b.env_version });
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(pngOf(b.scene));
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (this.noQuota.has(b.touser)) return err(43101, 'user refuse to accept the msg');
      for (const [k, v] of Object.entries((b.data ?? {}) as Record<string, { value: string }>))
        if (k.startsWith('thing') && [...v.value].length > 20)
          return err(47003, 'argument invalid! data.thing.value exceeds limit');
      this.subscribeSent.push(b);
      return err(0, 'ok');
    }
    return this.json(res, 404, { errcode: -1, errmsg: 'no such api' });
  }

  // ---- WeChat Pay ----

  /** The platform's signature headers over `ts\nnonce\nbody\n`. */
  sign(body: string, opts: { staleSeconds?: number; forge?: boolean } = {}): Record<string, string> {
    const ts = String(Math.floor(Date.now() / 1000) - (opts.staleSeconds ?? 0));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256')
      .update(`${ts}\n${nonce}\n${body}\n`)
      .sign(opts.forge ? this.stranger.privateKey : this.platform.privateKey, 'base64');
    return {
      'wechatpay-timestamp': ts,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': FAKE_PLATFORM_SERIAL,
    };
  }

  private authorized(req: IncomingMessage, url: URL, body: string): string | null {
    const auth = String(req.headers.authorization ?? '');
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(auth);
    if (!m) return 'no WECHATPAY2 authorization';
    const kv = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (kv.mchid !== FAKE_MCHID) return 'mchid';
    if (kv.serial_no !== FAKE_MCH_SERIAL) return 'serial_no';
    if (Math.abs(Date.now() / 1000 - Number(kv.timestamp)) > 300) return 'timestamp';
    const message = `${req.method}\n${url.pathname}${url.search}\n${kv.timestamp}\n${kv.nonce_str}\n${body}\n`;
    const ok = createVerify('RSA-SHA256')
      .update(message)
      .verify(this.merchant.publicKey, kv.signature ?? '', 'base64');
    return ok ? null : 'signature';
  }

  private async pay(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const why = this.authorized(req, url, body);
    this.payCalls.push({ path: url.pathname, authorized: !why, error: why });
    if (why) return this.json(res, 401, { code: 'SIGN_ERROR', message: `签名错误 (${why})` }, true);
    const b = body ? JSON.parse(body) : {};
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/jsapi') {
      if (b.appid !== FAKE_APPID || b.mchid !== FAKE_MCHID)
        return this.json(res, 400, { code: 'PARAM_ERROR', message: 'appid和mch_id不匹配' }, true);
      if (!Number.isInteger(b.amount?.total) || b.amount.total < 1)
        return this.json(res, 400, { code: 'PARAM_ERROR', message: 'amount' }, true);
      const existing = this.orders.get(b.out_trade_no);
      if (existing) {
        if (existing.total !== b.amount.total)
          return this.json(res, 400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' }, true);
        return this.json(res, 200, { prepay_id: existing.prepayId }, true);
      }
      const order: FakeOrder = {
        outTradeNo: b.out_trade_no,
        prepayId: `wx${randomBytes(14).toString('hex')}`,
        total: b.amount.total,
        openid: b.payer?.openid,
        notifyUrl: b.notify_url,
        state: 'NOTPAY',
        transactionId: null,
        successTime: null,
        refunded: 0,
      };
      this.orders.set(order.outTradeNo, order);
      return this.json(res, 200, { prepay_id: order.prepayId }, true);
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(url.pathname);
    if (q) {
      const order = this.orders.get(q[1]);
      if (!order) return this.json(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' }, true);
      if (q[2]) {
        if (order.state === 'SUCCESS')
          return this.json(res, 400, { code: 'ORDERPAID', message: '订单已支付' }, true);
        order.state = 'CLOSED';
        res.writeHead(204);
        return void res.end();
      }
      if (url.searchParams.get('mchid') !== FAKE_MCHID)
        return this.json(res, 400, { code: 'PARAM_ERROR', message: 'mchid' }, true);
      return this.json(res, 200, this.transaction(order), true);
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      if (this.failRefunds > 0) {
        this.failRefunds--;
        return this.json(res, 500, { code: 'SYSTEM_ERROR', message: '系统繁忙' }, true);
      }
      const order = this.orders.get(b.out_trade_no);
      if (!order || order.state === 'NOTPAY' || order.state === 'CLOSED')
        return this.json(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' }, true);
      const again = this.refunds.find((r) => r.outRefundNo === b.out_refund_no);
      if (again)
        return this.json(
          res,
          200,
          {
            refund_id: again.refundId,
            out_refund_no: again.outRefundNo,
            status: 'SUCCESS',
            amount: { refund: again.refund, total: order.total },
          },
          true,
        );
      if (
        b.amount?.total !== order.total ||
        b.amount.refund < 1 ||
        b.amount.refund > order.total - order.refunded
      )
        return this.json(res, 400, { code: 'INVALID_REQUEST', message: '退款金额不正确' }, true);
      order.refunded += b.amount.refund;
      order.state = 'REFUND';
      const refundId = `50${randomBytes(14).toString('hex')}`;
      this.refunds.push({
        outRefundNo: b.out_refund_no,
        outTradeNo: order.outTradeNo,
        refund: b.amount.refund,
        refundId,
      });
      return this.json(
        res,
        200,
        {
          refund_id: refundId,
          out_refund_no: b.out_refund_no,
          out_trade_no: order.outTradeNo,
          status: 'PROCESSING',
          amount: { refund: b.amount.refund, total: order.total },
        },
        true,
      );
    }
    return this.json(res, 404, { code: 'NOT_FOUND', message: 'no such api' }, true);
  }

  private transaction(order: FakeOrder, amount = order.total) {
    return {
      appid: FAKE_APPID,
      mchid: FAKE_MCHID,
      out_trade_no: order.outTradeNo,
      transaction_id: order.transactionId ?? undefined,
      trade_type: 'JSAPI',
      trade_state: order.state === 'REFUND' ? 'REFUND' : order.state,
      trade_state_desc: order.state === 'SUCCESS' ? '支付成功' : '未支付',
      ...(order.state === 'SUCCESS' || order.state === 'REFUND'
        ? {
            success_time: order.successTime,
            amount: { total: amount, payer_total: amount, currency: 'CNY', payer_currency: 'CNY' },
          }
        : { amount: { total: order.total, currency: 'CNY' } }),
      payer: { openid: order.openid },
    };
  }

  /** The diner paid (WeChat's side): the order is SUCCESS from now on; no notify is sent by this. */
  markPaid(outTradeNo: string): FakeOrder {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new Error(`fake: no order ${outTradeNo}`);
    if (order.state === 'NOTPAY') {
      order.state = 'SUCCESS';
      order.transactionId = `42000${randomBytes(12).toString('hex')}`.slice(0, 28);
      order.successTime = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    }
    return order;
  }

  private encrypt(plain: unknown, associated: string) {
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(FAKE_APIV3_KEY), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associated));
    const data = Buffer.concat([
      cipher.update(JSON.stringify(plain), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: data.toString('base64'),
      associated_data: associated,
      nonce,
    };
  }

  /** WeChat Pay's TRANSACTION.SUCCESS notify for a paid order, exactly as it would be posted. */
  notifyFor(outTradeNo: string, opts: NotifyOptions = {}): BuiltNotify {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new Error(`fake: no order ${outTradeNo}`);
    const event = {
      id: randomBytes(16).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        ...this.encrypt(this.transaction(order, opts.amount ?? order.total), 'transaction'),
      },
    };
    const body = JSON.stringify(event);
    const headers = { 'content-type': 'application/json', ...this.sign(body, opts) };
    return {
      headers,
      body: opts.tamper ? body.replace('"summary":"支付成功"', '"summary":"支付成功!"') : body,
    };
  }

  /** WeChat Pay's REFUND.SUCCESS notify for a refund it made. */
  refundNotifyFor(outRefundNo: string): BuiltNotify {
    const r = this.refunds.find((x) => x.outRefundNo === outRefundNo);
    if (!r) throw new Error(`fake: no refund ${outRefundNo}`);
    const order = this.orders.get(r.outTradeNo)!;
    const plain = {
      mchid: FAKE_MCHID,
      out_trade_no: r.outTradeNo,
      transaction_id: order.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: 'SUCCESS',
      success_time: new Date().toISOString(),
      amount: { total: order.total, refund: r.refund, payer_total: order.total, payer_refund: r.refund },
    };
    const body = JSON.stringify({
      id: randomBytes(16).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: 'REFUND.SUCCESS',
      summary: '退款成功',
      resource: { original_type: 'refund', ...this.encrypt(plain, 'refund') },
    });
    return { headers: { 'content-type': 'application/json', ...this.sign(body) }, body };
  }

  /** Posts a notify to the server the way WeChat Pay does; returns the HTTP status it got. */
  async deliver(n: BuiltNotify, target = this.notifyTarget): Promise<number> {
    const r = await fetch(target, { method: 'POST', headers: n.headers, body: n.body });
    await r.text();
    this.deliveries.push({ status: r.status });
    return r.status;
  }

  /** The WeChat app confirming `requestPayment`: checks paySign with the merchant key, pays, notifies. */
  private async browserPay(res: ServerResponse, body: string): Promise<void> {
    const cors = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
    const p = JSON.parse(body || '{}') as Record<string, string>;
    const ok = createVerify('RSA-SHA256')
      .update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
      .verify(this.merchant.publicKey, p.paySign ?? '', 'base64');
    const order = [...this.orders.values()].find((o) => `prepay_id=${o.prepayId}` === p.package);
    if (!ok || p.appId !== FAKE_APPID || !order) {
      res.writeHead(200, cors);
      return void res.end(JSON.stringify({ errMsg: 'requestPayment:fail 支付验证签名失败' }));
    }
    if (p.result === 'cancel') {
      res.writeHead(200, cors);
      return void res.end(JSON.stringify({ errMsg: 'requestPayment:fail cancel' }));
    }
    this.markPaid(order.outTradeNo);
    if (this.notifyTarget) await this.deliver(this.notifyFor(order.outTradeNo));
    res.writeHead(200, cors);
    res.end(JSON.stringify({ errMsg: 'requestPayment:ok' }));
  }
}
