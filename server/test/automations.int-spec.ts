/**
 * Automations (issue 11): every trigger fires for the members it should — once per occurrence,
 * however often it is swept — under the campaign rules (consent, frequency cap, holdout); the
 * nightly points expiry sweep; tier evaluation with a warning, a grace period and the downgrade;
 * the admin API (validation, switch, results).
 */
import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { AutomationInput, AutomationsService } from '../src/automations/automations.service';
import { Automation } from '../src/automations/automation.entity';
import { TransactionRunner } from '../src/database/transaction-runner';
import { InsightsService } from '../src/insights/insights.service';
import { PointsService } from '../src/points/points.service';
import { ChainSettings } from '../src/settings/entities/chain-settings.entity';
import { TiersService } from '../src/tiers/tiers.service';
import { aCoupon, aMember, aTemplate, buildChain, cashTemplate, Chain } from './fixtures';
import { http, startApp, TestApp } from './harness';

dayjs.extend(utc);
dayjs.extend(timezone);

let t: TestApp;
let chain: Chain;
let svc: AutomationsService;
let templateId: string;

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
  svc = t.app.get(AutomationsService);
  templateId = (
    await aTemplate(t, cashTemplate({ name: '回礼券 满50减10', valueFen: 1000, channels: ['CAMPAIGN'] }))
  ).id;
  // Caps out of the way here; they have their own test.
  await caps(50, 50);
});
afterAll(() => t?.close());

const caps = (d7: number, d30: number) =>
  t.ds.getRepository(ChainSettings).update({ id: 1 }, { capPer7Days: d7, capPer30Days: d30 });
