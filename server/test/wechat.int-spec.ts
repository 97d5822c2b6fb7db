/**
 * WeChat for real (issue 12), against a local fake that speaks WeChat's protocols
 * (test/fakes/wechat-fake.ts): login and phone through the server API with one shared access token,
 * table codes, subscribe messages with per-template subscriptions, and WeChat Pay v3 through
 * wechatpay-node-v3 — verified notifies applied once (also delivered 5 times at once), forgeries
 * refused and changing nothing, the query fallback, timeouts releasing coupons and pack stock,
 * refunds reversing exactly what a payment did.
 */
import { createVerify } from 'node:crypto';
import { Coupon } from '../src/coupons/entities/coupon.entity';
import { createApp } from '../src/bootstrap';
import { ConfigError, loadConfig } from '../src/config/app-config';
import { Member } from '../src/members/entities/member.entity';
import { CouponPack, PaymentOrder, PaymentRefund } from '../src/payments/payment.entities';
import { PaymentsService } from '../src/payments/payments.service';
import { Visit } from '../src/visits/entities/visit.entity';
import { WalletEntry } from '../src/wallet/entities/wallet-entry.entity';
import { WechatMessage, WechatSubscription } from '../src/wechat/subscribe-port';
import { WechatMessagesService } from '../src/wechat/wechat-messages.service';
import { IntegrationToken, WechatApiClient } from '../src/wechat/wechat-api';
import { StoreTable } from '../src/stores/entities/store-table.entity';
import { newId } from '../src/common/ids';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  cashTemplate,
  Chain,
  expectLedgersBalance,
  memberToken,
  pos,
  requestId,
} from './fixtures';
import { http, startApp, TestApp } from './harness';
import { FAKE_APPID, WechatFake } from './fakes/wechat-fake';

let fake: WechatFake;
let t: TestApp;
let chain: Chain;

const TEMPLATES = {
  COUPON_ARRIVED: 'tmplCouponArrived0001',
  TOPUP_SUCCEEDED: 'tmplTopupSucceeded001',
};

beforeAll(async () => {
  fake = await new WechatFake().start();
  t = await startApp({
    integrationsMode: 'real',
    simulators: false,
    sms: null,
    wechat: fake.appConfig(TEMPLATES),
    wechatPay: fake.payConfig(),
  });
  fake.notifyTarget = `${t.baseUrl}/api/wechatpay/notify`;
  chain = await buildChain(t);
});

afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

const api = (method: string, path: string, token: string, body?: unknown) =>
  http(t.baseUrl, method, `/api${path}`, { token, body });

/** A registered diner with a WeChat account (openid), as after joining in the mini-program. */
async function aDiner(opts: { principalFen?: number } = {}) {
  const m = await aMember(t, opts);
  const openid = `o${newId().replace(/-/g, '').slice(0, 27)}`;
  await t.ds.getRepository(Member).update({ id: m.id }, { openid });
  return { id: m.id, openid, token: await memberToken(t, m.id) };
}

const balance = async (id: string) => {
  const m = await t.ds.getRepository(Member).findOneByOrFail({ id });
  return { principal: m.balancePrincipalFen, bonus: m.balanceBonusFen, points: m.pointsBalance };
};

let packageId: string;
async function topupPackage(): Promise<string> {
  if (packageId) return packageId;
  const r = await api('POST', '/admin/topup-packages', chain.tokens.admin, {
    name: '充500送50',
    principalFen: 50_000,
    bonusFen: 5_000,
    active: true,
  });
  expect(r.status).toBe(200);
  packageId = r.body.id;
  return packageId;
}

async function startTopup(d: { token: string }) {
  const r = await api('POST', '/member/payments/topup', d.token, {
    requestId: requestId(),
    packageId: await topupPackage(),
  });
  expect(r.status).toBe(200);
  const order = await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: r.body.payment.id });
  return { ...r.body, order };
}

