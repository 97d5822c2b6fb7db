/**
 * 限时秒杀 (issue 13): a template that opens at a set time, claimed through the Redis gate (with
 * REDIS_URL) or the database's conditional UPDATEs (without). Both paths: exactly the stock, nobody
 * over the limit, a retried requestId answered once; the Redis path also survives a write that
 * fails after the gate granted (the reconciler persists it once) and repairs a Redis that drifted.
 */
import Redis from 'ioredis';
import { newId } from '../src/common/ids';
import { newCouponCode } from '../src/coupons/coupon-code';
import { FLASH_ORPHAN_MS, FlashSaleService } from '../src/coupons/flash-sale.service';
import { WriteBatch } from '../src/database/write-batch';
import { aMember, aTemplate, buildChain, cashTemplate, Chain, memberToken, requestId } from './fixtures';
import { http, startApp, TEST_DB, TestApp } from './harness';
import { TEST_REDIS } from './processes';

const flashTemplate = (over: Record<string, unknown> = {}) =>
  cashTemplate({
    name: '午市秒杀 20 元券',
    channels: ['CLAIM_CENTER'],
    stock: 50,
    perMemberLimit: 1,
    flashStartAt: new Date(Date.now() - 1000).toISOString(),
    ...over,
  });

describe.each([
  ['Redis gate', true],
  ['database only', false],
])('flash sale — %s', (_label, withRedis) => {
  let t: TestApp;
  let chain: Chain;
  const diners: { id: string; token: string }[] = [];

  beforeAll(async () => {
    t = await startApp(withRedis ? { redisUrl: TEST_REDIS } : {});
    chain = await buildChain(t);
    for (let i = 0; i < 80; i++) {
      const m = await aMember(t, { phone: `1360000${String(i).padStart(4, '0')}` });
      diners.push({ id: m.id, token: await memberToken(t, m.id) });
    }
  }, 60_000);
  afterAll(() => t?.close());

  const claim = (token: string, templateId: string, rid?: string) =>
    http(t.baseUrl, 'POST', '/api/member/coupons/claim', {
      token,
      body: { templateId, ...(rid ? { requestId: rid } : {}) },
    });
  const count = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);

  it('refuses a flash template without stock, limit or claim-centre-only channel, in Chinese', async () => {
    const r = await http(t.baseUrl, 'POST', '/api/coupon-templates', {
      token: chain.tokens.marketer,
      body: flashTemplate({ stock: null, perMemberLimit: null, channels: ['CLAIM_CENTER', 'CAMPAIGN'] }),
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('COUPON_TEMPLATE_INVALID');
    expect(r.body.details.problems).toEqual([
      '秒杀券需要设置库存',
      '秒杀券需要设置每人限领张数',
      '秒杀券只能在领券中心领取：发放渠道请只选“领券中心”',
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM coupon_template')).toBe(0);
  });

  it('before the start: the claim centre counts down and a claim is refused', async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const tpl = await aTemplate(t, flashTemplate({ flashStartAt: startsAt.toISOString() }));
    const offers = await http(t.baseUrl, 'GET', '/api/member/claim-center', { token: diners[0].token });
    const offer = offers.body.find((o: { templateId: string }) => o.templateId === tpl.id);
    expect(offer.state).toBe('NOT_STARTED');
    expect(offer.startsAt).toBe(startsAt.toISOString());
    expect(offer.startsInSeconds).toBeGreaterThan(3590);
    expect(offer.startsInSeconds).toBeLessThanOrEqual(3600);
    const r = await claim(diners[0].token, tpl.id);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('COUPON_FLASH_NOT_STARTED');
    expect(r.body.message).toBe('还没开抢，请到点再来');
    // Not handed out by another door either.
    const grant = await http(t.baseUrl, 'POST', '/api/coupons/issue', {
      token: chain.tokens.marketer,
      body: { templateId: tpl.id, memberId: diners[0].id },
    });
    expect(grant.status).toBe(409);
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [tpl.id])).toBe(0);
  });

  it('80 diners × 3 racing taps for 50: exactly 50 coupons, one each, retries answered once', async () => {
    const tpl = await aTemplate(t, flashTemplate());
    const rids = diners.map(() => requestId());
    const results = await Promise.all(
      diners.flatMap((d, i) => [
        claim(d.token, tpl.id, rids[i]),
        claim(d.token, tpl.id, rids[i]),
        claim(d.token, tpl.id),
      ]),
    );
    const ok = results.filter((r) => r.status === 200);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(['COUPON_OUT_OF_STOCK', 'COUPON_LIMIT_REACHED']).toContain(r.body.code);
    }
    const codes = new Set(ok.map((r) => r.body.code));
    expect(codes.size).toBe(50);
    const rows = (await t.ds.query('SELECT code, member_id AS m FROM coupon WHERE template_id = ?', [
      tpl.id,
    ])) as {
      code: string;
      m: string;
    }[];
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
    expect(new Set(rows.map((r) => r.m)).size).toBe(50);
    expect(await count('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [tpl.id])).toBe(50);
    expect(
      await count(
        "SELECT SUM(count) AS n FROM coupon_claim_counter WHERE template_id = ? AND period = 'ALL'",
        [tpl.id],
      ),
    ).toBe(50);
    // The same tap again (same requestId) gets the same coupon, not a refusal or a second one.
    const winner = diners.findIndex((d) => rows.some((r) => r.m === d.id));
    const first = ok.find((r) => rows.find((x) => x.code === r.body.code)?.m === diners[winner].id)!;
    const again = await claim(diners[winner].token, tpl.id, rids[winner]);
    if (again.status === 200) expect(again.body.code).toBe(first.body.code);
    else expect(again.body.code).toBe('COUPON_LIMIT_REACHED'); // it won with its requestId-less tap
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [tpl.id])).toBe(50);
    const offers = await http(t.baseUrl, 'GET', '/api/member/claim-center', { token: diners[winner].token });
    const offer = offers.body.find((o: { templateId: string }) => o.templateId === tpl.id);
    expect([offer.state, offer.stockLeft, offer.claimed]).toEqual(['OUT_OF_STOCK', 0, 1]);
    // The stock cannot be cut below what was claimed.
    const cut = await http(t.baseUrl, 'PUT', `/api/coupon-templates/${tpl.id}`, {
      token: chain.tokens.marketer,
      body: flashTemplate({ stock: 40, flashStartAt: tpl.flashStartAt!.toISOString() }),
    });
    expect(cut.status).toBe(409);
    expect(cut.body.code).toBe('COUPON_STOCK_BELOW_ISSUED');
  }, 60_000);

  // The Redis gate's own failure modes (the database path has no second store to disagree with).
  if (!withRedis) return;

  it('a write that fails after the gate granted is persisted once by the reconciler', async () => {
    const flash = t.app.get(FlashSaleService);
    const tpl = await aTemplate(t, flashTemplate({ stock: 5, perMemberLimit: 2 }));
    const spy = jest
      .spyOn(flash as unknown as { persistOnce: () => Promise<number> }, 'persistOnce')
      .mockRejectedValueOnce(new Error('connection lost'));
    const r = await claim(diners[0].token, tpl.id, requestId());
    expect(r.status).toBe(200); // granted: the reservation is safe in Redis
    spy.mockRestore();
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [tpl.id])).toBe(0);
    // Too young to be an orphan: left alone (its own process may still be writing it).
    expect((await flash.reconcile()).persisted).toBe(0);
    const report = await flash.reconcile(Date.now() + FLASH_ORPHAN_MS);
    expect(report.persisted).toBe(1);
    expect(report.repaired).toEqual([]);
    const rows = await t.ds.query(
      'SELECT code, member_id AS m, issue_channel AS ch FROM coupon WHERE template_id = ?',
      [tpl.id],
    );
    expect(rows).toEqual([{ code: r.body.code, m: diners[0].id, ch: 'CLAIM_CENTER' }]);
    expect((await flash.reconcile(Date.now() + FLASH_ORPHAN_MS)).persisted).toBe(0);
    expect(await count('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [tpl.id])).toBe(1);
    // The member's limit counted it: one more, then the limit.
    expect((await claim(diners[0].token, tpl.id)).status).toBe(200);
    expect((await claim(diners[0].token, tpl.id)).body.code).toBe('COUPON_LIMIT_REACHED');
  });

  // SQLite writes one transaction at a time per process: there the race needs a second process.
  (TEST_DB === 'mysql' ? it : it.skip)(
    'a batch that keeps losing rows to single-claim writes (retried taps) still commits every row once',
    async () => {
      // A retried tap whose first answer is still pending writes that one claim itself (on this or
      // another instance) while the batch holding it is being written. Here that happens just before
      // the batch's writes, five times in a row: each lost race costs the batch an attempt, never a row.
      const flash = t.app.get(FlashSaleService);
      const tpl = await aTemplate(t, flashTemplate({ stock: 30, perMemberLimit: 1 }));
      const claims = diners.slice(40, 70).map((d) => ({
        id: newId(),
        code: newCouponCode(),
        memberId: d.id,
        at: Date.now(),
      }));
      // Just before the batch's writes go out, one of its claims is written elsewhere.
      const flush = WriteBatch.prototype.flush;
      let raced = 0;
      let racing = false;
      const spy = jest.spyOn(WriteBatch.prototype, 'flush').mockImplementation(async function (
        this: WriteBatch,
        ...args: Parameters<WriteBatch['flush']>
      ) {
        if (!racing && raced < 5) {
          racing = true;
          await flash.persist(tpl, [claims[raced++ * 3]]).finally(() => (racing = false));
        }
        return flush.apply(this, args);
      });
      let written: number;
      try {
        written = await flash.persist(tpl, claims);
      } finally {
        spy.mockRestore();
      }
      expect(raced).toBe(5);
      expect(written).toBe(25);
      const rows = (await t.ds.query('SELECT id FROM coupon WHERE template_id = ?', [tpl.id])) as {
        id: string;
      }[];
      expect(rows.map((r) => r.id).sort()).toEqual(claims.map((c) => c.id).sort());
      expect(await count('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [tpl.id])).toBe(30);
      const counters = (await t.ds.query(
        "SELECT member_id AS m, count AS n FROM coupon_claim_counter WHERE template_id = ? AND period = 'ALL'",
        [tpl.id],
      )) as { m: string; n: number | string }[];
      expect(counters.map((c) => `${c.m}:${Number(c.n)}`).sort()).toEqual(
        claims.map((c) => `${c.memberId}:1`).sort(),
      );
    },
  );

  it('Redis lost the sale mid-way (a restart without persistence): the gate reloads from MySQL and never sells the stock twice', async () => {
    const tpl = await aTemplate(t, flashTemplate({ stock: 5, perMemberLimit: 1 }));
    for (const d of diners.slice(70, 73)) expect((await claim(d.token, tpl.id)).status).toBe(200);
    const redis = new Redis(TEST_REDIS);
    try {
      const key = `${t.app.get(FlashSaleService)['prefix']}flash:{${tpl.id}}`;
      expect(await redis.del(key, `${key}:m`, `${key}:pending`)).toBe(2); // nothing was pending
    } finally {
      redis.disconnect();
    }
    // Three who already hold one, and five who do not, tap again: two of the five get the last two.
    const again = await Promise.all(diners.slice(70, 78).map((d) => claim(d.token, tpl.id)));
    expect(again.slice(0, 3).map((r) => r.body.code)).toEqual(Array(3).fill('COUPON_LIMIT_REACHED'));
    expect(again.filter((r) => r.status === 200)).toHaveLength(2);
    expect(
      again
        .slice(3)
        .filter((r) => r.status !== 200)
        .map((r) => r.body.code),
    ).toEqual(Array(3).fill('COUPON_OUT_OF_STOCK'));
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [tpl.id])).toBe(5);
    expect(await count('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [tpl.id])).toBe(5);
  });

  it('Redis that drifted from MySQL is repaired from MySQL, loudly', async () => {
    const flash = t.app.get(FlashSaleService);
    const tpl = await aTemplate(t, flashTemplate({ stock: 10, perMemberLimit: 1 }));
    expect((await claim(diners[1].token, tpl.id)).status).toBe(200);
    const redis = new Redis(TEST_REDIS);
    try {
      const key = `${t.app.get(FlashSaleService)['prefix']}flash:{${tpl.id}}`;
      await redis.hincrby(key, 'sold', 7); // grants that never became coupons
      await redis.hset(`${key}:m`, diners[2].id, '1'); // a member it wrongly thinks has one
      const report = await flash.reconcile();
      expect(report.repaired).toHaveLength(1);
      expect(report.repaired[0]).toContain('Redis 已发 8 ≠ MySQL 1');
      expect(await redis.hget(key, 'sold')).toBe('1');
      expect(await redis.hget(`${key}:m`, diners[2].id)).toBeNull();
      expect((await flash.reconcile()).repaired).toEqual([]);
    } finally {
      redis.disconnect();
    }
    // After the repair the stock is claimable again, and diner 2 is not refused.
    expect((await claim(diners[2].token, tpl.id)).status).toBe(200);
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [tpl.id])).toBe(2);
  });
});
