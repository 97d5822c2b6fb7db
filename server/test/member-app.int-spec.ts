/**
 * The diner's mini-program API over real HTTP: table entry, joining (phone authorisation, consent,
 * welcome gift, linking an imported member), the card, the wallet tabs, the claim centre, points
 * exchange, paying at the table and account deletion — with races where money or stock is at stake.
 */
import { Coupon } from '../src/coupons/entities/coupon.entity';
import { CouponTemplate } from '../src/coupons/entities/coupon-template.entity';
import { Member } from '../src/members/entities/member.entity';
import { ChainSettings } from '../src/settings/entities/chain-settings.entity';
import { Visit } from '../src/visits/entities/visit.entity';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  cashTemplate,
  Chain,
  expectLedgersBalance,
  memberToken,
  requestId,
} from './fixtures';
import { http, startApp, TestApp } from './harness';

let t: TestApp;
let chain: Chain;
const call = <T = any>(method: string, path: string, token?: string, body?: unknown) =>
  http<T>(t.baseUrl, method, `/api/member${path}`, { token, body });

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
});
afterAll(() => t?.close());

async function login(name: string): Promise<string> {
  const r = await call('POST', '/auth/login', undefined, { code: `sim-${name}`, storeCode: 'A001' });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

describe('entry and joining', () => {
  it('shows the store of the table QR code, and a clear 404 for an unknown store', async () => {
    const ok = await call('GET', '/entry?store=A001&table=12');
    expect(ok).toMatchObject({ status: 200, body: { code: 'A001', name: '人民广场店' } });
    const bad = await call('GET', '/entry?store=NOPE');
    expect(bad).toMatchObject({ status: 404, body: { code: 'STORE_NOT_FOUND' } });
    expect(bad.body.message).toMatch(/门店/);
  });

  it('joins with the phone from WeChat, consent off unless chosen, and the welcome gift once', async () => {
    const gift = await aTemplate(t, cashTemplate({ name: '新人礼 8元', valueFen: 800, thresholdFen: null }));
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { welcomeTemplateId: gift.id });
    const token = await login('alice');
    const body = { phoneCode: 'sim-phone-13911112222', consentMarketing: false, birthday: '1995-06-01' };
    const joined = await call('POST', '/join', token, body);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      linkedExisting: false,
      welcomeGift: '新人礼 8元',
      member: { phone: '139****2222', consentSms: false, consentWechat: false, birthday: '1995-06-01' },
    });
    const again = await call('POST', '/join', joined.body.accessToken, body);
    expect(again.status).toBe(200);
    const m = await t.ds.getRepository(Member).findOneByOrFail({ phone: '13911112222' });
    expect(m.joinStoreId).toBe(chain.storeA);
    expect(m.joinChannel).toBe('TABLE_QR');
    expect(await t.ds.getRepository(Coupon).countBy({ memberId: m.id, templateId: gift.id })).toBe(1);
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { welcomeTemplateId: null });
  });

  it('recognises a returning member on a new device and never overwrites their choices', async () => {
    const token = await login('carol');
    const first = await call('POST', '/join', token, {
      phoneCode: 'sim-phone-13933334444',
      consentMarketing: true,
    });
    expect(first.body).toMatchObject({ alreadyMember: false, member: { consentSms: true } });
    // A new phone: opening the mini-program resumes the session without creating anything.
    const resumed = await call('POST', '/auth/resume', undefined, { code: 'sim-carol' });
    expect(resumed).toMatchObject({
      status: 200,
      body: { isNew: false, member: { id: first.body.member.id } },
    });
    const before = await t.ds.getRepository(Member).count();
    const unknown = await call('POST', '/auth/resume', undefined, { code: 'sim-never-seen' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'MEMBER_NOT_REGISTERED' } });
    expect(await t.ds.getRepository(Member).count()).toBe(before);
    // Joining again (an old screen, a second tap) changes nothing the member chose.
    const again = await call('POST', '/join', resumed.body.accessToken, {
      phoneCode: 'sim-phone-13933334444',
      consentMarketing: false,
      birthday: '2000-01-01',
    });
    expect(again.body).toMatchObject({
      alreadyMember: true,
      member: { consentSms: true, consentWechat: true },
    });
    const m = await t.ds.getRepository(Member).findOneByOrFail({ phone: '13933334444' });
    expect([m.consentSms, m.birthday]).toEqual([true, null]);
  });

  it('two WeChat accounts racing to link one imported member: exactly one wins', async () => {
    const imported = await aMember(t, { phone: '13944445555' });
    const tokens = await Promise.all(['race-1', 'race-2', 'race-3', 'race-4'].map((n) => login(n)));
    const answers = await Promise.all(
      tokens.map((tk) =>
        call('POST', '/join', tk, { phoneCode: 'sim-phone-13944445555', consentMarketing: false }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(
      Array(3).fill('PHONE_BELONGS_TO_ANOTHER'),
    );
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.body.member.id).toBe(imported.id);
    const row = await t.ds.getRepository(Member).findOneByOrFail({ id: imported.id });
    expect(row.openid).toBeTruthy();
    // The losers' tokens do not open the imported member's account.
    for (const [i, a] of answers.entries())
      if (a.status !== 200) expect((await call('GET', '/me', tokens[i])).body.id).not.toBe(imported.id);
  });

  it('links a phone that already belongs to an imported member instead of duplicating it', async () => {
    const imported = await aMember(t, { phone: '13922223333', points: 640 });
    const token = await login('bob');
    const placeholder = (await call('GET', '/me', token)).body.id;
    const r = await call('POST', '/join', token, {
      phoneCode: 'sim-phone-13922223333',
      consentMarketing: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.linkedExisting).toBe(true);
    expect(r.body.member.id).toBe(imported.id);
    expect(r.body.member.consentSms).toBe(true);
    expect(await t.ds.getRepository(Member).existsBy({ id: placeholder })).toBe(false);
    const card = await call('GET', '/card', r.body.accessToken);
    expect(card.body.profile.pointsBalance).toBe(640);
    // Logging in again with the same WeChat account finds the linked member.
    expect((await call('GET', '/me', await login('bob'))).body.id).toBe(imported.id);
  });

  it('refuses a phone bound to another WeChat account, and a forged phone code', async () => {
    const token = await login('mallory');
    const taken = await call('POST', '/join', token, {
      phoneCode: 'sim-phone-13922223333',
      consentMarketing: false,
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'PHONE_BELONGS_TO_ANOTHER' } });
    const forged = await call('POST', '/join', token, { phoneCode: 'forged', consentMarketing: false });
    expect(forged).toMatchObject({ status: 400, body: { code: 'WECHAT_PHONE_CODE_INVALID' } });
    const missing = await call('POST', '/join', token, { phoneCode: 'sim-phone-13900000000' });
    expect(missing).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});

describe('card and wallet', () => {
  it('shows tier, progress to the next tier, balance and coupon counts', async () => {
    const m = await aMember(t, { principalFen: 10_000, bonusFen: 500 });
    const r = await call('GET', '/card', await memberToken(t, m.id));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      tier: { code: 'NORMAL', name: '普通会员' },
      nextTier: { code: 'SILVER', thresholdFen: 100_000 },
      growthFen: 0,
      balanceFen: 10_500,
      availableCoupons: 0,
      registered: true,
    });
    expect(r.body.profile.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('sorts coupons into available / used / expired, marks the ones about to expire', async () => {
    const m = await aMember(t);
    const token = await memberToken(t, m.id);
    const soon = await aTemplate(t, cashTemplate({ name: '明天到期', validDays: 1 }));
    const later = await aTemplate(t, cashTemplate({ name: '一个月', validDays: 30, storeCodes: ['A001'] }));
    const a = await aCoupon(t, soon.id, m.id);
    const b = await aCoupon(t, later.id, m.id);
    const used = await aCoupon(t, later.id, m.id);
    const expired = await aCoupon(t, later.id, m.id);
    await t.ds.getRepository(Coupon).update({ code: used }, { status: 'USED', usedAt: new Date() });
    await t.ds.getRepository(Coupon).update({ code: expired }, { validTo: new Date(Date.now() - 1000) });

    const available = (await call('GET', '/coupons?status=available', token)).body;
    expect(available.map((c: any) => c.code)).toEqual([a, b]);
    expect(available[0]).toMatchObject({ expiringSoon: true, name: '明天到期' });
    expect(available[1]).toMatchObject({ expiringSoon: false, storeNames: ['人民广场店'] });
    expect(available[1].summary).toContain('满100');
    expect(available[1].rule).toMatchObject({ type: 'CASH', valueFen: 2000, thresholdFen: 10000 });
    expect((await call('GET', '/coupons?status=used', token)).body.map((c: any) => c.code)).toEqual([used]);
    const exp = (await call('GET', '/coupons?status=expired', token)).body;
    expect(exp.map((c: any) => [c.code, c.status])).toEqual([[expired, 'EXPIRED']]);

    expect((await call('GET', `/coupons/${b}`, token)).body.code).toBe(b);
    const other = await aMember(t);
    expect((await call('GET', `/coupons/${b}`, await memberToken(t, other.id))).status).toBe(404);
    expect((await call('GET', '/coupons?status=all', token)).status).toBe(400);
  });
});

describe('claim centre', () => {
  it('says per template whether the diner may claim it, and why not', async () => {
    const m = await aMember(t);
    const token = await memberToken(t, m.id);
    const open = await aTemplate(
      t,
      cashTemplate({ name: '开放领取', channels: ['CLAIM_CENTER'], perMemberLimit: 1 }),
    );
    const gold = await aTemplate(
      t,
      cashTemplate({ name: '金卡专享', channels: ['CLAIM_CENTER'], minTier: 'GOLD' }),
    );
    const gone = await aTemplate(t, cashTemplate({ name: '已抢光', channels: ['CLAIM_CENTER'], stock: 1 }));
    await aCoupon(t, gone.id, (await aMember(t)).id);
    const state = async () =>
      Object.fromEntries(
        (await call('GET', '/claim-center', token)).body.map((x: any) => [x.templateId, x.state]),
      );
    expect(await state()).toMatchObject({
      [open.id]: 'CLAIMABLE',
      [gold.id]: 'TIER_TOO_LOW',
      [gone.id]: 'OUT_OF_STOCK',
    });
    expect((await call('POST', '/coupons/claim', token, { templateId: open.id })).status).toBe(200);
    expect((await state())[open.id]).toBe('LIMIT_REACHED');
  });

  it('a burst of double taps with one requestId claims once; distinct taps stop at the limit', async () => {
    const m = await aMember(t);
    const token = await memberToken(t, m.id);
    const tpl = await aTemplate(
      t,
      cashTemplate({ channels: ['CLAIM_CENTER'], perMemberLimit: 2, stock: 50 }),
    );
    const rid = requestId();
    const taps = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/coupons/claim', token, { templateId: tpl.id, requestId: rid }),
      ),
    );
    expect(new Set(taps.map((r) => r.body.code)).size).toBe(1);
    const more = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/coupons/claim', token, { templateId: tpl.id, requestId: requestId() }),
      ),
    );
    expect(more.filter((r) => r.status === 200)).toHaveLength(1);
    expect(more.filter((r) => r.status === 409).every((r) => r.body.code === 'COUPON_LIMIT_REACHED')).toBe(
      true,
    );
    expect(await t.ds.getRepository(Coupon).countBy({ memberId: m.id, templateId: tpl.id })).toBe(2);
  });
});