describe('configuration', () => {
  it('is all-or-none and validated at boot; secrets are never echoed', () => {
    const base = { NODE_ENV: 'test', INTEGRATIONS_MODE: 'real' };
    expect(() => loadConfig({ ...base, WECHAT_APPID: FAKE_APPID })).toThrow(/WECHAT_APPSECRET/);
    expect(() => loadConfig({ ...base, WECHAT_APPID: 'nope', WECHAT_APPSECRET: 's' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, WECHATPAY_MCHID: '1900000109' })).toThrow(
      /WeChat Pay is partly configured/,
    );
    const env = fake.env();
    expect(loadConfig({ ...base, ...env }).wechatPay?.mchId).toBe('1900000109');
    try {
      loadConfig({ ...base, ...env, WECHATPAY_APIV3_KEY: 'short-secret' });
      throw new Error('accepted');
    } catch (e) {
      expect(String(e)).toMatch(/32-character/);
      expect(String(e)).not.toContain('short-secret');
    }
    expect(() => loadConfig({ ...base, ...env, WECHATPAY_NOTIFY_URL: 'https://x.com/other' })).toThrow(
      /api\/wechatpay\/notify/,
    );
  });
});

describe('login, phone and the access token', () => {
  it('signs a diner in with code2session and binds the phone WeChat vouches for', async () => {
    fake.loginCode('code-login-1', { openid: 'oLoginDiner000000000000001', unionid: 'uUnion1' });
    const login = await http(t.baseUrl, 'POST', '/api/member/auth/login', {
      body: { code: 'code-login-1', storeCode: 'A001' },
    });
    expect(login.status).toBe(200);
    const member = await t.ds.getRepository(Member).findOneByOrFail({ openid: 'oLoginDiner000000000000001' });
    expect(member.unionid).toBe('uUnion1');
    // A code works once, like WeChat's.
    const again = await http(t.baseUrl, 'POST', '/api/member/auth/login', { body: { code: 'code-login-1' } });
    expect([again.status, again.body.code]).toEqual([400, 'WECHAT_CODE_INVALID']);

    fake.phoneCode('phone-code-1', '13812345678');
    const join = await http(t.baseUrl, 'POST', '/api/member/join', {
      token: login.body.accessToken,
      body: { phoneCode: 'phone-code-1', consentMarketing: false },
    });
    expect(join.status).toBe(200);
    expect(JSON.stringify(join.body)).not.toContain('13812345678'); // masked in answers
    expect((await t.ds.getRepository(Member).findOneByOrFail({ id: member.id })).phone).toBe('13812345678');
    const bad = await http(t.baseUrl, 'POST', '/api/member/join', {
      token: login.body.accessToken,
      body: { phoneCode: 'made-up', consentMarketing: false },
    });
    // A code WeChat does not know (40029) is the diner's to retry, with a message saying so.
    expect([bad.status, bad.body.code]).toEqual([400, 'WECHAT_PHONE_CODE_INVALID']);
    expect(bad.body.message).toMatch(/手机号/);
  });

  it('50 concurrent requests needing a token on two instances cause one token fetch', async () => {
    await t.ds.getRepository(IntegrationToken).clear();
    const second = await createApp({
      ...t.db.config,
      adminDist: null,
      miniappDist: null,
      integrationsMode: 'real',
      simulators: false,
      sms: null,
      wechat: fake.appConfig(TEMPLATES),
      wechatPay: fake.payConfig(),
    });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
    try {
      // Fresh clients on both instances (nothing cached in memory), 50 diners joining at once.
      (t.app.get(WechatApiClient) as unknown as { cached: null }).cached = null;
      const before = fake.tokenFetches;
      const diners = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const m = await aMember(t);
          await t.ds.getRepository(Member).update({ id: m.id }, { phone: null });
          fake.phoneCode(`race-phone-${i}`, `1370000${String(i).padStart(4, '0')}`);
          return { token: await memberToken(t, m.id), i };
        }),
      );
      const results = await Promise.all(
        diners.map((d) =>
          http(d.i % 2 ? secondUrl : t.baseUrl, 'POST', '/api/member/join', {
            token: d.token,
            body: { phoneCode: `race-phone-${d.i}`, consentMarketing: false },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(fake.tokenFetches - before).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('a token WeChat no longer accepts is refreshed once and the call retried', async () => {
    const client = t.app.get(WechatApiClient);
    const before = fake.tokenFetches;
    // Someone else fetched a token (e.g. the WeChat console): ours is now invalid (40001).
    await fetch(
      `${fake.url}/cgi-bin/token?grant_type=client_credential&appid=${FAKE_APPID}&secret=fake-app-secret-0123456789abcdef`,
    );
    fake.phoneCode('after-rotate', '13700009999');
    expect(await client.phoneNumber('after-rotate')).toBe('13700009999');
    expect(fake.tokenFetches - before).toBe(2); // the outside fetch + our one refresh
  });
});

describe('table codes', () => {
  it('fetches each table code from wxacode.getUnlimited once, with scene s=<store>&t=<table>', async () => {
    await t.ds.getRepository(StoreTable).insert([
      { id: newId(), storeId: chain.storeA, tableNo: '1', seats: null, createdAt: new Date() },
      { id: newId(), storeId: chain.storeA, tableNo: '2', seats: null, createdAt: new Date() },
    ]);
    const r = await api('GET', `/admin/stores/${chain.storeA}/table-codes`, chain.tokens.managerA);
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('wechat');
    expect(r.body.codes.map((c: { scene: string }) => c.scene)).toEqual(['s=A001&t=1', 's=A001&t=2']);
    expect(r.body.codes[0].image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(fake.codesMade.map((c) => c.scene)).toEqual(['s=A001&t=1', 's=A001&t=2']);
    expect(fake.codesMade[0]).toMatchObject({ page: 'pages/index/index', env_version: 'release' });
    const again = await api('GET', `/admin/stores/${chain.storeA}/table-codes`, chain.tokens.admin);
    expect(again.body.codes[1].image).toBe(r.body.codes[1].image);
    expect(fake.codesMade).toHaveLength(2); // stored, not fetched again
    // Another store's manager cannot.
    const other = await api('GET', `/admin/stores/${chain.storeB}/table-codes`, chain.tokens.managerA);
    expect(other.status).toBe(403);
  });
});

describe('WeChat Pay: top-up', () => {
  it('prepays with a signed request and hands the mini-program valid requestPayment parameters', async () => {
    const d = await aDiner();
    const s = await startTopup(d);
    expect(s.payment).toMatchObject({ kind: 'TOPUP', status: 'PENDING', amountFen: 50_000 });
    expect(s.payment.simulator).toBeUndefined();
    const p = s.payParams;
    expect(p).toMatchObject({ appId: FAKE_APPID, signType: 'RSA' });
    expect(p.package).toMatch(/^prepay_id=wx/);
    const ok = createVerify('RSA-SHA256')
      .update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
      .verify(fake.merchant.publicKey, p.paySign, 'base64');
    expect(ok).toBe(true);
    expect(fake.payCalls.every((c) => c.authorized)).toBe(true);
    // Nothing credited before a verified payment.
    expect(await balance(d.id)).toMatchObject({ principal: 0, bonus: 0 });
  });

  it('a genuine notify credits principal and bonus once, even delivered 5 times at once', async () => {
    const d = await aDiner();
    await t.ds.getRepository(WechatSubscription).insert({
      memberId: d.id,
      template: 'TOPUP_SUCCEEDED',
      remaining: 1,
      updatedAt: new Date(),
    });
    const s = await startTopup(d);
    fake.markPaid(s.order.outTradeNo);
    const n = fake.notifyFor(s.order.outTradeNo);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => fake.deliver(n)));
    expect(statuses).toEqual([204, 204, 204, 204, 204]);
    // And once more later, plus the diner's page asking at the same time.
    const [late, view] = await Promise.all([
      fake.deliver(n),
      api('GET', `/member/payments/${s.payment.id}`, d.token),
    ]);
    expect(late).toBe(204);
    expect(view.body.status).toBe('PAID');
    expect(await balance(d.id)).toMatchObject({ principal: 50_000, bonus: 5_000 });
    expect(await t.ds.getRepository(WalletEntry).countBy({ memberId: d.id, type: 'TOPUP' })).toBe(1);
    // The top-up-succeeded subscribe message goes out through WeChat's API.
    await t.app.get(WechatMessagesService).dispatch();
    const sent = fake.subscribeSent.find((m) => m.touser === d.openid);
    expect(sent).toMatchObject({ template_id: TEMPLATES.TOPUP_SUCCEEDED, page: 'pages/card/index' });
    expect(sent!.data).toMatchObject({
      amount1: { value: '¥500.00' },
      amount2: { value: '¥50.00' },
      amount3: { value: '¥550.00' },
    });
    await expectLedgersBalance(t.ds);
  });

  it('a forged signature, a tampered body, a stale timestamp, a wrong amount: each refused, nothing changes', async () => {
    const d = await aDiner();
    const s = await startTopup(d);
    fake.markPaid(s.order.outTradeNo);
    for (const opts of [{ forge: true }, { tamper: true }, { staleSeconds: 301 }, { amount: 1 }]) {
      const status = await fake.deliver(fake.notifyFor(s.order.outTradeNo, opts));
      expect([opts, status]).toEqual([opts, 401]);
    }
    // Not JSON, no headers, an unknown serial.
    const raw = fake.notifyFor(s.order.outTradeNo);
    expect((await http(t.baseUrl, 'POST', '/api/wechatpay/notify', { rawBody: raw.body })).status).toBe(401);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/wechatpay/notify', {
          rawBody: raw.body,
          headers: { ...raw.headers, 'wechatpay-serial': 'PUB_KEY_ID_SOMEONE_ELSE' },
        })
      ).status,
    ).toBe(401);
    const order = await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: s.order.id });
    expect(order.status).toBe('PENDING');
    expect(await balance(d.id)).toMatchObject({ principal: 0, bonus: 0 });
    expect(await t.ds.getRepository(WalletEntry).countBy({ memberId: d.id })).toBe(0);
  });

  it('a payment whose notify never comes is settled by the order query (diner page and the minute job)', async () => {
    const d = await aDiner();
    const a = await startTopup(d);
    fake.markPaid(a.order.outTradeNo);
    const view = await api('GET', `/member/payments/${a.payment.id}`, d.token);
    expect(view.body).toMatchObject({ status: 'PAID', bonusFen: 5_000 });
    const b = await startTopup(d);
    fake.markPaid(b.order.outTradeNo);
    const r = await t.app.get(PaymentsService).reconcile(new Date(Date.now() + 120_000));
    expect(r.settled).toBeGreaterThanOrEqual(1);
    expect(await balance(d.id)).toMatchObject({ principal: 100_000, bonus: 10_000 });
    // The notify arriving after all changes nothing.
    expect(await fake.deliver(fake.notifyFor(b.order.outTradeNo))).toBe(204);
    expect(await t.ds.getRepository(WalletEntry).countBy({ memberId: d.id, type: 'TOPUP' })).toBe(2);
  });

  it('a top-up refund returns unspent principal only and takes back its bonus in proportion', async () => {
    const d = await aDiner();
    const s = await startTopup(d);
    fake.markPaid(s.order.outTradeNo);
    await fake.deliver(fake.notifyFor(s.order.outTradeNo));
    // Spend ¥110 from the balance: 100 principal + 10 bonus (in proportion).
    const paid = await api('POST', '/member/pay', d.token, {
      requestId: requestId(),
      storeCode: 'A001',
      amountFen: 11_000,
      couponCodes: [],
      method: 'BALANCE',
    });
    expect(paid.status).toBe(200);
    expect(await balance(d.id)).toMatchObject({ principal: 40_000, bonus: 4_000 });
    // A store manager cannot refund a top-up (head office's money); head office can.
    const manager = await api('POST', `/admin/payments/${s.payment.id}/refund`, chain.tokens.managerA, {
      reason: '顾客要求退款',
    });
    expect([manager.status, manager.body.code]).toEqual([403, 'STORE_FORBIDDEN']);
    expect(await balance(d.id)).toMatchObject({ principal: 40_000, bonus: 4_000 });
    const r = await api('POST', `/admin/payments/${s.payment.id}/refund`, chain.tokens.admin, {
      reason: '顾客要求退款',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'REFUNDED', refundedFen: 40_000 });
    expect(await balance(d.id)).toMatchObject({ principal: 0, bonus: 0 });
    expect(fake.refunds.find((x) => x.outTradeNo === s.order.outTradeNo)?.refund).toBe(40_000);
    // Twice is refused.
    const twice = await api('POST', `/admin/payments/${s.payment.id}/refund`, chain.tokens.admin, {
      reason: '再退一次',
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_REFUNDED']);
    // WeChat Pay's refund notify closes it.
    const row = await t.ds.getRepository(PaymentRefund).findOneByOrFail({ paymentId: s.payment.id });
    expect(await fake.deliver(fake.refundNotifyFor(row.outRefundNo))).toBe(204);
    expect((await t.ds.getRepository(PaymentRefund).findOneByOrFail({ id: row.id })).status).toBe('SUCCESS');
    await expectLedgersBalance(t.ds);
  });

  it('a refund WeChat Pay fails to take is retried with the same refund number, never paid twice', async () => {
    const d = await aDiner();
    const s = await startTopup(d);
    fake.markPaid(s.order.outTradeNo);
    await fake.deliver(fake.notifyFor(s.order.outTradeNo));
    fake.failRefunds = 1;
    const r = await api('POST', `/admin/payments/${s.payment.id}/refund`, chain.tokens.admin, {
      reason: '顾客要求退款',
    });
    expect(r.body.refunds[0]).toMatchObject({ status: 'PROCESSING', amountFen: 50_000 });
    expect(r.body.refunds[0].error).toMatch(/自动重试/);
    await t.app.get(PaymentsService).reconcile();
    await t.app.get(PaymentsService).reconcile();
    expect(fake.refunds.filter((x) => x.outTradeNo === s.order.outTradeNo)).toHaveLength(1);
    expect(await balance(d.id)).toMatchObject({ principal: 0, bonus: 0 });
  });
});

