/**
 * Campaigns as durable work (issue 11, first part): who gets what (holdout, consent, frequency
 * cap, stock), SMS in quiet hours, the CLI contract (DESIGN.md §6), and a real SIGKILL of
 * `campaigns:run` mid-run followed by a resume — plus two workers sharing one run: every member
 * outside the holdout ends with exactly one set of coupons and one SMS.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CampaignsService } from '../src/campaigns/campaigns.service';
import { SmsService } from '../src/sms/sms.service';
import { WechatMessagesService } from '../src/wechat/wechat-messages.service';
import { afterQuietHours, OPT_OUT_LINE } from '../src/campaigns/delivery';
import { ChainSettings } from '../src/settings/entities/chain-settings.entity';
import { SettingsService } from '../src/settings/settings.service';
import { aMember, aTemplate, buildChain, cashTemplate, Chain } from './fixtures';
import { http, startApp, TestApp } from './harness';

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli', 'main.js');
let t: TestApp;
let chain: Chain;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`先构建 server：缺少 ${CLI}`);
  t = await startApp();
  chain = await buildChain(t);
  dir = mkdtempSync(join(tmpdir(), 'tableside-campaign-'));
});
afterAll(() => t?.close());

const sqlite = () => t.db.config.database.kind === 'sqlite';
const iso = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
/** Now, as the column holds it (SQLite: UTC text). */
const when = () => (sqlite() ? new Date().toISOString().replace('T', ' ').replace('Z', '') : new Date());
const count = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);

