/**
 * Member insight through the CLI contract (DESIGN.md §6): CDNOW imported through the real visits
 * import and fitted with `insights:fit` (the published BG/NBD estimates), and `insights:refresh`
 * on a small chain whose every figure is known: recency, 365-day F and M, quintile scores,
 * lifecycle boundaries, the visit rhythm and P(alive).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { expectedVisits, pAlive } from '@tableside/shared';
import { MemberInsight } from '../src/insights/entities/member-insight.entity';
import { REFRESH_LOCK } from '../src/insights/insights.service';
import { StoresService } from '../src/stores/stores.service';
import { aMember, buildChain, Chain } from './fixtures';
import { http, startApp, TEST_DB, TestApp } from './harness';

dayjs.extend(utc);
dayjs.extend(timezone);

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli', 'main.js');
const CDNOW = resolve(__dirname, '..', '..', 'shared', 'test-data', 'cdnow-sample.txt');

let t: TestApp;
let chain: Chain;
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const r = await run('node', [CLI, ...args], {
      env: { ...process.env, ...t.db.env },
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (e: any) {
    return { code: e.code, json: null, stderr: e.stderr };
  }
}

/** A valid visit `daysBefore` days before asOf at `hour` (Shanghai), written as the import would. */
async function visit(
  asOf: string,
  memberId: string,
  daysBefore: number,
  paidFen: number,
  hour = 12,
  o: { party?: number; coupon?: boolean; store?: string } = {},
) {
  const at = dayjs
    .tz(`${asOf} ${String(hour).padStart(2, '0')}:00:00`, 'Asia/Shanghai')
    .subtract(daysBefore, 'day')
    .toDate();
  const sqlite = t.db.config.database.kind === 'sqlite';
  await t.ds.query(
    `INSERT INTO visit (id, member_id, store_id, amount_fen, discount_fen, paid_fen, balance_paid_fen, occurred_at,
      party_size, channel, order_ref, coupon_codes, points_earned, status, voided_at, void_reason, staff_id,
      pos_key_id, import_key, created_at, pay_method, coupon_count)
     VALUES (?, ?, ?, ?, 0, ?, 0, ?, ?, 'POS', NULL, ?, 0, 'OK', NULL, NULL, NULL, NULL, NULL, ?, NULL, ?)`,
    [
      randomUUID(),
      memberId,
      o.store ?? chain.storeA,
      paidFen,
      paidFen,
      sqlite ? iso(at) : at,
      o.party ?? null,
      o.coupon ? '["123456789"]' : '[]',
      sqlite ? iso(new Date()) : new Date(),
      o.coupon ? 1 : 0,
    ],
  );
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`先构建 server：缺少 ${CLI}`);
  t = await startApp();
  chain = await buildChain(t);
  dir = mkdtempSync(join(tmpdir(), 'tableside-insight-'));
});
afterAll(() => t?.close());

describe('BG/NBD on CDNOW through the visits import', () => {
  it('insights:fit --as-of 1997-09-30 --unit week reproduces r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (±1%)', async () => {
    await t.app.get(StoresService).create({ code: 'CD', name: 'CDNOW' });
    const rows = ['member_ref,occurred_at,amount_fen,store_code,party_size,order_ref'];
    readFileSync(CDNOW, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const [id, , date, , dollars] = line.trim().split(/\s+/);
        if (!id || !date) return;
        const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
        rows.push(`cd-${id},${day},${Math.round(Number(dollars) * 100)},CD,,L${i}`);
      });
    writeFileSync(join(dir, 'cdnow.csv'), `${rows.join('\n')}\n`);
    const imported = await cli('import:visits', 'cdnow.csv', '--create-members');
    expect(imported.code).toBe(0);
    expect(imported.json).toMatchObject({ total: 6919, imported: 6919, errors: [] });
    // The import refreshed the insight: every CDNOW customer has figures (long lost by today).
    const [{ n }] = await t.ds.query(
      "SELECT COUNT(*) AS n FROM member_insight WHERE lifecycle = 'LOST' AND repeat_days >= 0",
    );
    expect(Number(n)).toBe(2357);
    const fit = await cli('insights:fit', '--as-of', '1997-09-30', '--unit', 'week');
    expect(fit.code).toBe(0);
    expect(fit.json).toMatchObject({ members: 2357, repeatVisits: 2457 });
    const paper = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
    for (const [k, v] of Object.entries(paper))
      expect([k, Math.abs(fit.json[k] / v - 1) < 0.01]).toEqual([k, true]);
    const bad = await cli('insights:fit', '--as-of', '1997-13-40');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('日期格式应为 YYYY-MM-DD');
  }, 300_000);
});