describe('WeChat Pay: the bill at the table', () => {
  async function billWithCoupon() {
    const d = await aDiner();
    const tpl = await aTemplate(t, cashTemplate({ name: `满100减20-${requestId()}` }));
    const code = await aCoupon(t, tpl.id, d.id);
    const r = await api('POST', '/member/payments/bill', d.token, {
      requestId: requestId(),
      storeCode: 'A001',
      tableNo: '8',
      amountFen: 12_800,
      couponCodes: [code],
    });
    expect(r.status).toBe(200);
    const order = await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: r.body.payment.id });
    return { d, code, r, order };
  }

  it('holds the coupon LOCKED while paying; the paid notify uses it, records the visit and the points', async () => {
    const { d, code, r, order } = await billWithCoupon();
    expect(r.body.payment.amountFen).toBe(10_800);
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('LOCKED');
    // Nobody else can use it meanwhile: not the till, not a second payment.
    const till = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 12_800,
      orderRef: 'T1',
    });
    expect(till.status).toBe(409);
    fake.markPaid(order.outTradeNo);
    expect(await fake.deliver(fake.notifyFor(order.outTradeNo))).toBe(204);
    const c = await t.ds.getRepository(Coupon).findOneByOrFail({ code });
    expect([c.status, c.lockedPaymentId]).toEqual(['USED', null]);
    const visit = await t.ds.getRepository(Visit).findOneByOrFail({ memberId: d.id });
    expect(visit).toMatchObject({
      paidFen: 10_800,
      payMethod: 'WXPAY',
      channel: 'MINIAPP',
      storeId: chain.storeA,
      couponCount: 1,
    });
    expect((await balance(d.id)).points).toBe(108);
    const view = await api('GET', `/member/payments/${r.body.payment.id}`, d.token);
    expect(view.body).toMatchObject({ status: 'PAID', pointsEarned: 108, discountFen: 2_000 });
  });

  it('a refund voids the visit: coupon back, points reversed, the paid amount returned', async () => {
    const { d, code, order } = await billWithCoupon();
    fake.markPaid(order.outTradeNo);
    await fake.deliver(fake.notifyFor(order.outTradeNo));
    const r = await api('POST', `/admin/payments/${order.id}/refund`, chain.tokens.managerA, {
      reason: '菜品问题，整单退款',
    });
    expect(r.status).toBe(200);
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('AVAILABLE');
    expect((await t.ds.getRepository(Visit).findOneByOrFail({ memberId: d.id })).status).toBe('VOID');
    expect((await balance(d.id)).points).toBe(0);
    expect(fake.refunds.find((x) => x.outTradeNo === order.outTradeNo)?.refund).toBe(10_800);
    await expectLedgersBalance(t.ds);
  });

  it('the diner cancelling, or the payment timing out, closes it at WeChat Pay and releases the coupon', async () => {
    const a = await billWithCoupon();
    const cancelled = await api('POST', `/member/payments/${a.order.id}/cancel`, a.d.token);
    expect(cancelled.body.status).toBe('CLOSED');
    expect(fake.orders.get(a.order.outTradeNo)?.state).toBe('CLOSED');
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code: a.code })).status).toBe('AVAILABLE');

    const b = await billWithCoupon();
    await t.app.get(PaymentsService).reconcile(new Date(Date.now() + 16 * 60_000));
    expect((await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: b.order.id })).status).toBe(
      'CLOSED',
    );
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code: b.code })).status).toBe('AVAILABLE');
    // A notify for a closed, unpaid order cannot exist (WeChat Pay closed it): paying it now fails there.
    expect(fake.orders.get(b.order.outTradeNo)?.state).toBe('CLOSED');
  });
});

