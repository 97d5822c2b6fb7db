/**
 * Member insight through the CLI contract (DESIGN.md §6): CDNOW imported through the real visits
 * import and fitted with `insights:fit` (the published BG/NBD estimates), and `insights:refresh`
 * on a small chain whose every figure is known: recency, 365-day F and M, quintile scores,
 * lifecycle boundaries, the visit rhythm and P(alive).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { MemberInsight } from '../src/insights/entities/member-insight.entity';
import { StoresService } from '../src/stores/stores.service';
import { aMember, buildChain, Chain } from './fixtures';
import { startApp, TestApp } from './harness';

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
    const at = (daysBefore: number, hour = 12) =>
      dayjs
        .tz(`${asOf} ${String(hour).padStart(2, '0')}:00:00`, 'Asia/Shanghai')
        .subtract(daysBefore, 'day')
        .toDate();
    const visit = async (memberId: string, daysBefore: number, paidFen: number, hour = 12) =>
      t.ds.query(
        `INSERT INTO visit (id, member_id, store_id, amount_fen, discount_fen, paid_fen, balance_paid_fen, occurred_at,
          party_size, channel, order_ref, coupon_codes, points_earned, status, voided_at, void_reason, staff_id,
          pos_key_id, import_key, created_at, pay_method)
         VALUES (?, ?, ?, ?, 0, ?, 0, ?, NULL, 'POS', NULL, '[]', 0, 'OK', NULL, NULL, NULL, NULL, NULL, ?, NULL)`,
        [
          `${memberId.slice(0, 24)}-${String(daysBefore).padStart(5, '0')}${hour}`.slice(0, 36),
          memberId,
          chain.storeA,
          paidFen,
          paidFen,
          t.db.config.database.kind === 'sqlite' ? iso(at(daysBefore, hour)) : at(daysBefore, hour),
          t.db.config.database.kind === 'sqlite' ? iso(new Date()) : new Date(),
        ],
      );
    const regular = await aMember(t, { phone: '13600000001' }); // every 7 days, came 2 days ago
    for (let d = 2; d <= 86; d += 7) await visit(regular.id, d, 10_000);
    const lapsed = await aMember(t, { phone: '13600000002' }); // 3 visits long ago
    for (const d of [200, 190, 180]) await visit(lapsed.id, d, 50_000);
    const fresh = await aMember(t, { phone: '13600000003' }); // joined recently, one visit 10 days ago
    await visit(fresh.id, 10, 8_000);
    const dozing = await aMember(t, { phone: '13600000004' }); // weekly, then silent for 40 days
    for (const d of [61, 54, 47, 40]) await visit(dozing.id, d, 6_000);
    const sameDay = await aMember(t, { phone: '13600000005' }); // two bills the same (business) day
    await visit(sameDay.id, 5, 3_000, 1); // 01:00 Shanghai = previous day 17:00 UTC
    await visit(sameDay.id, 5, 3_000, 23);
    await visit(sameDay.id, -3, 99_999); // after asOf: ignored
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
    const missing = await cli('insights:member', '--ref', '13699999999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('会员不存在');
  }, 120_000);
});

function iso(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