const sqlite = () => t.db.config.database.kind === 'sqlite';
const col = (d: Date) => (sqlite() ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
const TZ = 'Asia/Shanghai';
const hours = (h: number, from = new Date()) => new Date(from.getTime() + h * 3_600_000);

async function visit(memberId: string, at: Date, fen = 8_000): Promise<string> {
  const id = randomUUID();
  await t.ds.query(
    `INSERT INTO visit (id, member_id, store_id, amount_fen, discount_fen, paid_fen, balance_paid_fen, occurred_at,
      party_size, channel, order_ref, coupon_codes, coupon_count, points_earned, status, created_at)
     VALUES (?, ?, ?, ?, 0, ?, 0, ?, NULL, 'POS', NULL, '[]', 0, 0, 'OK', ?)`,
    [id, memberId, chain.storeA, fen, fen, col(at), col(at)],
  );
  return id;
}

async function consenting(opts: { birthday?: string; name?: string } = {}) {
  const m = await aMember(t);
  await t.ds.query('UPDATE member SET consent_sms = 1, name = ?, birthday = ? WHERE id = ?', [
    opts.name ?? '小王',
    opts.birthday ?? null,
    m.id,
  ]);
  return m;
}

async function rule(input: Partial<AutomationInput> & Pick<AutomationInput, 'trigger'>): Promise<Automation> {
  return svc.create(
    { name: `规则 ${input.trigger}`, coupon: { templateId, count: 1 }, enabled: true, ...input },
    true,
  );
}

const deliveries = async (a: Automation) =>
  (await t.ds.query(
    'SELECT member_id AS m, occurrence AS o, grp AS g FROM campaign_delivery WHERE campaign_id = ? ORDER BY member_id, occurrence',
    [a.id],
  )) as { m: string; o: string; g: string }[];
const sms = async (a: Automation) =>
  (await t.ds.query('SELECT member_id AS m, text FROM sms_message WHERE campaign_id = ?', [a.id])) as {
    m: string;
    text: string;
  }[];
const couponsOf = async (a: Automation, memberId: string) =>
  Number(
    (
      await t.ds.query('SELECT COUNT(*) AS n FROM coupon WHERE issue_ref = ? AND member_id = ?', [
        a.id,
        memberId,
      ])
    )[0].n,
  );

describe('each trigger fires for the right members, once per occurrence', () => {
  it('join: members who join after the rule is switched on, not those before', async () => {
    const before = await consenting();
    const a = await rule({ trigger: 'JOIN' });
    const after = await consenting();
    const now = hours(0.1);
    await svc.fire(a, now);
    await svc.fire(a, hours(0.2)); // swept again: nothing new
    const rows = await deliveries(a);
    expect(rows).toEqual([{ m: after.id, o: 'join', g: 'TREATED' }]);
    expect(await couponsOf(a, after.id)).toBe(1);
    expect(await couponsOf(a, before.id)).toBe(0);
  });

  it('first visit + 3 days: fires for the member whose first visit was 3 days ago, not for a returning one', async () => {
    const a = await rule({ trigger: 'FIRST_VISIT', params: { days: 3 } });
    const now = hours(1);
    const first = await consenting();
    await visit(first.id, hours(-72 + 0.5, now)); // 3 days before the sweep, after the switch-on
    const regular = await consenting();
    await visit(regular.id, hours(-24 * 20, now));
    await visit(regular.id, hours(-72 + 0.5, now));
    const tooRecent = await consenting();
    await visit(tooRecent.id, hours(-24, now));
    await svc.fire(a, now);
    await svc.fire(a, hours(0.5, now));
    expect(await deliveries(a)).toEqual([{ m: first.id, o: 'first', g: 'TREATED' }]);
  });

  it('birthday 3 days before: fires once for that year; another birthday does not', async () => {
    const now = new Date();
    const inThree = dayjs(now).tz(TZ).add(3, 'day');
    const soon = await consenting({ birthday: `1990-${inThree.format('MM-DD')}` });
    const later = await consenting({ birthday: `1990-${dayjs(now).tz(TZ).add(10, 'day').format('MM-DD')}` });
    const a = await rule({
      trigger: 'BIRTHDAY',
      params: { days: 3 },
      sms: { text: '{name}，生日快乐，券码{coupon}' },
    });
    await svc.fire(a, now);
    await svc.fire(a, hours(2, now));
    const rows = await deliveries(a);
    expect(rows.map((r) => r.m)).toContain(soon.id);
    expect(rows.map((r) => r.m)).not.toContain(later.id);
    expect(rows.find((r) => r.m === soon.id)!.o).toBe(`birthday:${inThree.format('YYYY-MM-DD')}`);
    expect(rows.filter((r) => r.m === soon.id)).toHaveLength(1);
    const text = (await sms(a)).find((s) => s.m === soon.id)!.text;
    expect(text).toMatch(/^小王，生日快乐，券码\S+ 拒收请回复R$/);
  });

  it('win-back: dormant members (by days away), once per lapse; again after coming back and lapsing again', async () => {
    const gone = await consenting();
    await visit(gone.id, hours(-24 * 100));
    const active = await consenting();
    await visit(active.id, hours(-24 * 2));
    await t.app.get(InsightsService).refresh();
    const a = await rule({ trigger: 'WIN_BACK', params: { dormantDays: 60, pAliveBelowPercent: 0 } });
    await svc.fire(a);
    await svc.fire(a);
    let rows = (await deliveries(a)).filter((r) => [gone.id, active.id].includes(r.m));
    expect(rows.map((r) => r.m)).toEqual([gone.id]);
    // Comes back 70 days ago, then away again: a new lapse, a new occurrence.
    await visit(gone.id, hours(-24 * 70));
    await t.app.get(InsightsService).refresh();
    await svc.fire(a);
    rows = (await deliveries(a)).filter((r) => r.m === gone.id);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.o)).size).toBe(2);
  });

  it('repurchase reminder: 2 days before the expected next visit', async () => {
    const due = await consenting();
    const notDue = await consenting();
    await visit(due.id, hours(-24 * 30));
    await visit(notDue.id, hours(-24 * 30));
    await t.app.get(InsightsService).refresh();
    const target = dayjs().tz(TZ).add(2, 'day').format('YYYY-MM-DD');
    await t.ds.query('UPDATE member_insight SET next_visit_on = ? WHERE member_id = ?', [target, due.id]);
    await t.ds.query('UPDATE member_insight SET next_visit_on = ? WHERE member_id = ?', [
      dayjs().tz(TZ).add(9, 'day').format('YYYY-MM-DD'),
      notDue.id,
    ]);
    const a = await rule({ trigger: 'REPURCHASE', params: { days: 2 } });
    await svc.fire(a);
    await svc.fire(a);
    expect(await deliveries(a)).toEqual([{ m: due.id, o: `next:${target}`, g: 'TREATED' }]);
  });

  it('spend accumulated ≥ ¥1000: who crosses it after the switch-on, once; not who was over it already', async () => {
    const crosser = await consenting();
    const already = await consenting();
    await visit(crosser.id, hours(-24 * 10), 90_000);
    await visit(already.id, hours(-24 * 10), 120_000);
    const a = await rule({ trigger: 'SPEND_TOTAL', params: { minFen: 100_000 } });
    await visit(crosser.id, hours(0.5), 20_000);
    await visit(already.id, hours(0.5), 5_000);
    await svc.fire(a, hours(1));
    await visit(crosser.id, hours(1.5), 20_000);
    await svc.fire(a, hours(2));
    expect(await deliveries(a)).toEqual([{ m: crosser.id, o: 'total:100000', g: 'TREATED' }]);
  });

  it('each visit over ¥100: one firing per qualifying bill, with the amount in the message', async () => {
    const m = await consenting();
    const a = await rule({
      trigger: 'VISIT',
      params: { minFen: 10_000 },
      coupon: null,
      sms: { text: '感谢光临，本次消费{amount}元' },
    });
    const v1 = await visit(m.id, hours(0.2), 15_000);
    await visit(m.id, hours(0.3), 5_000);
    const v2 = await visit(m.id, hours(0.4), 30_000);
    await svc.fire(a, hours(1));
    await svc.fire(a, hours(1.1));
    // (other tests' bills of the same hour fire too: look at this member's)
    const rows = (await deliveries(a)).filter((r) => r.m === m.id);
    expect(rows.map((r) => r.o).sort()).toEqual([v1, v2].sort());
    expect(
      (await sms(a))
        .filter((s) => s.m === m.id)
        .map((s) => s.text)
        .sort(),
    ).toEqual(['感谢光临，本次消费150.00元 拒收请回复R', '感谢光临，本次消费300.00元 拒收请回复R']);
  });

  it('tier upgrade: fires for the upgrade, naming the new tier', async () => {
    const a = await rule({ trigger: 'TIER_UPGRADE', coupon: null, sms: { text: '恭喜升级为{tier}' } });
    const m = await consenting();
    await visit(m.id, hours(-1), 150_000);
    const tx = t.app.get(TransactionRunner);
    const member = (await t.ds.query('SELECT id, tier_id AS tierId FROM member WHERE id = ?', [m.id]))[0];
    await tx.run((em) => t.app.get(TiersService).upgradeIfEarned(em, member, new Date()));
    await svc.fire(a, hours(0.1));
    await svc.fire(a, hours(0.2));
    expect((await deliveries(a)).map((r) => r.m)).toEqual([m.id]);
    expect((await sms(a))[0].text).toBe('恭喜升级为银卡 拒收请回复R');
  });

  it('coupon about to expire: each coupon due within 3 days, once', async () => {
    const m = await consenting();
    const soon = await aCoupon(t, templateId, m.id);
    const later = await aCoupon(t, templateId, m.id);
    await t.ds.query('UPDATE coupon SET valid_to = ? WHERE code = ?', [col(hours(40)), soon]);
    await t.ds.query('UPDATE coupon SET valid_to = ? WHERE code = ?', [col(hours(24 * 6)), later]);
    const a = await rule({
      trigger: 'COUPON_EXPIRING',
      params: { days: 3 },
      coupon: null,
      sms: { text: '您的{couponName}将于{expiry}到期' },
    });
    await svc.fire(a);
    await svc.fire(a);
    const rows = (await deliveries(a)).filter((r) => r.m === m.id);
    expect(rows).toHaveLength(1);
    const [soonId] = (await t.ds.query('SELECT id FROM coupon WHERE code = ?', [soon])).map(
      (r: { id: string }) => r.id,
    );
    expect(rows[0].o).toBe(soonId);
    expect((await sms(a)).find((s) => s.m === m.id)!.text).toBe(
      `您的回礼券 满50减10将于${dayjs(hours(40)).tz(TZ).format('YYYY-MM-DD')}到期 拒收请回复R`,
    );
  });

  it('points about to expire: once per member and expiry date, with the points', async () => {
    const m = await consenting();
    const points = t.app.get(PointsService);
    await t.app.get(TransactionRunner).run((em) =>
      points.credit(em, {
        memberId: m.id,
        points: 320,
        source: 'STAFF',
        reason: 't',
        idempotencyKey: `exp:${m.id}`,
      }),
    );
    const expiresAt = hours(24 * 10);
    await t.ds.query('UPDATE points_entry SET expires_at = ? WHERE member_id = ?', [col(expiresAt), m.id]);
    const a = await rule({
      trigger: 'POINTS_EXPIRING',
      params: { days: 30 },
      coupon: null,
      sms: { text: '您有{points}积分将于{expiry}到期' },
    });
    await svc.fire(a);
    await svc.fire(a);
    const rows = (await deliveries(a)).filter((r) => r.m === m.id);
    const day = dayjs(expiresAt).tz(TZ).format('YYYY-MM-DD');
    expect(rows).toEqual([{ m: m.id, o: `points:${day}`, g: 'TREATED' }]);
    expect((await sms(a)).find((s) => s.m === m.id)!.text).toBe(`您有320积分将于${day}到期 拒收请回复R`);
  });

  it('a reminder by WeChat subscribe message: the expiring coupon, to a member who subscribed', async () => {
    const m = await aMember(t);
    await t.ds.query("UPDATE member SET consent_wechat = 1, openid = 'o-remind' WHERE id = ?", [m.id]);
    const code = await aCoupon(t, templateId, m.id);
    await t.ds.query('UPDATE coupon SET valid_to = ? WHERE code = ?', [col(hours(30)), code]);
    const a = await rule({ trigger: 'COUPON_EXPIRING', params: { days: 2 }, coupon: null, wechat: true });
    await svc.fire(a);
    const [msg] = await t.ds.query(
      'SELECT template, data, openid FROM wechat_message WHERE source_id = ? AND member_id = ?',
      [a.id, m.id],
    );
    expect([msg.template, msg.openid]).toEqual(['COUPON_EXPIRING', 'o-remind']);
    expect(JSON.parse(msg.data)).toEqual({
      title: a.name,
      couponName: '回礼券 满50减10',
      expiry: dayjs(hours(30)).tz(TZ).format('YYYY-MM-DD'),
    });
  });

  it('a disabled rule does not fire from the sweep', async () => {
    const a = await rule({ trigger: 'JOIN' });
    await svc.setEnabled(a.id, false, true);
    await consenting();
    await svc.sweep(hours(0.1));
    expect(await deliveries(a)).toEqual([]);
  });
});

