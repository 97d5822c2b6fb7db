/**
 * Three real server processes on one database and Redis under checkout and claim load; one is
 * killed (SIGKILL) mid-run (issue 13). Clients do what a POS or the mini-program does: on a broken
 * connection or a 503, the same request (same requestId) goes to another instance. Afterwards: every
 * checkout and claim that got a 2xx exists exactly once, nothing was applied twice, stock and
 * per-member limits hold, and the ledgers balance.
 */
import { ChildProcess } from 'node:child_process';
import {
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
import { spawnServer, TEST_REDIS, waitReady } from './processes';
import { FLASH_ORPHAN_MS, FlashSaleService } from '../src/coupons/flash-sale.service';

const STOCK = 120;
let t: TestApp;
let chain: Chain;
let templateId: string;
/** A 限时秒杀 template: claims go through the Redis gate shared by the three processes. */
let flashId: string;
const servers: ChildProcess[] = [];
const bases: string[] = [];
const diners: { id: string; token: string }[] = [];

beforeAll(async () => {
  t = await startApp({ redisUrl: TEST_REDIS });
  chain = await buildChain(t);
  templateId = (
    await aTemplate(
      t,
      cashTemplate({ name: '限量券', channels: ['CLAIM_CENTER'], stock: STOCK, perMemberLimit: 2 }),
    )
  ).id;
  flashId = (
    await aTemplate(
      t,
      cashTemplate({
        name: '秒杀券',
        channels: ['CLAIM_CENTER'],
        stock: STOCK,
        perMemberLimit: 2,
        flashStartAt: new Date(Date.now() - 1000).toISOString(),
      }),
    )
  ).id;
  for (let i = 0; i < 80; i++) {
    const m = await aMember(t, { phone: `1350000${String(i).padStart(4, '0')}` });
    diners.push({ id: m.id, token: await memberToken(t, m.id) });
  }
  for (let i = 0; i < 3; i++) {
    const p = await spawnServer(t, { REDIS_URL: TEST_REDIS, SCHEDULER: '0' });
    servers.push(p.child);
    bases.push(p.base);
  }
  for (const base of bases) await waitReady(base);
}, 90_000);

afterAll(async () => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
  await t?.close();
});

it('killing one instance mid-run loses no 2xx and applies nothing twice', async () => {
  const commits = new Map<string, string>(); // requestId → redemptionId
  const claims = new Map<string, string>(); // requestId → coupon code
  const flashClaims = new Map<string, string>();
  const claimRefusals: string[] = [];
  let retries = 0;
  let stop = false;

  /** Sends one request, moving to another instance on a broken connection or a 503, same requestId. */
  async function send(attempt: (base: string) => Promise<{ status: number; body: any }>) {
    let i = Math.floor(Math.random() * bases.length);
    for (let tries = 0; tries < 30; tries++, i++) {
      // Clients are not told which instance died: they find out by a refused connection.
      const k = i % bases.length;
      try {
        const r = await attempt(bases[k]);
        if (r.status !== 503) return r;
      } catch {
        /* connection refused or reset */
      }
      retries++;
    }
    throw new Error('no instance answered');
  }

  const cashier = async () => {
    while (!stop) {
      const rid = requestId();
      const body = { requestId: rid, couponCodes: [], amountFen: 6_800, orderRef: 'MULTI' };
      const r = await send((base) => pos({ ...t, baseUrl: base }, chain.posA, '/checkout/commit', body));
      expect(r.status).toBe(200);
      commits.set(rid, r.body.redemptionId);
    }
  };
  const diner = async (n: number) => {
    for (let i = 0; !stop; i++) {
      const d = diners[(n * 7 + claims.size + claimRefusals.length) % diners.length];
      const rid = requestId();
      const flash = i % 2 === 1;
      const r = await send((base) =>
        http(base, 'POST', '/api/member/coupons/claim', {
          token: d.token,
          body: { templateId: flash ? flashId : templateId, requestId: rid },
        }),
      );
      if (r.status === 200) (flash ? flashClaims : claims).set(rid, r.body.code);
      else {
        expect(r.status).toBe(409); // out of stock / over the limit: a business answer
        claimRefusals.push(r.body.code);
      }
    }
  };
  const load = [...Array.from({ length: 6 }, cashier), ...Array.from({ length: 6 }, (_, n) => diner(n))];
  await new Promise((r) => setTimeout(r, 1_500));
  const victim = 1;
  servers[victim].kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 1_500));
  stop = true;
  await Promise.all(load);

  expect(commits.size).toBeGreaterThan(20);
  expect(retries).toBeGreaterThan(0); // the kill was felt: requests moved to the other instances
  expect(claims.size).toBeGreaterThan(0);
  // Every confirmed checkout is there, once; no checkout exists that nobody was told about twice.
  const visits = (await t.ds.query("SELECT id FROM visit WHERE order_ref = 'MULTI'")) as { id: string }[];
  const ids = visits.map((v) => v.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual([...new Set(commits.values())].sort());
  // Claims: each confirmed one exists once; stock and the per-member limit held.
  const coupons = (await t.ds.query('SELECT code, member_id AS m FROM coupon WHERE template_id = ?', [
    templateId,
  ])) as { code: string; m: string }[];
  expect(coupons.map((c) => c.code).sort()).toEqual([...claims.values()].sort());
  expect(coupons.length).toBeLessThanOrEqual(STOCK);
  const perMember = new Map<string, number>();
  for (const c of coupons) perMember.set(c.m, (perMember.get(c.m) ?? 0) + 1);
  expect(Math.max(...perMember.values())).toBeLessThanOrEqual(2);
  const [tpl] = await t.ds.query('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [templateId]);
  expect(Number(tpl.n)).toBe(coupons.length);
  expect(claimRefusals.every((c) => ['COUPON_OUT_OF_STOCK', 'COUPON_LIMIT_REACHED'].includes(c))).toBe(true);
  // The flash sale: a reservation whose process died before its row was written is persisted by
  // the reconciler (any instance, once a minute; here at once) — under the code its client was given.
  const flash = t.app.get(FlashSaleService);
  await flash.reconcile(Date.now() + FLASH_ORPHAN_MS);
  expect(flashClaims.size).toBeGreaterThan(0);
  const flashCoupons = (await t.ds.query('SELECT code, member_id AS m FROM coupon WHERE template_id = ?', [
    flashId,
  ])) as { code: string; m: string }[];
  expect(flashCoupons.map((c) => c.code).sort()).toEqual([...flashClaims.values()].sort());
  expect(flashCoupons.length).toBeLessThanOrEqual(STOCK);
  const flashPerMember = new Map<string, number>();
  for (const c of flashCoupons) flashPerMember.set(c.m, (flashPerMember.get(c.m) ?? 0) + 1);
  expect(Math.max(...flashPerMember.values())).toBeLessThanOrEqual(2);
  const [ft] = await t.ds.query('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [flashId]);
  expect(Number(ft.n)).toBe(flashCoupons.length);
  expect(await flash.sold(flashId)).toBe(flashCoupons.length);
  expect((await flash.reconcile()).repaired).toEqual([]);
  await expectLedgersBalance(t.ds);
  console.log(
    `instances: ${commits.size} checkouts, ${claims.size} claims, ${flashClaims.size} flash claims, ${retries} retries after the kill`,
  );
}, 90_000);