describe('WeChat Pay: coupon packs', () => {
  it('holds stock while paying, issues the coupons on the verified payment, refunds while unused', async () => {
    const tpl = await aTemplate(
      t,
      cashTemplate({ name: '¥100代金券', valueFen: 10_000, thresholdFen: 0, channels: ['PURCHASE'] }),
    );
    const created = await api('POST', '/admin/coupon-packs', chain.tokens.marketer, {
      name: '¥100代金券（88元购）',
      priceFen: 8_800,
      valueFen: 10_000,
      items: [{ templateId: tpl.id, count: 2 }],
      stock: 2,
      perMemberLimit: 1,
      refundExpired: true,
      active: true,
    });
    expect(created.status).toBe(200);
    const packId = created.body.id;
    const buyers = await Promise.all([aDiner(), aDiner(), aDiner()]);
    const starts = await Promise.all(
      buyers.map((b) => api('POST', '/member/payments/pack', b.token, { requestId: requestId(), packId })),
    );
    expect(starts.map((s) => s.status).sort()).toEqual([200, 200, 409]);
    expect(starts.find((s) => s.status === 409)?.body.code).toBe('PACK_SOLD_OUT');
    const [first, second] = starts.filter((s) => s.status === 200).map((s) => s.body.payment.id as string);
    const o1 = await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: first });
    fake.markPaid(o1.outTradeNo);
    await fake.deliver(fake.notifyFor(o1.outTradeNo));
    const issued = await t.ds.getRepository(Coupon).findBy({ issueRef: `pack:${first}` });
    expect(issued.map((c) => [c.status, c.issueChannel])).toEqual([
      ['AVAILABLE', 'PURCHASE'],
      ['AVAILABLE', 'PURCHASE'],
    ]);
    // The second buyer never pays: on timeout the held pack goes back on sale.
    await t.app.get(PaymentsService).reconcile(new Date(Date.now() + 16 * 60_000));
    expect((await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: second })).status).toBe('CLOSED');
    let pack = await t.ds.getRepository(CouponPack).findOneByOrFail({ id: packId });
    expect([pack.soldCount, pack.heldCount]).toEqual([1, 0]);
    // The buyer refunds the unused pack: coupons revoked, money back, stock back.
    const owner = buyers[starts.findIndex((s) => s.body?.payment?.id === first)];
    const refund = await api('POST', `/member/payments/${first}/refund`, owner.token, { reason: '不想要了' });
    expect(refund.body).toMatchObject({ status: 'REFUNDED', refundedFen: 8_800 });
    expect(
      (await t.ds.getRepository(Coupon).findBy({ issueRef: `pack:${first}` })).map((c) => c.status),
    ).toEqual(['REVOKED', 'REVOKED']);
    pack = await t.ds.getRepository(CouponPack).findOneByOrFail({ id: packId });
    expect(pack.soldCount).toBe(0);
    expect(fake.refunds.find((x) => x.outTradeNo === o1.outTradeNo)?.refund).toBe(8_800);
  });

  it('a pack with a used coupon is not refundable; another diner cannot refund it', async () => {
    const tpl = await aTemplate(
      t,
      cashTemplate({ name: '双人套餐券', valueFen: 5_000, thresholdFen: 0, channels: ['PURCHASE'] }),
    );
    const pack = await api('POST', '/admin/coupon-packs', chain.tokens.admin, {
      name: '双人套餐券',
      priceFen: 16_800,
      valueFen: 22_800,
      items: [{ templateId: tpl.id, count: 1 }],
      refundExpired: false,
      active: true,
    });
    const d = await aDiner();
    const s = await api('POST', '/member/payments/pack', d.token, {
      requestId: requestId(),
      packId: pack.body.id,
    });
    const o = await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: s.body.payment.id });
    fake.markPaid(o.outTradeNo);
    await fake.deliver(fake.notifyFor(o.outTradeNo));
    const stranger = await aDiner();
    const theirs = await api('POST', `/member/payments/${o.id}/refund`, stranger.token, { reason: 'x' });
    expect(theirs.status).toBe(404);
    const [coupon] = await t.ds.getRepository(Coupon).findBy({ issueRef: `pack:${o.id}` });
    const used = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [coupon.code],
      amountFen: 30_000,
      orderRef: 'T2',
    });
    expect(used.status).toBe(200);
    const r = await api('POST', `/member/payments/${o.id}/refund`, d.token, { reason: '不想要了' });
    expect([r.status, r.body.code]).toEqual([409, 'PACK_PARTLY_USED']);
    expect((await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: o.id })).status).toBe('PAID');
  });
});

