#!/usr/bin/env node
/**
 * Insight benchmark on MariaDB with generated data (issue 10): a million members and about ten
 * million visits, generated set-based (INSERT … SELECT over MariaDB's seq_ tables, deterministic:
 * CRC32 of the member number decides each diner's habits), then:
 *   - insights:refresh (every figure, BG/NBD, clusters, summary) — wall time and Node heap/RSS peak;
 *   - the BG/NBD fit alone over all members;
 *   - a 4-condition segment count through the product's path vs the raw SQL COUNT(*) of the
 *     same filter, measured alternately in the same run;
 *   - the dashboard APIs (insight overview, 30-day trends) over HTTP against the built server.
 *
 *   node scripts/bench/insights.mjs [--members 1000000] [--keep]   (MariaDB only: needs seq_ tables)
 *
 * --keep reuses the generated database when it already holds the asked number of members.
 * The buffer pool is raised to 6 GB for the run (SET GLOBAL; a production server is sized to its
 * data) and put back afterwards.
 */
import {
  benchLog as log,
  ensureBuilt,
  generateMembers,
  hammer,
  machine,
  mariadbAdmin,
  numberArg as arg,
  requireServer,
  serverContext,
  startServer,
  stats,
  uuidOf,
} from './lib.mjs';

const N = arg('members', 1_000_000);
const KEEP = process.argv.includes('--keep');
const DB = 'tableside_bench_insight';
const BASE = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const CHUNK = 50_000;

ensureBuilt();
const { admin, close: closeAdmin } = await mariadbAdmin(BASE, 6442450944);

let reuse = false;
if (KEEP) {
  const [[row]] = await admin.query(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'member_insight'`,
    [DB],
  );
  if (Number(row.n)) {
    const [[m]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.member`);
    reuse = Number(m.n) === N;
  }
}
if (!reuse) await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
const env = { DATABASE_URL: `${BASE}/${DB}` };
const app = await serverContext(env); // migrates
const { DataSource } = requireServer('typeorm');
const ds = app.get(DataSource);
const q = (sql, params) => ds.query(sql, params);

