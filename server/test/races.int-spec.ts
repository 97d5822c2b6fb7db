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
});