describe('subscribe messages', () => {
  it('sends only what the diner subscribed to, one message per subscription', async () => {
    const d = await aDiner();
    const accepted = await api('POST', '/member/subscriptions', d.token, { accepted: ['COUPON_ARRIVED'] });
    expect(accepted.body.remaining).toEqual({ COUPON_ARRIVED: 1 });
    const queue = async (template: 'COUPON_ARRIVED') =>
      t.ds.getRepository(WechatMessage).insert({
        id: newId(),
        memberId: d.id,
        sourceId: null,
        openid: d.openid,
        template,
        data: {
          couponName: '一张名字特别特别特别特别长的满一百减二十元代金券',
          expiry: '2026-12-31',
          title: '双十二',
        },
        status: 'QUEUED',
        attempts: 0,
        createdAt: new Date(),
        sentAt: null,
        error: null,
      });
    await queue('COUPON_ARRIVED');
    await queue('COUPON_ARRIVED');
    await t.app.get(WechatMessagesService).dispatch();
    const mine = await t.ds.getRepository(WechatMessage).findBy({ memberId: d.id });
    expect(mine.map((m) => m.status).sort()).toEqual(['FAILED', 'SENT']);
    expect(mine.find((m) => m.status === 'FAILED')?.error).toMatch(/未订阅/);
    const sent = fake.subscribeSent.filter((m) => m.touser === d.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: TEMPLATES.COUPON_ARRIVED, page: 'pages/wallet/index' });
    expect([...sent[0].data.thing1.value].length).toBeLessThanOrEqual(20);
    // WeChat says no quota (43101): failed, and our count drops to zero.
    await api('POST', '/member/subscriptions', d.token, { accepted: ['COUPON_ARRIVED'] });
    fake.noQuota.add(d.openid);
    await queue('COUPON_ARRIVED');
    await t.app.get(WechatMessagesService).dispatch();
    expect(
      (
        await t.ds
          .getRepository(WechatSubscription)
          .findOneByOrFail({ memberId: d.id, template: 'COUPON_ARRIVED' })
      ).remaining,
    ).toBe(0);
  });
});