describe('points exchange', () => {
  it('racing exchanges never overspend points; a replay returns the same coupon', async () => {
    const m = await aMember(t, { points: 1000 });
    const token = await memberToken(t, m.id);
    const tpl = await aTemplate(
      t,
      cashTemplate({
        name: '积分兑10元',
        valueFen: 1000,
        thresholdFen: null,
        channels: ['POINTS_EXCHANGE'],
        pointsCost: 300,
      }),
    );
    const offers = (await call('GET', '/points/exchange', token)).body;
    expect(offers.find((o: any) => o.templateId === tpl.id)).toMatchObject({
      state: 'CLAIMABLE',
      pointsCost: 300,
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', '/points/exchange', token, { templateId: tpl.id, requestId: requestId() }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(3);
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.code === 'POINTS_INSUFFICIENT')).toBe(
      true,
    );
    const fresh = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(fresh.pointsBalance).toBe(100);
    // Failed exchanges left no coupon and no stock behind.
    expect(await t.ds.getRepository(Coupon).countBy({ memberId: m.id, templateId: tpl.id })).toBe(3);
    expect((await t.ds.getRepository(CouponTemplate).findOneByOrFail({ id: tpl.id })).issuedCount).toBe(3);

    const rid = requestId();
    const m2 = await aMember(t, { points: 600 });
    const replays = [];
    for (let i = 0; i < 5; i++)
      replays.push(
        await call('POST', '/points/exchange', await memberToken(t, m2.id), {
          templateId: tpl.id,
          requestId: rid,
        }),
      );
    expect(new Set(replays.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await t.ds.getRepository(Member).findOneByOrFail({ id: m2.id })).pointsBalance).toBe(300);
    await expectLedgersBalance(t.ds);
  });
});

