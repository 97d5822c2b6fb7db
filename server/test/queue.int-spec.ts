/**
 * Three real server processes on one database and one Redis (BullMQ): the scheduler's tick is a
 * repeatable job for the deployment, so a daily automation fires once, not three times; a campaign
 * sent through one instance is run by whichever worker takes the queued job, to the end, once.
 */
import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Automation } from '../src/automations/automation.entity';
import { AutomationsService } from '../src/automations/automations.service';
import { CampaignsService } from '../src/campaigns/campaigns.service';
import { aMember, aTemplate, buildChain, cashTemplate, Chain } from './fixtures';
import { http, startApp, TestApp } from './harness';
import { spawnServer, TEST_REDIS } from './processes';

const REDIS = TEST_REDIS;
let t: TestApp;
let chain: Chain;
let welcome: Automation;
let tpl: string;
const servers: ChildProcess[] = [];
const prefix = `tableside-test-${randomBytes(4).toString('hex')}`;
const ports: number[] = [];

const n = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);
const until = async (what: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
};

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
  tpl = (await aTemplate(t, cashTemplate({ name: '入会礼', channels: ['CAMPAIGN'] }))).id;
  welcome = await t.app
    .get(AutomationsService)
    .create({ name: '入会礼', trigger: 'JOIN', coupon: { templateId: tpl, count: 1 }, enabled: true }, true);
  for (let i = 1; i <= 30; i++) await aMember(t, { phone: `136000000${String(i).padStart(2, '0')}` });
  for (let i = 0; i < 3; i++) {
    const p = await spawnServer(t, {
      REDIS_URL: REDIS,
      QUEUE_PREFIX: prefix,
      SCHEDULER: '1',
      SCHEDULER_TICK_SECONDS: '1',
    });
    servers.push(p.child);
    ports.push(Number(new URL(p.base).port));
  }
  await until(async () => {
    const ok = await Promise.all(
      ports.map((p) =>
        fetch(`http://127.0.0.1:${p}/api/health`).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    return ok.every(Boolean);
  }, 60_000);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((r) => {
          if (s.exitCode !== null) return r();
          s.once('exit', () => r());
          s.kill('SIGTERM');
        }),
    ),
  );
  // The deployment's queue (and its repeatable tick) belongs to this test only.
  const queue = new Queue('jobs', { connection: { url: REDIS }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await t?.close();
});

it('three instances: the welcome automation fires once per member, and each job occurrence runs once', async () => {
  await until(
    async () =>
      (await n('SELECT COUNT(*) AS n FROM campaign_delivery WHERE campaign_id = ?', [welcome.id])) === 30,
  );
  // Several ticks later (three instances each wanting to tick every second): still once.
  await new Promise((r) => setTimeout(r, 4_000));
  expect(await n('SELECT COUNT(*) AS n FROM campaign_delivery WHERE campaign_id = ?', [welcome.id])).toBe(30);
  expect(await n('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [welcome.id])).toBe(30);
  const runs = (await t.ds.query(
    "SELECT name, occurrence, COUNT(*) AS n FROM job_run WHERE name = 'insights.refresh' GROUP BY name, occurrence",
  )) as { n: number }[];
  for (const r of runs) expect(Number(r.n)).toBe(1);
}, 60_000);

it('a campaign sent through one instance runs on the queue to the end, once', async () => {
  const c = await t.app.get(CampaignsService).create({
    name: '队列活动',
    audience: { all: true },
    coupon: { templateId: tpl, count: 1 },
  });
  const res = await http(`http://127.0.0.1:${ports[1]}`, 'POST', `/api/admin/campaigns/${c.id}/start`, {
    token: chain.tokens.admin,
  });
  expect(res.status).toBe(200);
  await until(async () => (await t.app.get(CampaignsService).get(c.id)).state === 'DONE');
  const members = await n('SELECT COUNT(*) AS n FROM member WHERE deleted_at IS NULL');
  expect(await n('SELECT COUNT(*) AS n FROM campaign_delivery WHERE campaign_id = ?', [c.id])).toBe(members);
  expect(await n('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [c.id])).toBe(members);
}, 60_000);