describe('who gets what', () => {
  it('coupons and SMS to the treated; nothing to the holdout or to members without SMS consent; counters add up', async () => {
    const members: string[] = [];
    for (let i = 0; i < 40; i++) {
      const m = await aMember(t, { phone: `1350000${String(i).padStart(4, '0')}` });
      await t.ds.query('UPDATE member SET consent_sms = ?, name = ? WHERE id = ?', [
        i % 4 !== 0 ? 1 : 0,
        `客${i}`,
        m.id,
      ]);
      members.push(m.id);
    }
    const tpl = await aTemplate(
      t,
      cashTemplate({ name: '回归礼 满100减30', valueFen: 3000, channels: ['CAMPAIGN'] }),
    );
    const svc = t.app.get(CampaignsService);
    const c = await svc.create({
      name: '老客回归',
      audience: { filter: { all: [{ field: 'consentWechat', op: 'eq', value: false }] } },
      coupon: { templateId: tpl.id, count: 2 },
      sms: { text: '{name}您好，送您回归礼，券码{coupon}，{expiry}前有效' },
      holdoutPercent: 20,
    });
    const status = await svc.run(c.id, { batch: 7 }); // many small batches: the cursor is exercised
    expect(status.state).toBe('DONE');
    const deliveries = (await t.ds.query(
      'SELECT member_id, grp FROM campaign_delivery WHERE campaign_id = ?',
      [c.id],
    )) as { member_id: string; grp: string }[];
    expect(deliveries).toHaveLength(status.audience);
    expect(new Set(deliveries.map((d) => d.member_id)).size).toBe(deliveries.length);
    const grp = (g: string) => deliveries.filter((d) => d.grp === g).map((d) => d.member_id);
    expect(grp('NO_CONSENT').length).toBe(status.excluded.consent);
    expect(status.excluded.consent).toBeGreaterThanOrEqual(10); // every 4th of ours has no consent
    expect(status.holdout).toBe(grp('HOLDOUT').length);
    expect(status.holdout).toBeGreaterThan(0);
    for (const m of grp('TREATED')) {
      expect(
        await count('SELECT COUNT(*) AS n FROM coupon WHERE member_id = ? AND issue_ref = ?', [m, c.id]),
      ).toBe(2);
      expect(
        await count('SELECT COUNT(*) AS n FROM sms_message WHERE member_id = ? AND campaign_id = ?', [
          m,
          c.id,
        ]),
      ).toBe(1);
    }
    for (const m of [...grp('HOLDOUT'), ...grp('NO_CONSENT')]) {
      expect(
        await count('SELECT COUNT(*) AS n FROM coupon WHERE member_id = ? AND issue_ref = ?', [m, c.id]),
      ).toBe(0);
      expect(await count('SELECT COUNT(*) AS n FROM sms_message WHERE member_id = ?', [m])).toBe(0);
    }
    expect(status.couponsIssued).toBe(grp('TREATED').length * 2);
    expect(status.smsQueued).toBe(grp('TREATED').length);
    const [sms] = (await t.ds.query(
      'SELECT s.text, c.code FROM sms_message s JOIN coupon c ON c.member_id = s.member_id WHERE s.campaign_id = ? LIMIT 1',
      [c.id],
    )) as { text: string; code: string }[];
    expect(sms.text).toMatch(/^客\d+您好，送您回归礼，券码6\d{19}，\d{4}-\d{2}-\d{2}前有效 拒收请回复R$/);
    expect(sms.text.endsWith(OPT_OUT_LINE)).toBe(true);
    // The template's issued count moved by exactly what was issued.
    expect(await count('SELECT issued_count AS n FROM coupon_template WHERE id = ?', [tpl.id])).toBe(
      status.couponsIssued,
    );
    // Running a finished campaign again changes nothing.
    expect(await svc.run(c.id)).toEqual(status);
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [c.id])).toBe(
      status.couponsIssued,
    );
  });

  it('a member in two campaigns inside the cap window is touched once; stock running out is recorded', async () => {
    await t.app.get(SettingsService).get();
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: 1 });
    const svc = t.app.get(CampaignsService);
    const tpl = await aTemplate(t, cashTemplate({ name: '限量券', channels: ['CAMPAIGN'], stock: 5 }));
    const first = await svc.run(
      (
        await svc.create({
          name: '第一波',
          audience: { all: true },
          coupon: { templateId: tpl.id, count: 1 },
        })
      ).id,
    );
    expect(first.couponsIssued).toBe(5); // the stock
    expect(first.excluded.stock).toBeGreaterThan(0);
    const tpl2 = await aTemplate(t, cashTemplate({ name: '第二波券', channels: ['CAMPAIGN'] }));
    const second = await svc.run(
      (
        await svc.create({
          name: '第二波',
          audience: { all: true },
          coupon: { templateId: tpl2.id, count: 1 },
        })
      ).id,
    );
    // Everyone touched this week (earlier test or the first wave) is capped; the others get one.
    const touched = await count(
      "SELECT COUNT(DISTINCT member_id) AS n FROM campaign_delivery WHERE grp = 'TREATED' AND campaign_id <> ?",
      [second.id],
    );
    expect(second.excluded.cap).toBe(touched);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM (SELECT member_id FROM campaign_delivery WHERE grp = 'TREATED'
           GROUP BY member_id HAVING COUNT(*) > 1) x`,
      ),
    ).toBe(0);
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: 2 });
  });

  it('refuses a template that campaigns may not hand out, and a bad holdout', async () => {
    const svc = t.app.get(CampaignsService);
    const exchangeOnly = await aTemplate(
      t,
      cashTemplate({ name: '积分兑换券', channels: ['POINTS_EXCHANGE'], pointsCost: 500 }),
    );
    await expect(
      svc.create({ name: 'x', audience: { all: true }, coupon: { templateId: exchangeOnly.id, count: 1 } }),
    ).rejects.toMatchObject({ code: 'CAMPAIGN_TEMPLATE_UNUSABLE' });
    await expect(
      svc.create({ name: 'x', audience: { all: true }, sms: { text: 'hi' }, holdoutPercent: 80 }),
    ).rejects.toMatchObject({ code: 'CAMPAIGN_INVALID' });
  });
});

describe('results', () => {
  it('counts visits and revenue of the treated and the holdout in the window; uplift, costs and ROI follow', async () => {
    const svc = t.app.get(CampaignsService);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++)
      ids.push((await aMember(t, { phone: `1340000${String(i).padStart(4, '0')}` })).id);
    await t.ds.query(
      `UPDATE member SET tags = '["结果测试"]' WHERE id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: 100, capPer30Days: 100 });
    const tpl = await aTemplate(t, cashTemplate({ name: '效果券', valueFen: 1500, channels: ['CAMPAIGN'] }));
    const c = await svc.create({
      name: '效果评估',
      audience: { filter: { all: [{ field: 'tag', op: 'contains', value: '结果测试' }] } },
      coupon: { templateId: tpl.id, count: 1 },
      holdoutPercent: 40,
    });
    expect((await svc.results(c.id)).uplift).toBeNull(); // not started: nothing to measure
    await svc.run(c.id);
    const rows = (await t.ds.query(
      'SELECT member_id AS m, grp AS g FROM campaign_delivery WHERE campaign_id = ?',
      [c.id],
    )) as { m: string; g: string }[];
    const treated = rows.filter((r) => r.g === 'TREATED').map((r) => r.m);
    const holdout = rows.filter((r) => r.g === 'HOLDOUT').map((r) => r.m);
    // Half of the treated come back (¥80 each, one of them twice), a quarter of the holdout (¥60).
    const at = new Date(Date.now() + 60 * 60_000);
    const visit = (m: string, fen: number) =>
      t.ds.query(
        `INSERT INTO visit (id, member_id, store_id, amount_fen, discount_fen, paid_fen, balance_paid_fen, occurred_at,
          party_size, channel, order_ref, coupon_codes, coupon_count, points_earned, status, created_at)
         VALUES (?, ?, ?, ?, 0, ?, 0, ?, NULL, 'POS', NULL, '[]', 0, 0, 'OK', ?)`,
        [randomUUID(), m, chain.storeA, fen, fen, sqlite() ? iso(at) : at, sqlite() ? iso(at) : at],
      );
    const tv = treated.slice(0, Math.floor(treated.length / 2));
    const hv = holdout.slice(0, Math.floor(holdout.length / 4));
    for (const m of tv) await visit(m, 8_000);
    await visit(tv[0], 8_000);
    for (const m of hv) await visit(m, 6_000);
    await t.ds.query(
      `UPDATE coupon SET status = 'USED', used_at = ? WHERE issue_ref = ? AND member_id IN (${tv
        .slice(0, 5)
        .map(() => '?')
        .join(',')})`,
      [sqlite() ? iso(at) : at, c.id, ...tv.slice(0, 5)],
    );
    const r = await svc.results(c.id);
    expect(r.treated).toEqual({
      members: treated.length,
      visitors: tv.length,
      revenueFen: tv.length * 8_000 + 8_000,
      revenueSqFen: (tv.length - 1) * 8_000 ** 2 + 16_000 ** 2,
    });
    expect(r.holdout).toMatchObject({
      members: holdout.length,
      visitors: hv.length,
      revenueFen: hv.length * 6_000,
    });
    expect(r.uplift!.rateDiff.estimate).toBeCloseTo(
      tv.length / treated.length - hv.length / holdout.length,
      12,
    );
    expect(r.uplift!.rateDiff.low).toBeLessThan(r.uplift!.rateDiff.estimate);
    expect(r.couponsRedeemed).toBe(5);
    expect(r.couponCostFen).toBe(5 * 1_500);
    expect(r.smsCostFen).toBe(0);
    expect(r.roi!.estimate).toBeCloseTo((r.uplift!.incrementalRevenueFen.estimate - 7_500) / 7_500, 9);
    expect(r.trend).toHaveLength(14);
    expect(r.trend.reduce((a, d) => a + d.treatedRate, 0)).toBeCloseTo(tv.length / treated.length, 12);
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: 2, capPer30Days: 4 });
  });
});