describe('automations obey the campaign rules', () => {
  it('consent, the frequency cap across campaigns and automations, and the holdout', async () => {
    await caps(2, 4);
    try {
      const a = await rule({
        trigger: 'VISIT',
        params: { minFen: 0 },
        sms: { text: '谢谢' },
        holdoutPercent: 0,
      });
      const noConsent = await aMember(t);
      const busy = await consenting();
      for (const h of [0.1, 0.2, 0.3]) await visit(busy.id, hours(h));
      await visit(noConsent.id, hours(0.1));
      await svc.fire(a, hours(1));
      const rows = await deliveries(a);
      expect(rows.filter((r) => r.m === noConsent.id).map((r) => r.g)).toEqual(['NO_CONSENT']);
      expect(
        rows
          .filter((r) => r.m === busy.id)
          .map((r) => r.g)
          .sort(),
      ).toEqual(['CAPPED', 'TREATED', 'TREATED']);
      expect(await couponsOf(a, busy.id)).toBe(2);
      expect(await couponsOf(a, noConsent.id)).toBe(0);

      const h = await rule({ trigger: 'JOIN', holdoutPercent: 50 });
      const joined: string[] = [];
      for (let i = 0; i < 30; i++) joined.push((await consenting()).id);
      await svc.fire(h, hours(0.1));
      const hr = await deliveries(h);
      const held = hr.filter((r) => r.g === 'HOLDOUT').map((r) => r.m);
      expect(held.length).toBeGreaterThan(3);
      expect(held.length).toBeLessThan(27);
      for (const m of held) expect(await couponsOf(h, m)).toBe(0);
      for (const r of hr.filter((x) => x.g === 'TREATED')) expect(await couponsOf(h, r.m)).toBe(1);
    } finally {
      await caps(50, 50);
    }
  });
});

