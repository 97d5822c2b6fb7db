/**
 * Races over real HTTP. Against MariaDB (TEST_DB=mysql) these exercise row locks and conditional
 * updates across a connection pool; on SQLite, the single-writer lane.
 */
import { Coupon } from '../src/coupons/entities/coupon.entity';
import { CouponClaimCounter } from '../src/coupons/entities/coupon-claim-counter.entity';
import { CouponTemplate } from '../src/coupons/entities/coupon-template.entity';
import { Member } from '../src/members/entities/member.entity';
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
  memberToken,
  pos,
  requestId,
} from './fixtures';
import { http, startApp, TestApp, TEST_DB } from './harness';

describe(`races over HTTP (${TEST_DB})`, () => {
  let t: TestApp;
  let chain: Chain;
  beforeAll(async () => {
    t = await startApp();
    chain = await buildChain(t);
  });
  afterAll(() => t.close());

  it('200 concurrent commits of one coupon: exactly one succeeds, the rest COUPON_ALREADY_USED', async () => {
    const m = await aMember(t);
    const code = await aCoupon(t, (await aTemplate(t)).id, m.id);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pos(t, chain.posA, '/checkout/commit', {
          requestId: requestId(),
          couponCodes: [code],
          amountFen: 20_000,
          orderRef: `RACE-${i}`,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(1);
    expect(lost.every((r) => r.status === 409 && r.body.code === 'COUPON_ALREADY_USED')).toBe(true);
    const visits = await t.ds
      .getRepository(Visit)
      .createQueryBuilder('v')
      .where('v.order_ref LIKE :p', { p: 'RACE-%' })
      .getCount();
    expect(visits).toBe(1);
    expect((await t.ds.getRepository(Coupon).findOneByOrFail({ code })).usedVisitId).toBe(
      ok[0].body.redemptionId,
    );
    await expectLedgersBalance(t.ds);
  });

  it('1,000 concurrent claims of a template with stock 100: exactly 100 coupons, nobody over the limit', async () => {
    const tpl = await aTemplate(
      t,
      cashTemplate({ name: '限量抢券', stock: 100, perMemberLimit: 2, channels: ['CLAIM_CENTER'] }),
    );
    const members = await Promise.all(Array.from({ length: 250 }, () => aMember(t)));
    const tokens = await Promise.all(members.map((m) => memberToken(t, m.id)));
    // 1,000 requests: each of 250 members taps 4 times (limit is 2 each).
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        http(t.baseUrl, 'POST', '/api/member/coupons/claim', {
          token: tokens[i % 250],
          body: { templateId: tpl.id },
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    const codes = results.filter((r) => r.status !== 200).map((r) => r.body.code);
    expect(ok).toBe(100);
    expect(new Set(codes)).toEqual(
      new Set(codes.filter((c) => c === 'COUPON_OUT_OF_STOCK' || c === 'COUPON_LIMIT_REACHED')),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await t.ds.getRepository(Coupon).countBy({ templateId: tpl.id })).toBe(100);
    expect((await t.ds.getRepository(CouponTemplate).findOneByOrFail({ id: tpl.id })).issuedCount).toBe(100);
    const perMember = await t.ds
      .getRepository(Coupon)
      .createQueryBuilder('c')
      .select('c.member_id', 'memberId')
      .addSelect('COUNT(*)', 'n')
      .where('c.template_id = :id', { id: tpl.id })
      .groupBy('c.member_id')
      .getRawMany<{ memberId: string; n: string }>();
    expect(Math.max(...perMember.map((r) => Number(r.n)))).toBeLessThanOrEqual(2);
    const counters = await t.ds
      .getRepository(CouponClaimCounter)
      .findBy({ templateId: tpl.id, period: 'ALL' });
    expect(counters.reduce((s, c) => s + c.count, 0)).toBe(100);
  });

  it('100 concurrent balance payments exceeding the balance: never below zero, ledger equals balance', async () => {
    const m = await aMember(t, { principalFen: 50_000, bonusFen: 5_000 }); // ¥550
    const code = await memberCode(t, m.id);
    const paid = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        http(t.baseUrl, 'POST', '/api/checkout/commit', {
          token: chain.tokens.cashierA,
          body: {
            storeId: chain.storeA,
            requestId: requestId(),
            memberCode: code,
            couponCodes: [],
            amountFen: 1_000,
            orderRef: `BAL2-${i}`,
            balancePayFen: 1_000,
          },
        }),
      ),
    );
    const ok = paid.filter((r) => r.status === 200).length;
    expect(ok).toBe(55); // ¥550 / ¥10
    expect(
      paid
        .filter((r) => r.status !== 200)
        .every((r) => r.status === 409 && r.body.code === 'BALANCE_INSUFFICIENT'),
    ).toBe(true);
    const after = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(after.balancePrincipalFen).toBeGreaterThanOrEqual(0);
    expect(after.balanceBonusFen).toBeGreaterThanOrEqual(0);
    expect(after.balancePrincipalFen + after.balanceBonusFen).toBe(0);
    await expectLedgersBalance(t.ds);
  });

  it('concurrent replays and voids of one redemption apply once', async () => {
    const m = await aMember(t);
    const code = await aCoupon(t, (await aTemplate(t)).id, m.id);
    const commit = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 50_000,
      orderRef: 'V-1',
    });
    expect(commit.status).toBe(200);
    const voids = await Promise.all(
      Array.from({ length: 20 }, () =>
        pos(t, chain.posA, `/checkout/${commit.body.redemptionId}/void`, {
          requestId: requestId(),
          reason: '并发撤销',
        }),
      ),
    );
    expect(voids.filter((v) => v.status === 200)).toHaveLength(1);
    expect(
      voids
        .filter((v) => v.status !== 200)
        .every((v) => v.status === 409 && v.body.code === 'REDEMPTION_ALREADY_VOIDED'),
    ).toBe(true);
    expect((await t.ds.getRepository(Member).findOneByOrFail({ id: m.id })).pointsBalance).toBe(0);
    await expectLedgersBalance(t.ds);
  });

  it("30 concurrent bills of one member (member code): each applied, points and growth exact under the member's row lock", async () => {
    const m = await aMember(t);
    const code = await memberCode(t, m.id);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pos(t, chain.posA, '/checkout/commit', {
          requestId: requestId(),
          memberCode: code,
          couponCodes: [],
          amountFen: 10_000,
          orderRef: `SAME-${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    // Bills run one after another on the member's row: the tenth reaches 银卡 (100,000 fen of growth),
    // so exactly nine earn at the base rate before it, the tenth too (its tier at the look-up),
    // and the twenty after it at 120%.
    const earned = results.map((r) => r.body.pointsEarned as number).sort((a, b) => a - b);
    const base = earned[0];
    expect(base).toBeGreaterThan(0);
    expect(earned.filter((p) => p === base)).toHaveLength(10);
    expect(earned.filter((p) => p === Math.floor(base * 1.2))).toHaveLength(20);
    // The balance each answer reports is the ledger's running balance: all different, the last the total.
    const after = results.map((r) => r.body.member.pointsBalance as number).sort((a, b) => a - b);
    expect(new Set(after).size).toBe(30);
    const total = earned.reduce((a, b) => a + b, 0);
    expect(after[29]).toBe(total);
    const ledger = (await t.ds.query(
      'SELECT points, balance_after AS b FROM points_entry WHERE member_id = ? ORDER BY balance_after',
      [m.id],
    )) as { points: number; b: number }[];
    let running = 0;
    for (const e of ledger) expect(Number(e.b)).toBe((running += Number(e.points)));
    const fresh = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
    expect(fresh.pointsBalance).toBe(total);
    expect(fresh.tierId).toBe(chain.tiers.SILVER);
    const ups = await t.ds.query(
      "SELECT to_tier_id AS t FROM tier_change WHERE member_id = ? AND direction = 'UP'",
      [m.id],
    );
    expect(ups.map((u: { t: string }) => u.t)).toEqual([chain.tiers.SILVER]);
    await expectLedgersBalance(t.ds);
  });

  it('30 concurrent replays of one commit (same requestId): applied once, every answer the same', async () => {
    const m = await aMember(t);
    const coupon = await aCoupon(t, (await aTemplate(t)).id, m.id);
    const body = {
      requestId: requestId(),
      memberCode: await memberCode(t, m.id),
      couponCodes: [coupon],
      amountFen: 30_000,
      orderRef: 'REPLAY-1',
    };
    // And a bill with neither member nor coupon: nothing to lock, so only the record's unique key
    // decides between its replays.
    const bare = { requestId: requestId(), couponCodes: [], amountFen: 8_800, orderRef: 'REPLAY-BARE' };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pos(t, chain.posA, '/checkout/commit', i % 2 ? body : bare)),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const first = results[1].body;
    expect(
      results.filter((_, i) => i % 2).every((r) => JSON.stringify(r.body) === JSON.stringify(first)),
    ).toBe(true);
    expect(new Set(results.filter((_, i) => !(i % 2)).map((r) => r.body.redemptionId)).size).toBe(1);
    for (const ref of ['REPLAY-1', 'REPLAY-BARE'])
      expect(await t.ds.getRepository(Visit).countBy({ orderRef: ref })).toBe(1);
    expect(
      Number((await t.ds.query('SELECT COUNT(*) AS n FROM points_entry WHERE member_id = ?', [m.id]))[0].n),
    ).toBe(1);
    await expectLedgersBalance(t.ds);
  });
});