describe('over HTTP (admin)', () => {
  it('previews, creates, sends in the background with progress, and reports results; cashiers are refused', async () => {
    const tpl = await aTemplate(
      t,
      cashTemplate({ name: '后台活动券', valueFen: 2000, channels: ['CAMPAIGN'] }),
    );
    const body = {
      name: '后台发券',
      audience: { filter: { all: [{ field: 'tag', op: 'contains', value: '结果测试' }] } },
      coupon: { templateId: tpl.id, count: 1 },
      sms: { text: '{name}，券已到账' },
      holdoutPercent: 20,
    };
    const call = (method: string, path: string, b?: unknown, token = chain.tokens.marketer) =>
      http(t.baseUrl, method, path, { token, body: b });
    const preview = await call('POST', '/api/admin/campaigns/preview', body);
    expect(preview.status).toBe(200);
    const consenting = await count(
      `SELECT COUNT(*) AS n FROM member WHERE tags LIKE '%结果测试%' AND consent_sms = 1 AND phone IS NOT NULL`,
    );
    expect(preview.body).toMatchObject({
      audience: 120,
      excludedConsent: 120 - consenting,
      smsCostFen: preview.body.treated * 5,
    });
    expect(preview.body.couponLiabilityFen).toBe(preview.body.treated * 2000);
    expect((await call('POST', '/api/admin/campaigns', body, chain.tokens.cashierA)).status).toBe(403);
    const created = await call('POST', '/api/admin/campaigns', body);
    expect(created.body).toMatchObject({
      name: '后台发券',
      templateName: '后台活动券',
      status: { state: 'READY' },
    });
    const started = await call('POST', `/api/admin/campaigns/${created.body.id}/start`);
    expect(started.body.expectedAudience).toBe(120);
    let r = await call('GET', `/api/admin/campaigns/${created.body.id}`);
    for (let i = 0; i < 100 && r.body.campaign.status.state !== 'DONE'; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      r = await call('GET', `/api/admin/campaigns/${created.body.id}`);
    }
    expect(r.body.campaign.status).toMatchObject({ state: 'DONE', audience: 120 });
    expect(r.body.trend).toHaveLength(14);
    expect(r.body.treated.members + r.body.holdout.members).toBe(
      120 - r.body.campaign.status.excluded.consent - r.body.campaign.status.excluded.cap,
    );
    expect((await call('POST', `/api/admin/campaigns/${created.body.id}/start`)).body.code).toBe(
      'CAMPAIGN_FINISHED',
    );
    const list = await call('GET', '/api/admin/campaigns');
    expect(list.body.find((x: { id: string }) => x.id === created.body.id).audienceLabel).toBe(
      '条件：标签 包含 结果测试',
    );
    // Above the chain's approval size a marketer cannot send; an HQ admin can, and is recorded.
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { campaignApprovalAbove: 10 });
    const big = await call('POST', '/api/admin/campaigns', { ...body, name: '大受众' });
    const refused = await call('POST', `/api/admin/campaigns/${big.body.id}/start`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'CAMPAIGN_NEEDS_APPROVAL' } });
    expect(refused.body.message).toContain('超过 10 人的活动需要总部管理员批准');
    expect((await call('GET', `/api/admin/campaigns/${big.body.id}`)).body.campaign.status.state).toBe(
      'READY',
    );
    const approved = await call(
      'POST',
      `/api/admin/campaigns/${big.body.id}/start`,
      undefined,
      chain.tokens.admin,
    );
    expect(approved.status).toBe(200);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'campaign.approve' AND target_id = ?", [
        big.body.id,
      ]),
    ).toBe(1);
    expect(
      await count('SELECT COUNT(*) AS n FROM campaign WHERE id = ? AND approved_by IS NOT NULL', [
        big.body.id,
      ]),
    ).toBe(1);
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { campaignApprovalAbove: 5000 });
    // A body that is not a campaign is refused with the reason.
    const bad = await call('POST', '/api/admin/campaigns', { ...body, holdoutPercent: 90 });
    expect(bad.status).toBe(400);
  });
});