describe('points expiry sweep', () => {
  it('writes EXPIRE rows for every due lot; every balance then equals its unexpired lots; a second sweep changes nothing', async () => {
    const points = t.app.get(PointsService);
    const tx = t.app.get(TransactionRunner);
    const members: string[] = [];
    for (let i = 0; i < 12; i++) {
      const m = await aMember(t);
      members.push(m.id);
      await tx.run(async (em) => {
        await points.credit(em, {
          memberId: m.id,
          points: 100 + i,
          source: 'STAFF',
          reason: 'old',
          idempotencyKey: `old:${m.id}`,
          at: new Date('2020-06-01T00:00:00Z'),
        });
        await points.credit(em, {
          memberId: m.id,
          points: 50,
          source: 'STAFF',
          reason: 'new',
          idempotencyKey: `new:${m.id}`,
        });
      });
    }
    // A few already spent part of the old lot (the sweep takes only what is left).
    await tx.run((em) =>
      points.debit(
        em,
        {
          memberId: members[0],
          points: 30,
          source: 'STAFF',
          reason: 'spend',
          idempotencyKey: `sp:${members[0]}`,
          at: new Date('2021-01-01T00:00:00Z'),
        },
        'REDEEM',
      ),
    );
    const first = await points.expireAllDue(tx);
    expect(first.members).toBeGreaterThanOrEqual(12);
    const again = await points.expireAllDue(tx);
    expect(again).toEqual({ members: 0, points: 0 });
    const rows = (await t.ds.query(
      `SELECT m.id AS id, m.points_balance AS balance,
        (SELECT COALESCE(SUM(e.remaining), 0) FROM points_entry e WHERE e.member_id = m.id AND e.remaining > 0
          AND (e.expires_at IS NULL OR e.expires_at > ?)) AS lots,
        (SELECT COUNT(*) FROM points_entry e WHERE e.member_id = m.id AND e.type = 'EXPIRE') AS expired
       FROM member m`,
      [col(new Date())],
    )) as { id: string; balance: number; lots: number; expired: number }[];
    for (const r of rows) expect(Number(r.balance)).toBe(Number(r.lots));
    for (const id of members) expect(Number(rows.find((r) => r.id === id)!.expired)).toBe(1);
    expect(Number(rows.find((r) => r.id === members[0])!.balance)).toBe(50);
    expect(Number(rows.find((r) => r.id === members[5])!.balance)).toBe(50);
  });
});

