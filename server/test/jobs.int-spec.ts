/**
 * Scheduled jobs fire once across instances: three processes ticking the same moment (the way three
 * servers would) — the occurrence row lets exactly one run each job: the nightly ones (points
 * expiry, tier evaluation, insight refresh) and the automation sweep, whose coupons go out once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Automation } from '../src/automations/automation.entity';
import { AutomationsService } from '../src/automations/automations.service';
import { SchedulerService } from '../src/jobs/scheduler.service';
import { aMember, aTemplate, buildChain, cashTemplate, Chain } from './fixtures';
import { http, startApp, TestApp } from './harness';

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli', 'main.js');
let t: TestApp;
let chain: Chain;

let welcome: Automation;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`先构建 server：缺少 ${CLI}`);
  t = await startApp();
  chain = await buildChain(t);
  const tpl = await aTemplate(t, cashTemplate({ name: '入会礼', channels: ['CAMPAIGN'] }));
  welcome = await t.app
    .get(AutomationsService)
    .create(
      { name: '入会礼', trigger: 'JOIN', coupon: { templateId: tpl.id, count: 1 }, enabled: true },
      true,
    );
  for (let i = 1; i <= 20; i++) await aMember(t, { phone: `133000000${String(i).padStart(2, '0')}` });
});
afterAll(() => t?.close());

const tick = async (at: string, only?: string) =>
  JSON.parse(
    (
      await run('node', [CLI, 'jobs:tick', '--at', at, ...(only ? ['--only', only] : [])], {
        env: { ...process.env, ...t.db.env },
      })
    ).stdout,
  ).ran as string[];
const n = async (sql: string) => Number((await t.ds.query(sql))[0].n);

it('three instances ticking at 03:05 run each job exactly once; before 03:00 the refresh does not run', async () => {
  expect(await tick('2026-12-01T02:59:00+08:00', 'insights.refresh')).toEqual([]);
  expect(await n('SELECT COUNT(*) AS n FROM insight_summary')).toBe(0);
  const ran = await Promise.all([1, 2, 3].map(() => tick('2026-12-01T03:05:00+08:00')));
  expect(ran.flat().sort()).toEqual([
    'automations.sweep',
    'campaigns.due',
    'coupons.flash-reconcile',
    'insights.refresh',
    'payments.reconcile',
    'points.expire',
    'sms.dispatch',
    'tiers.evaluate',
    'wechat.dispatch',
  ]);
  expect(
    await n(
      "SELECT COUNT(*) AS n FROM job_run WHERE name = 'insights.refresh' AND occurrence = '2026-12-01'",
    ),
  ).toBe(1);
  expect(await n("SELECT COUNT(*) AS n FROM job_run WHERE state = 'DONE'")).toBe(9);
  // The welcome automation fired once per member, not three times.
  expect(await n(`SELECT COUNT(*) AS n FROM campaign_delivery WHERE campaign_id = '${welcome.id}'`)).toBe(20);
  expect(await n(`SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = '${welcome.id}'`)).toBe(20);
  expect(await n('SELECT COUNT(*) AS n FROM insight_summary')).toBeGreaterThan(0); // the refresh ran
  expect(await n('SELECT COUNT(*) AS n FROM member_insight')).toBeGreaterThan(0);
  // Later the same day: already done; the next day: due again.
  expect(await tick('2026-12-01T18:00:00+08:00', 'insights.refresh')).toEqual([]);
  expect(await tick('2026-12-02T03:00:00+08:00', 'insights.refresh')).toEqual(['insights.refresh']);
  // The sweep's occurrence is its five-minute slot: 03:05 is taken, 03:10 is due.
  expect(await tick('2026-12-01T03:09:00+08:00', 'automations.sweep')).toEqual([]);
  expect(await tick('2026-12-01T03:10:00+08:00', 'automations.sweep')).toEqual(['automations.sweep']);
}, 120_000);

it('a failed daily job is retried after a pause, visible to head office with its error and attempts', async () => {
  const scheduler = t.app.get(SchedulerService);
  let calls = 0;
  scheduler.jobs.push({
    name: 'test.flaky',
    at: '03:00',
    run: async () => {
      calls++;
      if (calls === 1) throw new Error('数据库暂时不可用');
    },
  });
  try {
    const at = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00+08:00`);
    expect(await scheduler.tick(at('03:05'), ['test.flaky'])).toEqual([]);
    const [failed] = await t.ds.query(
      "SELECT state, attempts, retry_at AS retryAt, error FROM job_run WHERE name = 'test.flaky'",
    );
    expect([failed.state, Number(failed.attempts), failed.error]).toEqual(['FAILED', 1, '数据库暂时不可用']);
    expect(await scheduler.tick(at('03:07'), ['test.flaky'])).toEqual([]); // not before the pause (5 min)
    expect(calls).toBe(1);
    const overview = await http(t.baseUrl, 'GET', '/api/admin/jobs', { token: chain.tokens.admin });
    expect(overview.status).toBe(200);
    expect(overview.body.items.find((r: { name: string }) => r.name === 'test.flaky')).toMatchObject({
      state: 'FAILED',
      attempts: 1,
      maxAttempts: 3,
      error: '数据库暂时不可用',
      retryAt: '2026-12-02T19:10:00.000Z',
    });
    expect(await scheduler.tick(at('03:11'), ['test.flaky'])).toEqual(['test.flaky']);
    expect(calls).toBe(2);
    const [done] = await t.ds.query("SELECT state, attempts, error FROM job_run WHERE name = 'test.flaky'");
    expect([done.state, Number(done.attempts), done.error]).toEqual(['DONE', 2, null]);
    expect(await scheduler.tick(at('03:20'), ['test.flaky'])).toEqual([]);
  } finally {
    scheduler.jobs.pop();
  }
});