describe('SMS outside the demo', () => {
  it('the simulator delivers due messages only (labelled SIM-); a real deployment refuses SMS campaigns until SMS is configured', async () => {
    const queued = await count("SELECT COUNT(*) AS n FROM sms_message WHERE status = 'QUEUED'");
    expect(queued).toBeGreaterThan(0);
    const sms = t.app.get(SmsService);
    expect((await sms.dispatch(new Date('2000-01-01T00:00:00Z'))).sent).toBe(0); // nothing is due yet
    expect((await sms.dispatch(new Date(Date.now() + 86_400_000))).sent).toBe(queued);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM sms_message WHERE status = 'DELIVERED' AND provider_ref LIKE 'SIM-%'",
      ),
    ).toBe(queued);
    const box = await http(t.baseUrl, 'GET', '/api/admin/campaigns/sms-outbox', {
      token: chain.tokens.marketer,
    });
    expect(box.body).toMatchObject({ simulated: true, queued: 0 });
    expect(box.body.items[0]).toMatchObject({
      status: 'DELIVERED',
      providerRef: expect.stringMatching(/^SIM-/),
    });
    expect(box.body.items.every((r: { phone: string }) => /^\d{3}\*{4}\d{4}$/.test(r.phone))).toBe(true);
    expect(
      (await http(t.baseUrl, 'GET', '/api/admin/campaigns/sms-outbox', { token: chain.tokens.managerA }))
        .status,
    ).toBe(403);
    const real = await startApp({ integrationsMode: 'real', simulators: false });
    try {
      await expect(
        real.app
          .get(CampaignsService)
          .create({ name: '真环境短信', audience: { all: true }, sms: { text: '你好' } }),
      ).rejects.toMatchObject({ code: 'SMS_NOT_CONFIGURED', status: 409 });
    } finally {
      await real.close();
    }
  });
});