describe('tier evaluation', () => {
  it('warns with an SMS, keeps the tier through the grace period, then moves down; a member who recovers keeps it', async () => {
    const tiers = t.app.get(TiersService);
    const tx = t.app.get(TransactionRunner);
    const lapsed = await consenting({ name: '老李' });
    const recovering = await consenting({ name: '老张' });
    await t.ds.query('UPDATE member SET tier_id = ? WHERE id IN (?, ?)', [
      chain.tiers.GOLD,
      lapsed.id,
      recovering.id,
    ]);
    await visit(recovering.id, hours(-24 * 30), 200_000); // ¥2000 in the window: silver, not gold (¥5000)
    const now = new Date();
    const r1 = await tiers.evaluate(tx, now);
    expect(r1.warned).toBeGreaterThanOrEqual(2);
    const row = async (id: string) =>
      (await t.ds.query('SELECT tier_id AS tier, tier_downgrade_at AS at FROM member WHERE id = ?', [id]))[0];
    expect((await row(lapsed.id)).tier).toBe(chain.tiers.GOLD);
    expect((await row(lapsed.id)).at).not.toBeNull();
    const warning = (await t.ds.query(
      'SELECT text, send_after AS sendAfter FROM sms_message WHERE member_id = ? AND campaign_id IS NULL',
      [lapsed.id],
    )) as { text: string }[];
    expect(warning).toHaveLength(1);
    expect(warning[0].text).toMatch(
      /^老李您好，您的金卡资格将于\d+月\d+日到期，到期前再消费5000元即可保留。 拒收请回复R$/,
    );
    // Inside the grace period: no second warning, no move.
    await tiers.evaluate(tx, hours(24 * 10, now));
    expect((await row(lapsed.id)).tier).toBe(chain.tiers.GOLD);
    expect(
      Number(
        (await t.ds.query('SELECT COUNT(*) AS n FROM sms_message WHERE member_id = ?', [lapsed.id]))[0].n,
      ),
    ).toBe(1);
    // The other one spends enough to hold gold again: the pending move is cancelled.
    await visit(recovering.id, hours(-1, hours(24 * 10, now)), 400_000);
    await tiers.evaluate(tx, hours(24 * 11, now));
    expect(await row(recovering.id)).toEqual({ tier: chain.tiers.GOLD, at: null });
    // After the 30-day grace: down to what the growth earns.
    const r3 = await tiers.evaluate(tx, hours(24 * 31, now));
    expect(r3.downgraded).toBeGreaterThanOrEqual(1);
    expect(await row(lapsed.id)).toEqual({ tier: chain.tiers.NORMAL, at: null });
    expect(
      await t.ds.query('SELECT direction AS d, to_tier_id AS toTier FROM tier_change WHERE member_id = ?', [
        lapsed.id,
      ]),
    ).toEqual([{ d: 'DOWN', toTier: chain.tiers.NORMAL }]);
    expect((await row(recovering.id)).tier).toBe(chain.tiers.GOLD);
  });
});

