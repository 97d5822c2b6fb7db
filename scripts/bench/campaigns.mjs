#!/usr/bin/env node
/**
 * Campaign issuing benchmark on MariaDB (issue 11): a million generated members, a campaign to the
 * ~300,000 who joined at 6 of 20 stores (one coupon each, an SMS to those who consented, a 10%
 * holdout). Measures the product's run (`CampaignsService.run`: deliveries, coupons, outbox rows,
 * counters, cursor — batch by batch, resumable) against a raw `INSERT … SELECT` of exactly the same
 * rows into tables of the same shape and indexes, in the same run.
 *
 *   node scripts/bench/campaigns.mjs [--members 1000000] [--keep]   (MariaDB only: needs seq_ tables)
 */
import {
  benchLog as log,
  ensureBuilt,
  generateMembers,
  machine,
  mariadbAdmin,
  numberArg as arg,
  requireServer,
  serverContext,
} from './lib.mjs';

const N = arg('members', 1_000_000);
const KEEP = process.argv.includes('--keep');
const DB = 'tableside_bench_campaign';
const BASE = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const CHUNK = 50_000;

ensureBuilt();
const { admin, close: closeAdmin } = await mariadbAdmin(BASE, 2147483648);
let reuse = false;
if (KEEP) {
  const [[row]] = await admin.query(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'member'`,
    [DB],
  );
  if (Number(row.n))
    reuse = Number((await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.member`))[0][0].n) === N;
}
if (!reuse) await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
// Production settings with an SMS provider configured (nothing is dispatched: the scheduler is off).
const app = await serverContext({
  DATABASE_URL: `${BASE}/${DB}`,
  SCHEDULER: '0',
  TENCENT_SMS_SECRET_ID: 'bench',
  TENCENT_SMS_SECRET_KEY: 'bench',
  TENCENT_SMS_SDK_APP_ID: '1400000000',
  TENCENT_SMS_SIGN_NAME: '压测',
  TENCENT_SMS_TEMPLATE_MARKETING: '1',
  TENCENT_SMS_TEMPLATE_NOTICE: '2',
  TENCENT_SMS_ENDPOINT: 'http://127.0.0.1:9',
});
const { DataSource } = requireServer('typeorm');
const ds = app.get(DataSource);
const q = (sql, params) => ds.query(sql, params);