describe('quiet hours', () => {
  it('an SMS at 22:30 waits for 09:00 business time; 08:00 waits for 09:00; noon goes at once', () => {
    const s = { timeZone: 'Asia/Shanghai', quietStartHour: 21, quietEndHour: 9 };
    const at = (iso: string) => new Date(iso);
    expect(afterQuietHours(at('2026-12-01T22:30:00+08:00'), s).toISOString()).toBe(
      '2026-12-02T01:00:00.000Z',
    );
    expect(afterQuietHours(at('2026-12-01T08:00:00+08:00'), s).toISOString()).toBe(
      '2026-12-01T01:00:00.000Z',
    );
    expect(afterQuietHours(at('2026-12-01T12:00:00+08:00'), s).toISOString()).toBe(
      '2026-12-01T04:00:00.000Z',
    );
    expect(afterQuietHours(at('2026-12-01T21:00:00+08:00'), s).toISOString()).toBe(
      '2026-12-02T01:00:00.000Z',
    );
  });
});

describe('kill and resume (CLI, real SIGKILL)', () => {
  const N = 50_000;

  beforeAll(async () => {
    await t.close();
    t = await startApp();
    chain = await buildChain(t);
    // N members, set-based, half with SMS consent.
    // SQLite: a recursive CTE; MariaDB: its sequence tables (recursion stops at 1,000 by default).
    const rows = sqlite()
      ? `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${N})`
      : `WITH seq AS (SELECT seq AS n FROM seq_1_to_${N})`;
    const id = sqlite()
      ? "printf('00000000-0000-4000-a000-%012d', n)"
      : "CONCAT('00000000-0000-4000-a000-', LPAD(n, 12, '0'))";
    const phone = sqlite() ? "printf('137%08d', n)" : "CONCAT('137', LPAD(n, 8, '0'))";
    await t.ds.query(
      `INSERT INTO member (id, member_no, phone, name, gender, join_channel, tier_id, points_balance,
          balance_principal_fen, balance_bonus_fen, consent_sms, consent_wechat, tags, code_secret, created_at, updated_at,
          token_version)
        ${rows} SELECT ${id}, 900000 + n, ${phone}, NULL, 'U', 'IMPORT', ?, 0, 0, 0, n % 2, 0, '[]', 'x', ?, ?, 0 FROM seq`,
      [Object.values(chain.tiers)[0], when(), when()],
    );
  }, 120_000);

  async function cli(...args: string[]) {
    const r = await run('node', [CLI, ...args], {
      env: { ...process.env, ...t.db.env },
      cwd: dir,
      maxBuffer: 1 << 26,
    });
    return JSON.parse(r.stdout);
  }
  /** Starts `campaigns:run` and resolves once it has reported at least `atLeast` members handled. */
  function startRun(id: string, atLeast: number): Promise<ChildProcess> {
    const child = spawn('node', [CLI, 'campaigns:run', '--id', id], {
      env: { ...process.env, ...t.db.env },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((ok, fail) => {
      let seen = 0;
      child.stderr!.on('data', (b: Buffer) => {
        for (const m of b.toString().matchAll(/已处理 (\d+) 人/g)) seen = Math.max(seen, Number(m[1]));
        if (seen >= atLeast) ok(child);
      });
      child.on('exit', () => fail(new Error(`run ended before ${atLeast} (saw ${seen})`)));
    });
  }
  async function checkExactlyOnce(id: string, holdoutPercent: number) {
    const status = await cli('campaigns:status', '--id', id);
    expect(status).toMatchObject({
      state: 'DONE',
      audience:
        N + (await count("SELECT COUNT(*) AS n FROM member WHERE id NOT LIKE '00000000-0000-4000-a000-%'")),
    });
    // Every delivery once; every treated member exactly one coupon and one SMS; holdout nothing.
    expect(await count('SELECT COUNT(*) AS n FROM campaign_delivery WHERE campaign_id = ?', [id])).toBe(
      status.audience,
    );
    for (const [table, ref] of [
      ['coupon', 'issue_ref'],
      ['sms_message', 'campaign_id'],
    ])
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM campaign_delivery d
            LEFT JOIN (SELECT member_id, COUNT(*) AS k FROM ${table} WHERE ${ref} = ? GROUP BY member_id) x
              ON x.member_id = d.member_id
            WHERE d.campaign_id = ? AND d.grp = 'TREATED' AND COALESCE(x.k, 0) <> 1`,
          [id, id],
        ),
      ).toBe(0);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM campaign_delivery d JOIN coupon c ON c.member_id = d.member_id AND c.issue_ref = d.campaign_id
          WHERE d.campaign_id = ? AND d.grp <> 'TREATED'`,
        [id],
      ),
    ).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [id])).toBe(
      status.couponsIssued,
    );
    const holdoutShare = status.holdout / (status.audience - status.excluded.consent - status.excluded.cap);
    expect(Math.abs(holdoutShare - holdoutPercent / 100)).toBeLessThan(0.01);
    return status;
  }

  it(`a run over ${N.toLocaleString()} members killed mid-way resumes and issues exactly once`, async () => {
    const tpl = await aTemplate(t, cashTemplate({ name: '大促券', channels: ['CAMPAIGN'] }));
    const file = join(dir, 'c1.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: '大促',
        audience: { all: true },
        coupon: { templateId: tpl.id, count: 1 },
        sms: { text: '大促券已到账：{coupon}' },
        holdoutPercent: 10,
      }),
    );
    const { id } = await cli('campaigns:create', '--file', 'c1.json');
    const child = await startRun(id, 5_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const halfway = await cli('campaigns:status', '--id', id);
    expect(halfway.state).toBe('RUNNING');
    expect(halfway.audience).toBeGreaterThan(0);
    expect(halfway.audience).toBeLessThan(N);
    const done = await cli('campaigns:run', '--id', id);
    expect(done.state).toBe('DONE');
    await checkExactlyOnce(id, 10);
  }, 600_000);

  it('two worker processes sharing one run: still exactly once', async () => {
    const tpl = await aTemplate(t, cashTemplate({ name: '双进程券', channels: ['CAMPAIGN'] }));
    writeFileSync(
      join(dir, 'c2.json'),
      JSON.stringify({
        name: '双进程',
        audience: { all: true },
        coupon: { templateId: tpl.id, count: 1 },
        sms: { text: '券已到账 {coupon}' },
        holdoutPercent: 10,
      }),
    );
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: 10, capPer30Days: 10 });
    const { id } = await cli('campaigns:create', '--file', 'c2.json');
    const [a, b] = await Promise.all([cli('campaigns:run', '--id', id), cli('campaigns:run', '--id', id)]);
    expect([a.state, b.state]).toEqual(['DONE', 'DONE']);
    await checkExactlyOnce(id, 10);
  }, 600_000);
});