const timings = {};
if (!reuse) {
  const started = performance.now();
  await generateMembers(app, q, N, CHUNK);
  timings.membersMs = performance.now() - started;
  log(`members: ${N} in ${(timings.membersMs / 1000).toFixed(1)} s`);
  // Visits: each diner has a persona (office lunch / weekend family / late night / coupon hunter /
  // anyone), a rhythm (days between visits) and a number of visits (1–19, mean ≈ 10) counted back
  // from a last visit 0–400 days ago; office visits move to weekdays, family visits to Saturdays.
  const vStarted = performance.now();
  const persona = `(CRC32(CONCAT('p', m.member_no)) % 100)`;
  const gap = `(CASE WHEN ${persona} < 25 THEN 5 + CRC32(CONCAT('g', m.member_no)) % 10
      WHEN ${persona} < 45 THEN 12 + CRC32(CONCAT('g', m.member_no)) % 25
      ELSE 7 + CRC32(CONCAT('g', m.member_no)) % 50 END)`;
  const visitsOf = `(1 + CRC32(CONCAT('n', m.member_no)) % 19)`;
  const lastAgo = `(CRC32(CONCAT('l', m.member_no)) % 400)`;
  const h = `CRC32(CONCAT('h', m.member_no, '-', s.seq))`;
  // Intervals vary around the diner's rhythm (0–2× the gap): visit k lands somewhere in its slot.
  const dday = `(CURDATE() - INTERVAL (${lastAgo} + (s.seq - 1) * ${gap} + CRC32(CONCAT('j', m.member_no, '-', s.seq)) % ${gap} + 1) DAY)`;
  for (let a = 1; a <= N; a += CHUNK) {
    const b = Math.min(N, a + CHUNK - 1);
    await q(
      `INSERT INTO visit (id, member_id, store_id, amount_fen, discount_fen, paid_fen, balance_paid_fen, occurred_at,
          party_size, channel, order_ref, coupon_codes, coupon_count, points_earned, status, created_at)
       SELECT ${uuidOf("CONCAT('v', x.member_no, '-', x.k)")}, x.member_id, x.store_id, x.paid, 0, x.paid, 0,
         x.at, x.party, 'POS', NULL, x.coupons, IF(x.coupons = '[]', 0, 1), 0, 'OK', x.at
       FROM (
         SELECT m.id AS member_id, m.member_no, s.seq AS k,
           IF(${h} % 10 < 8, m.join_store_id,
              CONCAT('00000000-0000-4000-9000-', LPAD(${h} % 20 + 1, 12, '0'))) AS store_id,
           CASE WHEN ${persona} < 25 THEN 1 + ${h} % 2 WHEN ${persona} < 45 THEN 3 + ${h} % 4 ELSE 1 + ${h} % 4 END AS party,
           (CASE WHEN ${persona} < 25 THEN 1 + ${h} % 2 WHEN ${persona} < 45 THEN 3 + ${h} % 4 ELSE 1 + ${h} % 4 END)
             * (40 + ${h} % 80) * 100 AS paid,
           IF((${persona} BETWEEN 55 AND 69 AND ${h} % 10 < 7) OR ${h} % 20 = 0, '["bench"]', '[]') AS coupons,
           TIMESTAMP(
             CASE WHEN ${persona} < 25 THEN
                 ${dday} + INTERVAL (CASE DAYOFWEEK(${dday}) WHEN 7 THEN 2 WHEN 1 THEN 1 ELSE 0 END) DAY
               WHEN ${persona} < 45 THEN ${dday} - INTERVAL (DAYOFWEEK(${dday}) % 7) DAY
               ELSE ${dday} END
           ) + INTERVAL (CASE WHEN ${persona} < 25 THEN 11 + ${h} % 3
               WHEN ${persona} < 45 THEN 17 + ${h} % 4
               WHEN ${persona} < 55 THEN 22 + ${h} % 2
               ELSE 11 + ${h} % 10 END) HOUR + INTERVAL (${h} % 60) MINUTE - INTERVAL 8 HOUR AS at
         FROM member m
         JOIN seq_1_to_19 s ON s.seq <= ${visitsOf}
         WHERE m.member_no BETWEEN ${a} AND ${b}
       ) x WHERE x.at < NOW()`,
    );
    if ((b / CHUNK) % 4 === 0) log(`visits: members up to ${b}`);
  }
  timings.visitsMs = performance.now() - vStarted;
  await q('ANALYZE TABLE member, visit');
}
const [[{ visits }]] = [await q('SELECT COUNT(*) AS visits FROM visit')];
log(`data: ${N} members, ${visits} visits${reuse ? ' (reused)' : ''}`);

// ---- refresh, with the Node heap watched ------------------------------------------------------
const { InsightsService } = requireServer('./insights/insights.service');
const insights = app.get(InsightsService);
let heapPeak = 0;
let rssPeak = 0;
const watch = setInterval(() => {
  const m = process.memoryUsage();
  heapPeak = Math.max(heapPeak, m.heapUsed);
  rssPeak = Math.max(rssPeak, m.rss);
}, 100);
const heapBefore = process.memoryUsage().heapUsed;
let t0 = performance.now();
const report = await insights.refresh();
const refreshMs = performance.now() - t0;
log(`refresh ${(refreshMs / 1000).toFixed(1)} s`, JSON.stringify(report.phasesMs));
t0 = performance.now();
const fit = await insights.fit(report.asOf, 'day');
const fitMs = performance.now() - t0;
clearInterval(watch);
log(`fit ${(fitMs / 1000).toFixed(1)} s`);