describe('tier evaluation without an SMS provider', () => {
  it('warns by the pending date only: no notice is queued that could never leave', async () => {
    const quiet = await consenting({ name: '老周' });
    await t.ds.query('UPDATE member SET tier_id = ? WHERE id = ?', [chain.tiers.GOLD, quiet.id]);
    await t.app.get(TiersService).evaluate(t.app.get(TransactionRunner), new Date(), false);
    const [row] = await t.ds.query('SELECT tier_downgrade_at AS at FROM member WHERE id = ?', [quiet.id]);
    expect(row.at).not.toBeNull();
    expect(
      Number(
        (await t.ds.query('SELECT COUNT(*) AS n FROM sms_message WHERE member_id = ?', [quiet.id]))[0].n,
      ),
    ).toBe(0);
  });
});

describe('admin API', () => {
  it('marketers create (bounds refused in Chinese), switch on and off, list with counts, read results; the trigger cannot change', async () => {
    const tok = chain.tokens.marketer;
    const bad = await http(t.baseUrl, 'POST', '/api/admin/automations', {
      token: tok,
      body: {
        name: '首购回访',
        trigger: 'FIRST_VISIT',
        params: { days: 400 },
        coupon: { templateId, count: 1 },
      },
    });
    expect(bad.status).toBe(400);
    const bad2 = await http(t.baseUrl, 'POST', '/api/admin/automations', {
      token: tok,
      body: {
        name: '首购回访',
        trigger: 'FIRST_VISIT',
        params: { days: 120 },
        coupon: { templateId, count: 1 },
      },
    });
    expect(bad2.status).toBe(400);
    expect(bad2.body.code).toBe('AUTOMATION_INVALID');
    expect(bad2.body.message).toContain('首次消费后天数应为 1–90 的整数');
    const noAction = await http(t.baseUrl, 'POST', '/api/admin/automations', {
      token: tok,
      body: { name: '空', trigger: 'JOIN' },
    });
    expect(noAction.body.message).toContain('至少要发券、短信或微信提醒之一');
    const created = await http(t.baseUrl, 'POST', '/api/admin/automations', {
      token: tok,
      body: {
        name: '首购回访',
        trigger: 'FIRST_VISIT',
        params: { days: 3 },
        coupon: { templateId, count: 1 },
        holdoutPercent: 10,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      enabled: false,
      triggerLabel: '首次消费后第 3 天',
      templateName: '回礼券 满50减10',
    });
    const id = created.body.id as string;
    const on = await http(t.baseUrl, 'POST', `/api/admin/automations/${id}/enabled`, {
      token: tok,
      body: { enabled: true },
    });
    expect(on.body.enabled).toBe(true);
    const change = await http(t.baseUrl, 'PUT', `/api/admin/automations/${id}`, {
      token: tok,
      body: { name: '首购回访', trigger: 'JOIN', coupon: { templateId, count: 1 } },
    });
    expect(change.status).toBe(400);
    expect(change.body.message).toContain('触发条件创建后不能修改');
    const edit = await http(t.baseUrl, 'PUT', `/api/admin/automations/${id}`, {
      token: tok,
      body: {
        name: '首购第5天回访',
        trigger: 'FIRST_VISIT',
        params: { days: 5 },
        coupon: { templateId, count: 2 },
      },
    });
    expect(edit.body).toMatchObject({
      name: '首购第5天回访',
      triggerLabel: '首次消费后第 5 天',
      couponCount: 2,
    });
    const list = await http(t.baseUrl, 'GET', '/api/admin/automations', { token: tok });
    expect(list.body.find((r: { id: string }) => r.id === id).stats).toMatchObject({ fired: 0 });
    const join = list.body.find(
      (r: { trigger: string; stats: { fired: number } }) => r.trigger === 'JOIN' && r.stats.fired > 0,
    );
    const results = await http(t.baseUrl, 'GET', `/api/admin/automations/${join.id}`, { token: tok });
    expect(results.status).toBe(200);
    expect(results.body.attributionDays).toBe(14);
    expect(results.body.daily).toHaveLength(30);
    expect(results.body.treated.members).toBe(join.stats.treated);
    const audit = await t.ds.query('SELECT action FROM audit_log WHERE target_id = ? ORDER BY created_at', [
      id,
    ]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual([
      'automation.create',
      'automation.enable',
      'automation.update',
    ]);
    const off = await http(t.baseUrl, 'POST', `/api/admin/automations/${id}/enabled`, {
      token: tok,
      body: { enabled: false },
    });
    expect(off.body.enabled).toBe(false);
  });
});