describe('uploaded phone lists and scheduled sends', () => {
  it('a list reaches only its members; bad numbers and non-members are counted, never guessed', async () => {
    const a = await aMember(t, { phone: '13566660001' });
    const b = await aMember(t, { phone: '13566660002' });
    await aMember(t, { phone: '13566660003' }); // not on the list
    const tpl = await aTemplate(t, cashTemplate({ name: '名单券', channels: ['CAMPAIGN'] }));
    const svc = t.app.get(CampaignsService);
    const phones = ['13566660001', '+86 135-6666-0002', '12345', '13566669999', '13566660001'];
    const preview = await svc.preview({
      name: '名单',
      audience: { phones },
      coupon: { templateId: tpl.id, count: 1 },
    });
    expect(preview.audience).toBe(2);
    const c = await svc.create({
      name: '老客名单',
      audience: { phones },
      coupon: { templateId: tpl.id, count: 1 },
    });
    expect(c.audience).toEqual({ list: { uploaded: 5, invalid: 1, matched: 2 } });
    expect(await svc.audienceLabel(c)).toBe('上传名单：5 个号码，其中会员 2 位');
    await svc.run(c.id);
    const got = (
      await t.ds.query('SELECT member_id AS m FROM coupon WHERE issue_ref = ? ORDER BY member_id', [c.id])
    ).map((r: { m: string }) => r.m);
    expect(got).toEqual([a.id, b.id].sort());
    await expect(
      svc.create({
        name: '太多',
        audience: { phones: Array(30_001).fill('13566660001') },
        coupon: { templateId: tpl.id, count: 1 },
      }),
    ).rejects.toMatchObject({
      code: 'CAMPAIGN_INVALID',
      message: expect.stringContaining('最多上传 30000 个号码'),
    });
    await expect(
      svc.create({ name: '空', audience: { phones: ['abc'] }, coupon: { templateId: tpl.id, count: 1 } }),
    ).rejects.toMatchObject({ message: expect.stringContaining('没有一个有效的手机号') });
  });

  it('a scheduled campaign is confirmed (and approved) when sent, waits, and starts once at its time', async () => {
    const tpl = await aTemplate(t, cashTemplate({ name: '定时券', channels: ['CAMPAIGN'] }));
    const svc = t.app.get(CampaignsService);
    const at = new Date(Date.now() + 3_600_000);
    await expect(
      svc.create({
        name: '过去',
        audience: { all: true },
        coupon: { templateId: tpl.id, count: 1 },
        scheduledAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('晚于现在') });
    const c = await svc.create({
      name: '周五晚市',
      audience: { phones: ['13566660001'] },
      coupon: { templateId: tpl.id, count: 1 },
      scheduledAt: at.toISOString(),
    });
    const res = await http(t.baseUrl, 'POST', `/api/admin/campaigns/${c.id}/start`, {
      token: chain.tokens.marketer,
    });
    expect(res.status).toBe(200);
    expect(res.body.status.state).toBe('SCHEDULED');
    expect(res.body.scheduledAt).toBe(at.toISOString());
    const again = await http(t.baseUrl, 'POST', `/api/admin/campaigns/${c.id}/start`, {
      token: chain.tokens.marketer,
    });
    expect([again.status, again.body.code]).toEqual([409, 'CAMPAIGN_SCHEDULED']);
    expect(await svc.startDue(new Date())).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [c.id])).toBe(0);
    const due = new Date(at.getTime() + 60_000);
    const started = await Promise.all([svc.startDue(due), svc.startDue(due)]);
    expect(started.reduce((x, y) => x + y, 0)).toBe(1);
    for (let i = 0; i < 100 && (await svc.get(c.id)).state !== 'DONE'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await svc.get(c.id)).state).toBe('DONE');
    expect(await count('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ?', [c.id])).toBe(1);
    const [audit] = await t.ds.query('SELECT action FROM audit_log WHERE target_id = ?', [c.id]);
    expect(audit.action).toBe('campaign.schedule');
  });
});

