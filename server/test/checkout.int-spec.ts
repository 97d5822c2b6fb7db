import { Coupon } from '../src/coupons/entities/coupon.entity';
import { Member } from '../src/members/entities/member.entity';
import { Tier } from '../src/tiers/entities/tier.entity';
import { TierChange } from '../src/tiers/entities/tier-change.entity';
import { PointsEntry } from '../src/points/entities/points-entry.entity';
import { Visit } from '../src/visits/entities/visit.entity';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  Chain,
  cashTemplate,
  expectLedgersBalance,
  memberCode,
  pos,
  requestId,
} from './fixtures';
import { http, startApp, TestApp } from './harness';

describe('checkout: preview → commit → void (POS API and cashier screen)', () => {
  let t: TestApp;
  let chain: Chain;
  beforeAll(async () => {
    t = await startApp();
    chain = await buildChain(t);
  });
  afterAll(() => t.close());

  it('previews the member, every coupon with a reason, and the best choice', async () => {
    const m = await aMember(t, { points: 10 });
    const big = await aTemplate(t, cashTemplate({ name: '满100减20' }));
    const small = await aTemplate(
      t,
      cashTemplate({ name: '满300减80', valueFen: 8000, thresholdFen: 30000 }),
    );
    const c1 = await aCoupon(t, big.id, m.id);
    const c2 = await aCoupon(t, small.id, m.id);
    const res = await pos(t, chain.posA, '/checkout/preview', {
      memberCode: await memberCode(t, m.id),
      amountFen: 15000,
    });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ id: m.id, pointsBalance: 10, tier: '普通会员' });
    expect(res.body.member.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const byCode = Object.fromEntries(res.body.coupons.map((c: { code: string }) => [c.code, c]));
    expect(byCode[c1]).toMatchObject({ applicable: true, discountFen: 2000 });
    expect(byCode[c2]).toMatchObject({ applicable: false, reason: 'BELOW_THRESHOLD' });
    expect(res.body.best).toEqual({ couponCodes: [c1], discountFen: 2000 });
    expect(res.body.payableFen).toBe(13000);
  });

  it('commits once: coupon used, visit recorded, points earned with the tier multiplier, tier upgraded', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(t);
    const code = await aCoupon(t, tpl.id, m.id);
    const body = {
      requestId: requestId(),
      memberCode: await memberCode(t, m.id),
      couponCodes: [code],
      amountFen: 120_000,
      orderRef: 'POS-1001',
      partySize: 4,
    };
    const res = await pos(t, chain.posA, '/checkout/commit', body);
    expect(res.status).toBe(200);
    // ¥1,200 − ¥20 = ¥1,180 paid → 1,180 points at 普通会员 ×1.0; growth ¥1,180 ≥ ¥1,000 → 银卡.
    expect(res.body).toMatchObject({ discountFen: 2000, payableFen: 118_000, pointsEarned: 1180 });
    expect(res.body.member).toMatchObject({ tier: '银卡', pointsBalance: 1180 });
    const ds = t.ds;
    const coupon = await ds.getRepository(Coupon).findOneByOrFail({ code });
    expect(coupon).toMatchObject({
      status: 'USED',
      usedStoreId: chain.storeA,
      usedVisitId: res.body.redemptionId,
    });
    const visit = await ds.getRepository(Visit).findOneByOrFail({ id: res.body.redemptionId });
    expect(visit).toMatchObject({
      amountFen: 120_000,
      discountFen: 2000,
      paidFen: 118_000,
      channel: 'POS',
      partySize: 4,
      status: 'OK',
      couponCodes: [code],
    });
    // The move up is written with the bill (member row and the tier history), not only answered.
    const silver = await ds.getRepository(Tier).findOneByOrFail({ name: '银卡' });
    const normal = await ds.getRepository(Tier).findOneByOrFail({ name: '普通会员' });
    expect((await ds.getRepository(Member).findOneByOrFail({ id: m.id })).tierId).toBe(silver.id);
    expect(await ds.getRepository(TierChange).findBy({ memberId: m.id })).toEqual([
      expect.objectContaining({ fromTierId: normal.id, toTierId: silver.id, direction: 'UP' }),
    ]);
  });

  it('a bill paid from stored value that moves the member up answers and writes the new tier', async () => {
    const m = await aMember(t, { principalFen: 150_000 });
    // The cashier screen (a POS key never spends stored value).
    const res = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.cashierA,
      body: {
        storeId: chain.storeA,
        requestId: requestId(),
        memberCode: await memberCode(t, m.id),
        amountFen: 120_000,
        balancePayFen: 120_000,
        couponCodes: [],
        orderRef: 'C-1002',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payableFen: 120_000, balancePaidFen: 120_000, pointsEarned: 1200 });
    expect(res.body.member).toMatchObject({ tier: '银卡', pointsBalance: 1200, balanceFen: 30_000 });
    const silver = await t.ds.getRepository(Tier).findOneByOrFail({ name: '银卡' });
    expect(await t.ds.getRepository(Member).findOneByOrFail({ id: m.id })).toMatchObject({
      tierId: silver.id,
      pointsBalance: 1200,
    });
    expect(await t.ds.getRepository(TierChange).countBy({ memberId: m.id, direction: 'UP' })).toBe(1);
    await expectLedgersBalance(t.ds);
  });

  it('replaying a commit 10 times applies it once and answers the same', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(t);
    const code = await aCoupon(t, tpl.id, m.id);
    const body = {
      requestId: requestId(),
      memberCode: await memberCode(t, m.id),
      couponCodes: [code],
      amountFen: 20_000,
      orderRef: 'POS-2001',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => pos(t, chain.posA, '/checkout/commit', body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await t.ds.getRepository(Visit).countBy({ orderRef: 'POS-2001' })).toBe(1);
    expect(await t.ds.getRepository(PointsEntry).countBy({ memberId: m.id, type: 'EARN' })).toBe(1);
    expect((await t.ds.getRepository(Member).findOneByOrFail({ id: m.id })).pointsBalance).toBe(180);
    // The same requestId with a different body is refused, not silently answered.
    const other = await pos(t, chain.posA, '/checkout/commit', { ...body, amountFen: 30_000 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('void reverses everything exactly once, also when replayed 10 times', async () => {
    const m = await aMember(t, { principalFen: 50_000, bonusFen: 5_000 });
    const tpl = await aTemplate(t);
    const code = await aCoupon(t, tpl.id, m.id);
    const commit = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.cashierA,
      body: {
        storeId: chain.storeA,
        requestId: requestId(),
        memberCode: await memberCode(t, m.id),
        couponCodes: [code],
        amountFen: 30_000,
        orderRef: 'C-1',
        balancePayFen: 28_000,
      },
    });
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ payableFen: 28_000, pointsEarned: 280, balancePaidFen: 28_000 });
    // The member as the bill leaves them: the points earned (still in the commit's write batch when
    // the stored value was read back) and the stored value spent.
    expect(commit.body.member).toMatchObject({ pointsBalance: 280, balanceFen: 55_000 - 28_000 });
    let member = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(member.balancePrincipalFen + member.balanceBonusFen).toBe(55_000 - 28_000);
    const usedCount = async () =>
      (await http(t.baseUrl, 'GET', `/api/coupon-templates/${tpl.id}`, { token: chain.tokens.marketer })).body
        .usedCount;
    expect(await usedCount()).toBe(1);

    const voidBody = { requestId: requestId(), reason: '顾客取消' };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        pos(t, chain.posA, `/checkout/${commit.body.redemptionId}/void`, voidBody),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(replies[0].body).toMatchObject({
      status: 'VOID',
      couponsRestored: [code],
      pointsReversed: 280,
      balanceRefundedFen: 28_000,
    });
    member = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(member).toMatchObject({ pointsBalance: 0, balancePrincipalFen: 50_000, balanceBonusFen: 5_000 });
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('AVAILABLE');
    expect(await usedCount()).toBe(0);
    expect((await t.ds.getRepository(Visit).findOneByOrFail({ id: commit.body.redemptionId })).status).toBe(
      'VOID',
    );
    // A second, different void request is told it is already voided.
    const again = await pos(t, chain.posA, `/checkout/${commit.body.redemptionId}/void`, {
      requestId: requestId(),
      reason: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REDEMPTION_ALREADY_VOIDED');
    await expectLedgersBalance(t.ds);
  });

  it('refuses an unusable coupon at commit with a stable code and writes nothing', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(t);
    const code = await aCoupon(t, tpl.id, m.id);
    const before = await t.ds.getRepository(Visit).count();
    const res = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 5_000,
      orderRef: 'LOW-1',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('COUPON_NOT_APPLICABLE');
    expect(res.body.message).toContain('券不满足使用条件');
    expect(await t.ds.getRepository(Visit).count()).toBe(before);
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('AVAILABLE');
    const unknown = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: ['60000000000000000000'],
      amountFen: 5_000,
      orderRef: 'X',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COUPON_NOT_FOUND');
  });

  it('the till takes stored value and records how the rest was paid; a coupon code alone never opens the balance', async () => {
    const m = await aMember(t, { principalFen: 5_000, bonusFen: 1_000 });
    const tpl = await aTemplate(t, cashTemplate({ name: '满100减20 储值' }));
    const code = await aCoupon(t, tpl.id, m.id);
    const body = (extra: object) => ({
      storeId: chain.storeA,
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 12_800,
      orderRef: 'SPLIT-1',
      ...extra,
    });
    const noMemberCode = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.cashierA,
      body: body({ balancePayFen: 1_000, payMethod: 'CASH' }),
    });
    expect(noMemberCode).toMatchObject({ status: 400, body: { code: 'BALANCE_PAY_NEEDS_MEMBER_CODE' } });
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).status).toBe('AVAILABLE');
    const split = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.cashierA,
      body: body({ memberCode: await memberCode(t, m.id), balancePayFen: 6_000, payMethod: 'WECHAT' }),
    });
    expect(split).toMatchObject({ status: 200, body: { payableFen: 10_800 } });
    const visit = await t.ds.getRepository(Visit).findOneByOrFail({ id: split.body.redemptionId });
    expect([visit.balancePaidFen, visit.payMethod, visit.paidFen]).toEqual([6_000, 'WECHAT', 10_800]);
    const after = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(after.balancePrincipalFen + after.balanceBonusFen).toBe(0);
    const over = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.cashierA,
      body: {
        ...body({ memberCode: await memberCode(t, m.id), balancePayFen: 100, payMethod: 'CASH' }),
        couponCodes: [],
      },
    });
    expect(over).toMatchObject({ status: 409, body: { code: 'BALANCE_INSUFFICIENT' } });
  });

  it("applies the tier's member price after coupons, in the preview and the commit alike", async () => {
    const m = await aMember(t);
    await t.ds.getRepository(Member).update({ id: m.id }, { tierId: chain.tiers.GOLD });
    await t.ds
      .getRepository(Tier)
      .update({ id: chain.tiers.GOLD }, { benefits: { memberPricePercentOff: 5 } });
    const tpl = await aTemplate(t, cashTemplate({ name: '满100减20 金卡' }));
    const code = await aCoupon(t, tpl.id, m.id);
    const mc = await memberCode(t, m.id);
    const preview = await pos(t, chain.posA, '/checkout/preview', { memberCode: mc, amountFen: 12_800 });
    expect(preview.body).toMatchObject({
      best: { couponCodes: [code], discountFen: 2_000 },
      memberDiscountFen: 540,
      payableFen: 10_260,
    });
    const commit = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      memberCode: mc,
      couponCodes: [code],
      amountFen: 12_800,
      orderRef: 'GOLD-1',
    });
    expect(commit.body).toMatchObject({ discountFen: 2_540, memberDiscountFen: 540, payableFen: 10_260 });
    const visit = await t.ds.getRepository(Visit).findOneByOrFail({ id: commit.body.redemptionId });
    expect([visit.discountFen, visit.paidFen]).toEqual([2_540, 10_260]);
  });

  it('keeps each store to its own redemptions (POS keys and cashiers)', async () => {
    const m = await aMember(t);
    const code = await aCoupon(t, (await aTemplate(t)).id, m.id);
    const commit = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 20_000,
      orderRef: 'A-9',
    });
    expect(commit.status).toBe(200);
    const id = commit.body.redemptionId;
    // Store B's POS cannot see or void store A's redemption.
    const posB = await pos(t, chain.posB, `/checkout/${id}/void`, { requestId: requestId(), reason: 'x' });
    expect(posB.status).toBe(404);
    // Store B's cashier can neither preview/commit for store A nor void its redemption.
    const tok = chain.tokens.cashierB;
    const pv = await http(t.baseUrl, 'POST', '/api/checkout/preview', {
      token: tok,
      body: { storeId: chain.storeA, amountFen: 100 },
    });
    expect([pv.status, pv.body.code]).toEqual([403, 'STORE_FORBIDDEN']);
    const cm = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: tok,
      body: { storeId: chain.storeA, requestId: requestId(), couponCodes: [], amountFen: 100, orderRef: 'B' },
    });
    expect([cm.status, cm.body.code]).toEqual([403, 'STORE_FORBIDDEN']);
    const vd = await http(t.baseUrl, 'POST', `/api/checkout/${id}/void`, {
      token: tok,
      body: { requestId: requestId(), reason: 'x' },
    });
    expect([vd.status, vd.body.code]).toEqual([403, 'STORE_FORBIDDEN']);
    // Store A's cashier can.
    const ok = await http(t.baseUrl, 'POST', `/api/checkout/${id}/void`, {
      token: chain.tokens.cashierA,
      body: { requestId: requestId(), reason: '录错金额' },
    });
    expect(ok.status).toBe(200);
    // A marketer may not use the cashier screen at all.
    const mk = await http(t.baseUrl, 'POST', '/api/checkout/preview', {
      token: chain.tokens.marketer,
      body: { storeId: chain.storeA, amountFen: 100 },
    });
    expect([mk.status, mk.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
  });

  it('an expired coupon cannot be used; a void after expiry leaves it expired', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(
      t,
      cashTemplate({
        validDays: undefined,
        validFrom: '2020-01-01T00:00:00Z',
        validTo: '2099-01-01T00:00:00Z',
      }),
    );
    const code = await aCoupon(t, tpl.id, m.id);
    await t.ds.getRepository(Coupon).update({ code }, { validTo: new Date(Date.now() - 1000) });
    const res = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 20_000,
      orderRef: 'E-1',
    });
    expect(res.status).toBe(422);
    expect(res.body.details.reason).toBe('COUPON_EXPIRED');
  });
});