// ---- a 4-condition segment count: product path vs raw COUNT(*) ---------------------------------
const { SegmentsService } = requireServer('./segments/segments.service');
const segments = app.get(SegmentsService);
// The win-back audience on the stored figures (ix_insight_layer_recency covers it), and the same
// with a member column (SMS consent), which has to read each matching member's row.
const winBack = [
  { field: 'lifecycle', op: 'eq', value: 'DORMANT' },
  { field: 'recencyDays', op: 'between', value: [45, 120] },
  { field: 'mScore', op: 'gte', value: 4 },
  { field: 'pAlive', op: 'lt', value: 0.5 },
];
const winBackSql = `mi.lifecycle = 'DORMANT' AND mi.recency_days >= 45 AND mi.recency_days <= 120 AND mi.m_score >= 4`;
const filters = [
  {
    name: 'winBack',
    filter: { all: winBack },
    // Stored figures only: the fastest hand-written SQL reads member_insight alone (it holds no
    // deleted member), and so does the product.
    raw: `SELECT COUNT(*) AS n FROM member_insight mi WHERE ${winBackSql} AND mi.p_alive < 0.5`,
  },
  {
    name: 'winBackWithConsent',
    filter: { all: [...winBack.slice(0, 3), { field: 'consentSms', op: 'eq', value: true }] },
    raw: `SELECT COUNT(*) AS n FROM member m JOIN member_insight mi ON mi.member_id = m.id
      WHERE m.deleted_at IS NULL AND ${winBackSql} AND m.consent_sms = 1`,
  },
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const segmentCounts = {};
for (const f of filters) {
  const productTimes = [];
  const rawTimes = [];
  let productCount = 0;
  let rawCount = 0;
  for (let i = 0; i < 12; i++) {
    let s0 = performance.now();
    productCount = await segments.count(f.filter);
    productTimes.push(performance.now() - s0);
    s0 = performance.now();
    rawCount = Number((await q(f.raw))[0].n);
    rawTimes.push(performance.now() - s0);
  }
  const plan = (await q(`EXPLAIN ${f.raw}`)).map(
    (p) => `${p.table}: ${p.type} ${p.key ?? ''} ${p.Extra ?? ''}`,
  );
  segmentCounts[f.name] = {
    count: productCount,
    rawCount,
    productMs: +median(productTimes).toFixed(1),
    rawMs: +median(rawTimes).toFixed(1),
    ratio: +(median(productTimes) / median(rawTimes)).toFixed(2),
    plan,
  };
}

// ---- the dashboard APIs over HTTP -------------------------------------------------------------
const { TokenService } = requireServer('./auth/token.service');
const { newId } = requireServer('./common/ids');
const staffId = newId();
await q(
  `INSERT INTO staff (id, username, name, password_hash, role, store_ids, active, created_at, token_version, must_change_password)
   VALUES (?, ?, '压测', 'x', 'HQ_ADMIN', '[]', 1, NOW(3), 0, 0)`,
  [staffId, `bench-${Date.now()}`],
);
const token = await app.get(TokenService).signStaff(staffId, 0);
const server = await startServer(env);
const get = async (path) => {
  const r = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
};
const today = new Date();
const day = (d) => d.toISOString().slice(0, 10);
const from = day(new Date(today.getTime() - 29 * 86_400_000));
await get('/api/admin/insights/overview');
const overview = stats(await hammer(100, 4, () => get('/api/admin/insights/overview')));
await get(`/api/admin/dashboard?from=${from}&to=${day(today)}`);
const trends = stats(await hammer(30, 2, () => get(`/api/admin/dashboard?from=${from}&to=${day(today)}`)));
server.stop();
await app.close();
await closeAdmin();

const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(
  JSON.stringify(
    {
      machine: machine(),
      database: 'MariaDB',
      members: N,
      visits: Number(visits),
      generate: reuse
        ? 'reused'
        : {
            membersS: +(timings.membersMs / 1000).toFixed(1),
            visitsS: +(timings.visitsMs / 1000).toFixed(1),
          },
      refreshS: +(refreshMs / 1000).toFixed(1),
      refresh: {
        members: report.members,
        withVisits: report.withVisits,
        phasesS: Object.fromEntries(
          Object.entries(report.phasesMs).map(([k, v]) => [k, +(v / 1000).toFixed(1)]),
        ),
        model: report.model,
      },
      fitS: +(fitMs / 1000).toFixed(1),
      fit: { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, members: fit.members },
      memory: { heapBefore: mb(heapBefore), heapPeak: mb(heapPeak), rssPeak: mb(rssPeak) },
      segmentCount: segmentCounts,
      insightOverview: overview,
      dashboardTrends30d: trends,
    },
    null,
    2,
  ),
);