describe('WeChat subscribe messages (through the port; the demo simulator)', () => {
  it('go to treated members who subscribed, with the coupon; SMS-or-WeChat reach counts as consent; dispatch sends them once', async () => {
    const wx = await aMember(t, { phone: '13577770001' });
    const both = await aMember(t, { phone: '13577770002' });
    const none = await aMember(t, { phone: '13577770003' });
    await t.ds.query(
      "UPDATE member SET consent_wechat = 1, consent_sms = 0, openid = 'o-wx-1', tags = '[\"微信组\"]' WHERE id = ?",
      [wx.id],
    );
    await t.ds.query(
      "UPDATE member SET consent_wechat = 1, consent_sms = 1, openid = 'o-wx-2', tags = '[\"微信组\"]' WHERE id = ?",
      [both.id],
    );
    await t.ds.query(
      'UPDATE member SET consent_wechat = 0, consent_sms = 0, tags = \'["微信组"]\' WHERE id = ?',
      [none.id],
    );
    const tpl = await aTemplate(t, cashTemplate({ name: '微信券', channels: ['CAMPAIGN'] }));
    const svc = t.app.get(CampaignsService);
    const audience = {
      filter: { all: [{ field: 'tag' as const, op: 'contains' as const, value: '微信组' }] },
    };
    await expect(svc.create({ name: '只提醒', audience, wechat: true })).rejects.toMatchObject({
      message: expect.stringContaining('需要同时发券'),
    });
    const c = await svc.create({
      name: '微信到账提醒',
      audience,
      coupon: { templateId: tpl.id, count: 1 },
      sms: { text: '送您一张券' },
      wechat: true,
    });
    const status = await svc.run(c.id);
    expect(status).toMatchObject({ smsQueued: 1, wechatQueued: 2, excluded: { consent: 1 } });
    const rows = (await t.ds.query(
      'SELECT member_id AS m, openid, template, data, status FROM wechat_message WHERE source_id = ? ORDER BY openid',
      [c.id],
    )) as { m: string; openid: string; template: string; data: string; status: string }[];
    expect(rows.map((r) => [r.m, r.openid, r.template, r.status])).toEqual([
      [wx.id, 'o-wx-1', 'COUPON_ARRIVED', 'QUEUED'],
      [both.id, 'o-wx-2', 'COUPON_ARRIVED', 'QUEUED'],
    ]);
    expect(JSON.parse(rows[0].data)).toMatchObject({ title: '微信到账提醒', couponName: '微信券' });
    expect(JSON.parse(rows[0].data).expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The only SMS went to the one who agreed to SMS; nothing at all to the one who agreed to neither.
    expect(await count('SELECT COUNT(*) AS n FROM sms_message WHERE campaign_id = ?', [c.id])).toBe(1);
    expect(
      await count('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ? AND member_id = ?', [c.id, none.id]),
    ).toBe(0);
    const wechat = t.app.get(WechatMessagesService);
    // WeChat delivers one message per subscription the diner allowed in the mini-program: `wx`
    // allowed 券到账提醒 once, `both` never did — theirs fails without calling WeChat.
    await wechat.accept(wx.id, ['COUPON_ARRIVED']);
    expect(await wechat.dispatch()).toMatchObject({ sent: 1, failed: 1 });
    expect(await wechat.dispatch()).toMatchObject({ sent: 0 });
    expect(
      await count("SELECT COUNT(*) AS n FROM wechat_message WHERE source_id = ? AND status = 'SENT'", [c.id]),
    ).toBe(1);
    // A real deployment without the mini-program configured has no WeChat port: refused, not queued.
    const real = await startApp({ integrationsMode: 'real', simulators: false });
    try {
      const rt = await aTemplate(real, cashTemplate({ name: '真券', channels: ['CAMPAIGN'] }));
      await expect(
        real.app.get(CampaignsService).create({
          name: '真微信',
          audience: { all: true },
          coupon: { templateId: rt.id, count: 1 },
          wechat: true,
        }),
      ).rejects.toMatchObject({ code: 'WECHAT_NOT_CONFIGURED', status: 409 });
    } finally {
      await real.close();
    }
  });
});