describe('pay at the table', () => {
  it('pays with a coupon from stored value, earns points, and a retry applies once', async () => {
    const m = await aMember(t, { principalFen: 20_000 });
    const token = await memberToken(t, m.id);
    const tpl = await aTemplate(t, cashTemplate());
    const code = await aCoupon(t, tpl.id, m.id);
    const body = {
      requestId: requestId(),
      storeCode: 'A001',
      tableNo: '12',
      amountFen: 12_800,
      couponCodes: [code],
      method: 'BALANCE',
    };
    const first = await call('POST', '/pay', token, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      discountFen: 2000,
      payableFen: 10_800,
      pointsEarned: 108,
      balanceFen: 9_200,
    });
    const again = await call('POST', '/pay', token, body);
    expect(again.body).toEqual(first.body);
    const visits = await t.ds.getRepository(Visit).findBy({ memberId: m.id });
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ channel: 'MINIAPP', balancePaidFen: 10_800, storeId: chain.storeA });
    const used = await call('POST', '/pay', token, { ...body, requestId: requestId() });
    expect(used).toMatchObject({ status: 409, body: { code: 'COUPON_ALREADY_USED' } });
  });

  it('outside the simulator a WeChat payment is refused: no visit, no points, no tier change', async () => {
    const real = await startApp({ integrationsMode: 'real', simulators: false });
    try {
      const c = await buildChain(real);
      const m = await aMember(real);
      const r = await http(real.baseUrl, 'POST', '/api/member/payments/bill', {
        token: await memberToken(real, m.id),
        body: {
          requestId: requestId(),
          storeCode: 'A001',
          amountFen: 100_000_000,
          couponCodes: [],
        },
      });
      expect(r).toMatchObject({ status: 503, body: { code: 'PAY_NOT_CONFIGURED' } });
      expect(r.body.message).toMatch(/微信支付/);
      expect(await real.ds.getRepository(Visit).countBy({ memberId: m.id })).toBe(0);
      const after = await real.ds.getRepository(Member).findOneByOrFail({ id: m.id });
      expect([after.pointsBalance, after.tierId]).toEqual([0, c.tiers.NORMAL]);
      // The WeChat login simulator is not bound either: a `sim-` code is refused, not signed in.
      const sim = await http(real.baseUrl, 'POST', '/api/member/auth/login', { body: { code: 'sim-alice' } });
      expect(sim).toMatchObject({ status: 503, body: { code: 'INTEGRATION_NOT_CONFIGURED' } });
    } finally {
      await real.close();
    }
  });

  it('points history says what happened and where, never internal references', async () => {
    const m = await aMember(t, { principalFen: 20_000 });
    const token = await memberToken(t, m.id);
    const paid = await call('POST', '/pay', token, {
      requestId: requestId(),
      storeCode: 'A001',
      tableNo: '8',
      amountFen: 12_800,
      couponCodes: [],
      method: 'BALANCE',
    });
    expect(paid.status).toBe(200);
    const history = await call('GET', '/points', token);
    expect(history.body[0]).toMatchObject({ title: '消费 ¥128.00', storeName: '人民广场店', points: 128 });
    expect(JSON.stringify(history.body.map((h: { title: string }) => h.title))).not.toMatch(/MP-|T8|req-/);
  });

  it('racing payments never take the balance below zero', async () => {
    const m = await aMember(t, { principalFen: 30_000 });
    const token = await memberToken(t, m.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/pay', token, {
          requestId: requestId(),
          storeCode: 'A001',
          amountFen: 7_000,
          couponCodes: [],
          method: 'BALANCE',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.code === 'BALANCE_INSUFFICIENT')).toBe(
      true,
    );
    const fresh = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(fresh.balancePrincipalFen).toBe(2_000);
    await expectLedgersBalance(t.ds);
  });

  it('rejects bad bills with a 4xx and a Chinese message', async () => {
    const m = await aMember(t);
    const token = await memberToken(t, m.id);
    for (const bad of [
      { amountFen: -1 },
      { amountFen: 1.5 },
      { amountFen: 10 ** 12 },
      { method: 'CASH' },
      { couponCodes: ['abc'] },
      { storeCode: 'x'.repeat(100) },
      { extra: 1 },
    ]) {
      const r = await call('POST', '/pay', token, {
        requestId: requestId(),
        storeCode: 'A001',
        amountFen: 100,
        couponCodes: [],
        method: 'BALANCE',
        ...bad,
      });
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('me and account deletion', () => {
  it('updates consent switches and profile', async () => {
    const m = await aMember(t);
    const r = await call('PATCH', '/me', await memberToken(t, m.id), {
      consentSms: true,
      name: '小王',
      gender: 'F',
    });
    expect(r.body).toMatchObject({ consentSms: true, consentWechat: false, name: '小王' });
    const row = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(row.consentChannel).toBe('MINIAPP');
  });

  it('explains the balance, then anonymises; ledgers and visits stay and still add up', async () => {
    const m = await aMember(t, { principalFen: 3_000, bonusFen: 500, points: 200 });
    const token = await memberToken(t, m.id);
    const tpl = await aTemplate(t, cashTemplate({ thresholdFen: null }));
    const code = await aCoupon(t, tpl.id, m.id);
    const paid = await call('POST', '/pay', token, {
      requestId: requestId(),
      storeCode: 'A001',
      amountFen: 1_000,
      couponCodes: [],
      method: 'BALANCE',
    });
    expect(paid.status).toBe(200);
    const preview = (await call('GET', '/deletion', token)).body;
    expect(preview).toMatchObject({ balanceFen: 2_500, availableCoupons: 1 });
    expect(preview.notices.join()).toContain('储值余额还有 ¥25.00（其中本金 ¥');
    expect(preview.notices.join()).not.toContain('¥¥');

    expect((await call('POST', '/deletion', token, { confirm: true })).body.code).toBe(
      'DELETE_BALANCE_NOT_ACKNOWLEDGED',
    );
    expect(
      (await call('POST', '/deletion', token, { confirm: true, acknowledgeBalanceFen: 2_500 })).status,
    ).toBe(200);

    const row = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(row).toMatchObject({ phone: null, name: null, birthday: null, openid: null, tags: [] });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.balancePrincipalFen + row.balanceBonusFen).toBe(2_500);
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('REVOKED');
    expect(await t.ds.getRepository(Visit).countBy({ memberId: m.id })).toBe(0);
    expect(await t.ds.getRepository(Visit).countBy({ id: paid.body.redemptionId })).toBe(1);
    await expectLedgersBalance(t.ds);
    expect((await call('GET', '/card', token)).status).toBe(401);
  });
});