describe('insights:refresh', () => {
  // A chain of its own: quintiles are relative to the chain's members (no CDNOW customers here).
  beforeAll(async () => {
    await t.close();
    t = await startApp();
    chain = await buildChain(t);
  });

  it('stores every figure set-based, as of a date; later visits are ignored', async () => {
    const asOf = '2026-06-30';
    const regular = await aMember(t, { phone: '13600000001' }); // every 7 days, came 2 days ago
    for (let d = 2; d <= 86; d += 7) await visit(asOf, regular.id, d, 10_000);
    const lapsed = await aMember(t, { phone: '13600000002' }); // 3 visits long ago
    for (const d of [200, 190, 180]) await visit(asOf, lapsed.id, d, 50_000);
    const fresh = await aMember(t, { phone: '13600000003' }); // joined recently, one visit 10 days ago
    await visit(asOf, fresh.id, 10, 8_000);
    const dozing = await aMember(t, { phone: '13600000004' }); // weekly, then silent for 40 days
    for (const d of [61, 54, 47, 40]) await visit(asOf, dozing.id, d, 60_000);
    const sameDay = await aMember(t, { phone: '13600000005' }); // two bills the same (business) day
    await visit(asOf, sameDay.id, 5, 3_000, 1); // 01:00 Shanghai = previous day 17:00 UTC
    await visit(asOf, sameDay.id, 5, 3_000, 23);
    await visit(asOf, sameDay.id, -3, 99_999); // after asOf: ignored
    const never = await aMember(t, { phone: '13600000006' });

    const res = await cli('insights:refresh', '--as-of', asOf);
    expect(res.code).toBe(0);
    expect(res.json).toMatchObject({ asOf });
    expect(res.json.members).toBeGreaterThanOrEqual(6);
    expect(res.json.model).toMatchObject({ members: res.json.withVisits });
    const row = async (id: string) => t.ds.getRepository(MemberInsight).findOneByOrFail({ memberId: id });

    const r = await row(regular.id);
    expect(r).toMatchObject({
      recencyDays: 2,
      frequency: 13,
      monetaryFen: 130_000,
      lifecycle: 'CORE',
      repeatDays: 12,
    });
    expect(r.avgIntervalDays).toBeCloseTo(7, 5);
    expect(r.nextVisitOn).toBe('2026-07-05'); // last visit 06-28 + 7 days
    expect(r.pAlive!).toBeGreaterThan(0.5);

    const l = await row(lapsed.id);
    expect(l).toMatchObject({ recencyDays: 180, frequency: 3, lifecycle: 'LOST' });
    expect(l.pAlive!).toBeLessThan(r.pAlive!);
    expect(l.expectedVisits30!).toBeLessThan(r.expectedVisits30!);

    expect(await row(fresh.id)).toMatchObject({ lifecycle: 'NEW', recencyDays: 10, repeatDays: 0 });
    expect(await row(dozing.id)).toMatchObject({ lifecycle: 'DORMANT', recencyDays: 40 });
    // Same business day counted once; the visit after asOf is not there.
    expect(await row(sameDay.id)).toMatchObject({
      frequency: 2,
      repeatDays: 0,
      monetaryFen: 6_000,
      recencyDays: 5,
    });
    expect(await row(never.id)).toMatchObject({
      lifecycle: 'NONE',
      rScore: null,
      recencyDays: null,
      pAlive: null,
    });

    // Scores 1–5: the most recent, most frequent, biggest spender scores highest.
    expect([r.rScore, l.rScore].every((s) => s! >= 1 && s! <= 5)).toBe(true);
    expect(r.rScore!).toBeGreaterThan(l.rScore!);
    expect(r.fScore!).toBeGreaterThan((await row(fresh.id)).fScore!);
    expect(l.mScore!).toBeGreaterThan((await row(sameDay.id)).mScore!);
    expect(r.rfmSegment).toBe('重要价值客户');

    const json = await cli('insights:member', '--ref', '13600000001');
    expect(json.json).toMatchObject({
      ref: '13600000001',
      recencyDays: 2,
      frequency: 13,
      lifecycle: 'CORE',
      rfmSegment: '重要价值客户',
      nextVisitOn: '2026-07-05',
      avgIntervalDays: 7,
    });
    for (const k of [
      'pAlive',
      'expectedVisits30',
      'expectedVisits90',
      'r',
      'f',
      'm',
      'cluster',
      'monetaryFen',
    ])
      expect(json.json).toHaveProperty(k);
    // Habits: every visit of the regular was a Sunday lunch; the same-day diner came late at night.
    expect(r).toMatchObject({ lunchShare: 1, dinnerShare: 0, lateShare: 0, weekendShare: 1, couponShare: 0 });
    expect(r.favouriteStoreId).toBe(chain.storeA);
    expect(await row(sameDay.id)).toMatchObject({ lateShare: 1, lunchShare: 0 });
    // Loyalty matrix follows the scores.
    expect(r.loyalty).toBe('HEAVY_LOYAL');
    // The five layers 30 days earlier, by the same rules: the regular was 潜力 (9 visits, ¥900 < ¥1,000),
    // the dozing diner was still coming, the fresh diner had not come yet, the lapsed one was already lost.
    expect(r.lifecyclePrev).toBe('POTENTIAL');
    expect(await row(dozing.id)).toMatchObject({ lifecyclePrev: 'POTENTIAL', lifecycle: 'DORMANT' });
    expect(await row(fresh.id)).toMatchObject({ lifecyclePrev: 'NONE' });
    expect(l.lifecyclePrev).toBe('LOST');

    // P(alive) and expected visits written by SQL equal the closed forms of shared/, member by member.
    const model = res.json.model;
    for (const m of [r, l, await row(dozing.id), await row(fresh.id)]) {
      const [x, tx, T] = [m.repeatDays, m.lastDay! - m.firstDay!, m.lastDay! - m.firstDay! + m.recencyDays!];
      expect(m.pAlive!).toBeCloseTo(pAlive(model, x, tx, T), 6);
      expect(m.expectedVisits30!).toBeCloseTo(expectedVisits(model, 30, x, tx, T), 6);
      expect(m.expectedVisits90!).toBeCloseTo(expectedVisits(model, 90, x, tx, T), 6);
    }
    // …and 30 days earlier (the at-risk list compares the two): the lapsed diner's P(alive) fell.
    expect(l.pAlivePrev!).toBeCloseTo(pAlive(model, 2, 20, 20 + 150), 6);
    expect(l.pAlive!).toBeLessThan(l.pAlivePrev!);

    // The dashboard's stored summary: counts, movement, and the at-risk list with a masked phone.
    const overview = await http(t.baseUrl, 'GET', '/api/admin/insights/overview', {
      token: chain.tokens.admin,
    });
    expect(overview.status).toBe(200);
    const o = overview.body;
    expect(o.asOf).toBe(asOf);
    const layer = (k: string) => o.lifecycle.find((x: any) => x.key === k);
    expect(layer('CORE')).toMatchObject({ count: 1, prevCount: 0 });
    expect(layer('DORMANT')).toMatchObject({ count: 1, prevCount: 0 });
    expect(layer('NEW')).toMatchObject({ count: 2, prevCount: 0 });
    expect(layer('LOST')).toMatchObject({ count: 1, prevCount: 1 });
    expect(o.transitions).toEqual(
      expect.arrayContaining([
        { from: 'POTENTIAL', to: 'CORE', count: 1 },
        { from: 'POTENTIAL', to: 'DORMANT', count: 1 },
        { from: 'NONE', to: 'NEW', count: 2 },
      ]),
    );
    const sum = (xs: { count: number }[]) => xs.reduce((a, b) => a + b.count, 0);
    expect(sum(o.rfm)).toBe(o.withVisits);
    expect(sum(o.loyalty)).toBe(o.withVisits);
    expect(o.intervals.find((b: any) => b.label === '7–14 天').count).toBe(3); // every 7 (regular, dozing) or 10 days (lapsed)
    // At risk = M ≥ 4, P(alive) down ≥ 5 points in 30 days and now < 80%, biggest (drop × spend) first.
    const all = await t.ds.getRepository(MemberInsight).find();
    const expected = all
      .filter((m) => m.mScore! >= 4 && m.pAlive! <= m.pAlivePrev! - 0.05 && m.pAlive! < 0.8)
      .sort(
        (a, b) => (b.pAlivePrev! - b.pAlive!) * b.monetaryFen - (a.pAlivePrev! - a.pAlive!) * a.monetaryFen,
      )
      .map((m) => m.memberId);
    expect(o.atRisk.map((a: any) => a.memberId)).toEqual(expected);
    expect(expected).toContain(dozing.id); // weekly, then silent for 40 days: the one to call
    expect(o.atRisk.find((a: any) => a.memberId === dozing.id).phone).toBe('136****0004');
    // Store B has none of these diners (they joined nowhere): its manager's view is empty, not the chain's.
    await t.ds.query('UPDATE member SET join_store_id = ? WHERE id = ?', [chain.storeA, regular.id]);
    await cli('insights:refresh', '--as-of', asOf);
    const mine = await http(t.baseUrl, 'GET', '/api/admin/insights/overview', {
      token: chain.tokens.managerA,
    });
    expect(mine.body).toMatchObject({ members: 1, withVisits: 1 });
    expect(mine.body.lifecycle.find((x: any) => x.key === 'CORE').count).toBe(1);

    const missing = await cli('insights:member', '--ref', '13699999999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('会员不存在');
  }, 120_000);
});

describe('scores and layer boundaries', () => {
  beforeAll(async () => {
    await t.close();
    t = await startApp();
    chain = await buildChain(t);
  });

  it('R/F/M scores equal ceil(5 × CUME_DIST) for every member (ties share a score), computed by the database', async () => {
    const asOf = '2026-06-30';
    const rand = (i: number, k: number) => ((i * 7919 + k * 104729) % 97) / 97;
    for (let i = 0; i < 40; i++) {
      const m = await aMember(t, { phone: `1380000${String(i).padStart(4, '0')}` });
      const n = 1 + Math.floor(rand(i, 1) * 6);
      // Spend in steps of ¥50 so that ties happen; recency from 0 to ~300 days.
      for (let k = 0; k < n; k++)
        await visit(
          asOf,
          m.id,
          Math.floor(rand(i, 2) * 300) + k * 3,
          5_000 * (1 + Math.floor(rand(i, k + 3) * 4)),
        );
    }
    expect((await cli('insights:refresh', '--as-of', asOf)).code).toBe(0);
    const rows = (await t.ds.query(
      `SELECT r_score AS r, f_score AS f, m_score AS m,
          CUME_DIST() OVER (ORDER BY recency_days DESC) AS cr,
          CUME_DIST() OVER (ORDER BY frequency) AS cf,
          CUME_DIST() OVER (ORDER BY monetary_fen) AS cm
        FROM member_insight WHERE first_day IS NOT NULL`,
    )) as Record<string, number | string>[];
    expect(rows).toHaveLength(40);
    const q = (cd: number | string) => Math.min(5, Math.floor(Number(cd) * 5 + 0.999999));
    for (const r of rows)
      expect([Number(r.r), Number(r.f), Number(r.m)]).toEqual([q(r.cr), q(r.cf), q(r.cm)]);
    // Every score is used and higher values never score lower.
    expect(new Set(rows.map((r) => Number(r.m))).size).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('puts each diner in the right layer on each side of every threshold, and follows the settings', async () => {
    await t.ds.query('DELETE FROM visit');
    const asOf = '2026-06-30';
    const diner = async (phone: string, days: number[], paid = 10_000) => {
      const m = await aMember(t, { phone });
      for (const d of days) await visit(asOf, m.id, d, paid);
      return m.id;
    };
    const ids = {
      newAt30: await diner('13900000001', [30]), // first visit exactly 30 days ago: still new
      oldAt31: await diner('13900000002', [31, 3]), // 31 days since the first visit: no longer new
      dormantAt30: await diner('13900000003', [60, 30]), // away exactly 30 days: dormant
      lostAt90: await diner('13900000004', [120, 90]), // away exactly 90 days: lost
      dormantAt89: await diner('13900000005', [120, 89]),
      core: await diner('13900000006', [50, 40, 30, 20, 10, 5], 20_000), // 6 visits, ¥1,200
      potential: await diner('13900000007', [40, 30, 20, 10, 5], 20_000), // 5 visits
      cheap: await diner('13900000008', [50, 40, 30, 20, 10, 5], 10_000), // 6 visits but ¥600
      pastRhythm: await diner('13900000009', [60, 57, 54, 51, 48, 45, 42, 39, 36, 33, 16], 20_000), // every 3 days, then 16 away
    };
    const layers = async () => {
      expect((await cli('insights:refresh', '--as-of', asOf)).code).toBe(0);
      const rows = await t.ds.getRepository(MemberInsight).find();
      return Object.fromEntries(
        Object.entries(ids).map(([k, id]) => [k, rows.find((r) => r.memberId === id)!.lifecycle]),
      );
    };
    expect(await layers()).toEqual({
      newAt30: 'NEW',
      oldAt31: 'POTENTIAL',
      dormantAt30: 'DORMANT',
      lostAt90: 'LOST',
      dormantAt89: 'DORMANT',
      core: 'CORE',
      potential: 'POTENTIAL',
      cheap: 'POTENTIAL',
      pastRhythm: 'DORMANT', // 16 days > twice the usual 3 (and ≥ 14)
    });
    // Head office moves the thresholds: the same diners fall elsewhere at the next refresh.
    const put = (body: object) =>
      http(t.baseUrl, 'PUT', '/api/admin/settings', { token: chain.tokens.admin, body });
    expect(
      (await put({ lifecycleNewDays: 7, lifecycleDormantDays: 60, lifecycleLostDays: 100, coreMinVisits: 5 }))
        .status,
    ).toBe(200);
    expect(await layers()).toMatchObject({
      newAt30: 'POTENTIAL',
      dormantAt30: 'POTENTIAL',
      lostAt90: 'DORMANT',
      potential: 'CORE',
    });
    await put({ lifecycleNewDays: 30, lifecycleDormantDays: 30, lifecycleLostDays: 90, coreMinVisits: 6 });
  }, 120_000);
});

describe('clusters', () => {
  beforeAll(async () => {
    await t.close();
    t = await startApp();
    chain = await buildChain(t);
  });

  it('finds the office lunchers, the weekend families and the bargain hunters, named in Chinese; staff names survive a refresh', async () => {
    const asOf = '2026-06-30'; // a Tuesday: 7k + 4 days before is a Friday, 7k + 2 a Sunday
    const groups: Record<string, string[]> = { office: [], family: [], bargain: [] };
    for (let i = 0; i < 12; i++) {
      const office = await aMember(t, { phone: `1370000${String(i).padStart(4, '0')}` });
      for (let w = 0; w < 6; w++) await visit(asOf, office.id, 4 + 7 * w, 4_500, 12, { party: 1 });
      groups.office.push(office.id);
      const family = await aMember(t, { phone: `1370001${String(i).padStart(4, '0')}` });
      for (let w = 0; w < 4; w++) await visit(asOf, family.id, 2 + 14 * w, 48_000, 19, { party: 5 });
      groups.family.push(family.id);
      const bargain = await aMember(t, { phone: `1370002${String(i).padStart(4, '0')}` });
      for (let w = 0; w < 3; w++)
        await visit(asOf, bargain.id, 5 + 20 * w, 6_000, 18, { party: 2, coupon: true });
      groups.bargain.push(bargain.id);
    }
    const res = await cli('insights:refresh', '--as-of', asOf);
    expect(res.code).toBe(0);
    const clusterOf = async (id: string) =>
      (await t.ds.getRepository(MemberInsight).findOneByOrFail({ memberId: id })).cluster;
    const keys: Record<string, string> = {};
    for (const [g, ids] of Object.entries(groups)) {
      const found = new Set(await Promise.all(ids.map(clusterOf)));
      expect([g, found.size]).toEqual([g, 1]); // each group is one cluster…
      keys[g] = [...found][0]!;
    }
    expect(new Set(Object.values(keys)).size).toBe(3); // …and the three differ
    expect(keys).toEqual({ office: '工作日午餐常客', family: '周末家庭聚餐', bargain: '优惠敏感型' });

    const list = await http(t.baseUrl, 'GET', '/api/admin/insights/clusters', {
      token: chain.tokens.marketer,
    });
    expect(list.body).toHaveLength(3);
    expect(list.body.find((c: any) => c.key === '周末家庭聚餐')).toMatchObject({
      members: 12,
      renamed: false,
      description: expect.stringContaining('平均 5.0 人'),
    });
    // Staff rename a cluster; the name is what the overview shows, also after the next refresh.
    const path = `/api/admin/insights/clusters/${encodeURIComponent('工作日午餐常客')}`;
    const blank = await http(t.baseUrl, 'PUT', path, {
      token: chain.tokens.marketer,
      body: { name: '   ', description: null },
    });
    expect(blank.status).toBe(400);
    const renamed = await http(t.baseUrl, 'PUT', path, {
      token: chain.tokens.marketer,
      body: { name: '写字楼白领', description: '工作日中午一个人来' },
    });
    expect(renamed.body).toMatchObject({ name: '写字楼白领', renamed: true, autoName: '工作日午餐常客' });
    await cli('insights:refresh', '--as-of', asOf);
    const o = await http(t.baseUrl, 'GET', '/api/admin/insights/overview', { token: chain.tokens.admin });
    expect(o.body.clusters).toEqual(
      expect.arrayContaining([
        { key: '工作日午餐常客', name: '写字楼白领', description: '工作日中午一个人来', count: 12 },
      ]),
    );
    const missing = await http(t.baseUrl, 'PUT', '/api/admin/insights/clusters/nope', {
      token: chain.tokens.marketer,
      body: { name: 'x', description: null },
    });
    expect(missing.status).toBe(404);
    // The member segment takes a cluster and a percentage habit.
    const count = await http(t.baseUrl, 'POST', '/api/admin/segments/preview', {
      token: chain.tokens.marketer,
      body: {
        filter: {
          all: [
            { field: 'cluster', op: 'eq', value: '工作日午餐常客' },
            { field: 'lunchShare', op: 'gte', value: 90 },
            { field: 'avgPartySize', op: 'lte', value: 1 },
          ],
        },
      },
    });
    expect(count.body.count).toBe(12);
    // The member list (and its export) take the same condition ad hoc: a dashboard cell's members.
    const filter = JSON.stringify({ all: [{ field: 'cluster', op: 'eq', value: '周末家庭聚餐' }] });
    const members = await http(t.baseUrl, 'GET', `/api/admin/members?filter=${encodeURIComponent(filter)}`, {
      token: chain.tokens.marketer,
    });
    expect(members.body.total).toBe(12);
    const csv = await http(
      t.baseUrl,
      'GET',
      `/api/admin/members/export?filter=${encodeURIComponent(filter)}`,
      {
        token: chain.tokens.marketer,
      },
    );
    expect(String(csv.body).trim().split('\n')).toHaveLength(13); // header + 12
    for (const bad of [
      '{nope',
      JSON.stringify({ all: [{ field: 'member.id; DROP', op: 'eq', value: 1 }] }),
    ]) {
      const r = await http(t.baseUrl, 'GET', `/api/admin/members?filter=${encodeURIComponent(bad)}`, {
        token: chain.tokens.marketer,
      });
      expect(r).toMatchObject({ status: 400, body: { code: 'SEGMENT_FILTER_INVALID' } });
    }
  }, 180_000);
});

function iso(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

describe("a chain's first day", () => {
  it('refreshes without a BG/NBD model while nobody has come back yet (the figures that need one stay empty)', async () => {
    const fresh = await startApp();
    try {
      const first = await buildChain(fresh);
      const m = await aMember(fresh);
      const { InsightsService } = await import('../src/insights/insights.service');
      const { CheckoutService } = await import('../src/checkout/checkout.service');
      await fresh.app
        .get(CheckoutService)
        .commit(
          { channel: 'CASHIER', storeId: first.storeA, scope: 'test', canActOn: () => true },
          { requestId: 'first-day-1', orderRef: 'F-1', amountFen: 8_800, memberId: m.id, couponCodes: [] },
        );
      const report = await fresh.app.get(InsightsService).refresh();
      expect(report).toBeTruthy();
      const row = await fresh.ds.getRepository(MemberInsight).findOneByOrFail({ memberId: m.id });
      expect(row).toMatchObject({ frequency: 1, pAlive: null, expectedVisits30: null });
    } finally {
      await fresh.close();
    }
  });
});

(TEST_DB === 'mysql' ? describe : describe.skip)('one refresh at a time, per database', () => {
  it("another database's refresh on the same server does not block this one; this one's does", async () => {
    const fresh = await startApp();
    const mysql = await import('mysql2/promise');
    const db = fresh.db.config.database as { host: string; port: number; username: string; database: string };
    const other = await mysql.createConnection({ host: db.host, port: db.port, user: db.username });
    try {
      await buildChain(fresh);
      const { InsightsService } = await import('../src/insights/insights.service');
      const insights = fresh.app.get(InsightsService);
      // A refresh running for another chain's database (a lock taken on a connection that uses it).
      await other.query('CREATE DATABASE IF NOT EXISTS tableside_t_other_chain');
      await other.query('USE tableside_t_other_chain');
      const [[held]] = (await other.query(`SELECT GET_LOCK(${REFRESH_LOCK}, 0) AS got`)) as unknown as [
        { got: number }[],
      ];
      expect(Number(held.got)).toBe(1);
      await expect(insights.refresh()).resolves.toBeTruthy();
      // The same lock for this database: a refresh is refused while it is held.
      await other.query(`USE \`${db.database}\``);
      await other.query(`SELECT GET_LOCK(${REFRESH_LOCK}, 0)`);
      await expect(insights.refresh()).rejects.toMatchObject({ code: 'INSIGHT_REFRESH_RUNNING' });
    } finally {
      await other.query('DROP DATABASE IF EXISTS tableside_t_other_chain');
      await other.end();
      await fresh.close();
    }
  });
});