try {
  if (!reuse) {
    const started = performance.now();
    await generateMembers(app, q, N, CHUNK);
    await q('ANALYZE TABLE member');
    log(`members: ${N} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // A clean slate for the campaign tables (a --keep run may follow an earlier one).
  for (const t of ['campaign_delivery', 'coupon', 'sms_message', 'campaign', 'coupon_template'])
    await q(`DELETE FROM ${t}`);
  const { CouponsService } = requireServer('./coupons/coupons.service');
  const tpl = await app.get(CouponsService).createTemplate({
    name: '压测回归券 满100减20',
    type: 'CASH',
    valueFen: 2000,
    thresholdFen: 10000,
    validDays: 14,
    channels: ['CAMPAIGN'],
  });
  const { CampaignsService } = requireServer('./campaigns/campaigns.service');
  const svc = app.get(CampaignsService);
  const audienceStores = ['S001', 'S002', 'S003', 'S004', 'S005', 'S006'];
  const c = await svc.create({
    name: '压测活动',
    audience: { filter: { all: [{ field: 'joinStore', op: 'in', value: audienceStores }] } },
    coupon: { templateId: tpl.id, count: 1 },
    sms: { text: '{name}您好，送您满100减20券，券码{coupon}，{expiry}前有效' },
    holdoutPercent: 10,
  });
  log('product run…');
  const t0 = performance.now();
  const status = await svc.run(c.id);
  const productMs = performance.now() - t0;
  log(`product: ${(productMs / 1000).toFixed(1)} s`, JSON.stringify(status));

  // The same rows, raw: hand-written INSERT … SELECT statements into empty tables of the same shape
  // and indexes — the delivery rows from the members (consent and the holdout draw in SQL), the
  // coupons (database-made codes), the SMS rows (text filled in SQL) — with none of the product's
  // work around them (no frequency cap, no batches, cursor, counters or stock).
  const rows = {};
  for (const t of ['campaign_delivery', 'coupon', 'sms_message']) {
    await q(`DROP TABLE IF EXISTS raw_${t}`);
    await q(`CREATE TABLE raw_${t} LIKE ${t}`);
    rows[t] = Number((await q(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
  }
  const stores = audienceStores.map((x) => `'${x}'`).join(',');
  const t1 = performance.now();
  await q(
    `INSERT INTO raw_campaign_delivery (id, campaign_id, member_id, occurrence, grp, created_at)
     SELECT UUID(), ?, m.id, '', CASE WHEN m.consent_sms = 0 OR m.phone IS NULL THEN 'NO_CONSENT'
         WHEN CRC32(CONCAT(?, ':', m.id)) % 10000 < 1000 THEN 'HOLDOUT' ELSE 'TREATED' END, NOW(3)
     FROM member m FORCE INDEX (PRIMARY)
     WHERE m.deleted_at IS NULL AND m.join_store_id IN (SELECT s.id FROM store s WHERE s.code IN (${stores}))`,
    [c.id, c.id],
  );
  await q(
    `INSERT INTO raw_coupon (id, code, template_id, member_id, status, valid_from, valid_to, issued_at, issue_channel,
        issue_ref, used_at, used_store_id, used_visit_id, used_by_staff_id)
     SELECT UUID(), CONCAT('6', LPAD(CAST(CONV(HEX(RANDOM_BYTES(8)), 16, 10) AS DECIMAL(20,0)) MOD 10000000000000000000, 19, '0')),
       ?, d.member_id, 'AVAILABLE', NOW(3), NOW(3) + INTERVAL 14 DAY, NOW(3), 'CAMPAIGN', d.campaign_id, NULL, NULL, NULL, NULL
     FROM raw_campaign_delivery d WHERE d.grp = 'TREATED'`,
    [tpl.id],
  );
  await q(
    `INSERT INTO raw_sms_message (id, member_id, campaign_id, phone, text, kind, status, attempts, send_after, created_at,
        sent_at, provider_ref, error)
     SELECT UUID(), d.member_id, d.campaign_id, m.phone,
       REPLACE(REPLACE(REPLACE(?, '{coupon}', x.code), '{expiry}', '2026-12-31'), '{name}', COALESCE(m.name, '会员')),
       'MARKETING', 'QUEUED', 0, NOW(3), NOW(3), NULL, NULL, NULL
     FROM raw_campaign_delivery d JOIN member m ON m.id = d.member_id
     JOIN (SELECT member_id, MIN(code) AS code FROM raw_coupon GROUP BY member_id) x ON x.member_id = d.member_id
     WHERE d.grp = 'TREATED'`,
    ['{name}您好，送您满100减20券，券码{coupon}，{expiry}前有效 拒收请回复R'],
  );
  const rawMs = performance.now() - t1;
  const rawRows = {};
  for (const t of ['campaign_delivery', 'coupon', 'sms_message'])
    rawRows[t] = Number((await q(`SELECT COUNT(*) AS n FROM raw_${t}`))[0].n);
  // For reference: only writing those rows (a copy of the product's own rows).
  for (const t of ['campaign_delivery', 'coupon', 'sms_message']) await q(`TRUNCATE TABLE raw_${t}`);
  const t2 = performance.now();
  for (const t of ['campaign_delivery', 'coupon', 'sms_message'])
    await q(`INSERT INTO raw_${t} SELECT * FROM ${t}`);
  const copyMs = performance.now() - t2;
  for (const t of ['campaign_delivery', 'coupon', 'sms_message']) await q(`DROP TABLE raw_${t}`);
  const result = {
    machine: machine(),
    members: N,
    audience: status.audience,
    rows,
    rawRows,
    productSeconds: +(productMs / 1000).toFixed(1),
    rawInsertSelectSeconds: +(rawMs / 1000).toFixed(1),
    copyOnlySeconds: +(copyMs / 1000).toFixed(1),
    ratio: +(productMs / rawMs).toFixed(2),
    target: '≤ 1.5×',
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await app.close();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await closeAdmin();
}
