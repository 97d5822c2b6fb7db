/**
 * Daily jobs fire once across instances: three processes ticking the same moment (the way three
 * servers would at 03:00) — the occurrence row lets exactly one run the insight refresh.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { aMember, buildChain } from './fixtures';
import { startApp, TestApp } from './harness';

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli', 'main.js');
let t: TestApp;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`先构建 server：缺少 ${CLI}`);
  t = await startApp();
  await buildChain(t);
  await aMember(t, { phone: '13300000001' });
});
afterAll(() => t?.close());

const tick = async (at: string) =>
  JSON.parse(
    (await run('node', [CLI, 'jobs:tick', '--at', at], { env: { ...process.env, ...t.db.env } })).stdout,
  ).ran as string[];
const n = async (sql: string) => Number((await t.ds.query(sql))[0].n);

it('three instances ticking at 03:05 run the daily insight refresh exactly once; before 03:00 nothing runs', async () => {
  expect(await tick('2026-12-01T02:59:00+08:00')).toEqual([]);
  expect(await n('SELECT COUNT(*) AS n FROM insight_summary')).toBe(0);
  const ran = await Promise.all([1, 2, 3].map(() => tick('2026-12-01T03:05:00+08:00')));
  expect(ran.flat()).toEqual(['insights.refresh']);
  expect(
    await n(
      "SELECT COUNT(*) AS n FROM job_run WHERE name = 'insights.refresh' AND occurrence = '2026-12-01'",
    ),
  ).toBe(1);
  expect(await n("SELECT COUNT(*) AS n FROM job_run WHERE state = 'DONE'")).toBe(1);
  expect(await n('SELECT COUNT(*) AS n FROM insight_summary')).toBeGreaterThan(0); // the refresh ran
  expect(await n('SELECT COUNT(*) AS n FROM member_insight')).toBeGreaterThan(0);
  // Later the same day: already done; the next day: due again.
  expect(await tick('2026-12-01T18:00:00+08:00')).toEqual([]);
  expect(await tick('2026-12-02T03:00:00+08:00')).toEqual(['insights.refresh']);
}, 120_000);