describe('the demo simulator', () => {
  it('is labelled, moves no money, and only exists in simulator mode', async () => {
    const sim = await startApp({
      integrationsMode: 'simulator',
      simulators: true,
      wechat: null,
      wechatPay: null,
    });
    try {
      const c = await buildChain(sim);
      const pkg = await http(sim.baseUrl, 'POST', '/api/admin/topup-packages', {
        token: c.tokens.admin,
        body: { name: '充100送10', principalFen: 10_000, bonusFen: 1_000, active: true },
      });
      const m = await aMember(sim);
      const token = await memberToken(sim, m.id);
      const s = await http(sim.baseUrl, 'POST', '/api/member/payments/topup', {
        token,
        body: { requestId: requestId(), packageId: pkg.body.id },
      });
      expect(s.body).toMatchObject({
        payParams: null,
        payment: { simulator: '微信支付模拟器', status: 'PENDING' },
      });
      const paid = await http(sim.baseUrl, 'POST', `/api/member/payments/${s.body.payment.id}/simulate`, {
        token,
        body: { paid: true },
      });
      expect([paid.status, paid.body]).toMatchObject([200, { status: 'PAID' }]);
      const after = await sim.ds.getRepository(Member).findOneByOrFail({ id: m.id });
      expect([after.balancePrincipalFen, after.balanceBonusFen]).toEqual([10_000, 1_000]);
    } finally {
      await sim.close();
    }
    // In real mode the simulator's button does not exist for a real order.
    const d = await aDiner();
    const s = await startTopup(d);
    const r = await api('POST', `/member/payments/${s.payment.id}/simulate`, d.token, { paid: true });
    expect(r.status).toBe(404);
    expect((await t.ds.getRepository(PaymentOrder).findOneByOrFail({ id: s.payment.id })).status).toBe(
      'PENDING',
    );
  });

  it('real mode without WeChat Pay refuses to start a payment (503), creating nothing', async () => {
    const real = await startApp({
      integrationsMode: 'real',
      simulators: false,
      wechat: null,
      wechatPay: null,
    });
    try {
      await buildChain(real);
      const m = await aMember(real);
      const r = await http(real.baseUrl, 'POST', '/api/member/payments/bill', {
        token: await memberToken(real, m.id),
        body: { requestId: requestId(), storeCode: 'A001', amountFen: 5_000, couponCodes: [] },
      });
      expect([r.status, r.body.code]).toEqual([503, 'PAY_NOT_CONFIGURED']);
      expect(r.body.message).toMatch(/微信支付/);
      expect(await real.ds.getRepository(PaymentOrder).count()).toBe(0);
      expect(await real.ds.getRepository(Visit).count()).toBe(0);
    } finally {
      await real.close();
    }
  });
});
