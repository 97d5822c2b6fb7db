#!/usr/bin/env node
/**
 * Reports on a real MariaDB replica, end to end (issue 13; docs/deploy.md "Reports on a read
 * replica"). Starts two throw-away MariaDB servers on this machine — a primary with a binary log and
 * a replica following it by GTID — then the built server with DATABASE_URL on the primary and
 * DATABASE_REPLICA_URL on the replica (as a SELECT-only user), and checks:
 *   1. a bill taken at the till (HMAC POS API, primary) reaches the dashboard once replicated, and
 *      how long that took;
 *   2. the replica user cannot write (the reports path needs none);
 *   3. with the replica stopped: health says `replicaOk: false`, readiness stays 200, the till still
 *      answers, the dashboard answers 503 REPORTS_UNAVAILABLE in Chinese;
 *   4. with the replica back: the dashboard answers again, with the figures.
 * Exits non-zero on any failure. Needs `mariadbd` and `mariadb-install-db` (Debian's mariadb-server)
 * and a built server (`pnpm --filter @tableside/server build`).
 *
 *   node scripts/ops/replica-check.mjs
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, requireServer, serverContext, startServer } from '../bench/lib.mjs';

const PRIMARY_PORT = 3316;
const REPLICA_PORT = 3317;
const base = mkdtempSync(join(tmpdir(), 'tableside-replica-'));
const mysql = requireServer('mysql2/promise');
const servers = {};
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed++;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function mariadb(name, port, extra) {
  const dir = join(base, name);
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${dir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );
  const start = () => {
    servers[name] = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${dir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'mysqld.sock')}`,
        `--pid-file=${join(dir, 'mysqld.pid')}`,
        '--user=root',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M',
        ...extra,
      ],
      { stdio: 'ignore' },
    );
  };
  start();
  return { start, stop: () => new Promise((r) => servers[name].once('exit', r).kill('SIGTERM')) };
}

async function connect(port, user = 'root', password = '') {
  for (let i = 0; i < 100; i++) {
    try {
      return await mysql.createConnection({
        host: '127.0.0.1',
        port,
        user,
        password,
        multipleStatements: true,
      });
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`MariaDB on ${port} did not start`);
}

async function main() {
  ensureBuilt();
  mariadb('primary', PRIMARY_PORT, ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW']);
  const replica = mariadb('replica', REPLICA_PORT, ['--server-id=2', '--read-only=1']);
  const p = await connect(PRIMARY_PORT);
  const r = await connect(REPLICA_PORT);
  await p.query(`CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
    GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
    CREATE DATABASE tableside CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'reports'@'127.0.0.1' IDENTIFIED BY 'reports-pw';
    GRANT SELECT ON tableside.* TO 'reports'@'127.0.0.1'`);
  await r.query(`CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${PRIMARY_PORT},
    MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos; START SLAVE`);

  // The chain on the primary (migrations, a store, a POS key, an admin, a member).
  const env = {
    DATABASE_URL: `mysql://root@127.0.0.1:${PRIMARY_PORT}/tableside`,
    SCHEDULER: '0',
  };
  const app = await serverContext(env);
  const { StoresService } = requireServer('./stores/stores.service');
  const { PosKeysService } = requireServer('./pos/pos-keys.service');
  const { StaffService } = requireServer('./staff/staff.service');
  const { TokenService } = requireServer('./auth/token.service');
  const { MembersService } = requireServer('./members/members.service');
  const { TransactionRunner } = requireServer('./database/transaction-runner');
  const { signPosRequest } = requireServer('./pos/pos-signature');
  await app.get(StoresService).create({ code: 'R001', name: '复制检查店' });
  const key = await app.get(PosKeysService).create('R001');
  const admin = await app.get(StaffService).create({
    username: 'replica-admin',
    name: '总部',
    password: randomBytes(12).toString('hex'),
    role: 'HQ_ADMIN',
    storeIds: [],
  });
  const token = await app.get(TokenService).signStaff(admin.id, admin.tokenVersion);
  const member = await app
    .get(TransactionRunner)
    .run((em) => app.get(MembersService).create(em, { phone: '13900000001', joinChannel: 'STAFF' }));
  const code = (await app.get(MembersService).currentCode(member)).code;
  await app.close();

  const server = await startServer({
    ...env,
    DATABASE_REPLICA_URL: `mysql://reports:reports-pw@127.0.0.1:${REPLICA_PORT}/tableside`,
  });
  const get = async (path) => {
    const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const pos = async (path, body) => {
    const raw = JSON.stringify(body);
    const full = `/api/pos/v1${path}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(12).toString('hex');
    const res = await fetch(`${server.base}${full}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-pos-key': key.keyId,
        'x-timestamp': ts,
        'x-nonce': nonce,
        'x-signature': signPosRequest(key.secret, 'POST', full, ts, nonce, raw),
      },
      body: raw,
    });
    return { status: res.status, body: await res.json() };
  };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const dashboard = () => get(`/api/admin/dashboard?from=${today}&to=${today}`);

  try {
    check((await dashboard()).body?.visits === 0, 'dashboard before the bill: 0 visits');
    const bill = await pos('/checkout/commit', {
      requestId: `replica-${Date.now()}`,
      orderRef: 'R-1',
      amountFen: 12_300,
      memberCode: code,
      couponCodes: [],
    });
    check(bill.status === 200, `bill at the till (primary): ${bill.status}`);
    const t0 = Date.now();
    let seen = null;
    for (let i = 0; i < 100 && !seen; i++) {
      const d = await dashboard();
      if (d.body?.visits === 1) seen = d.body;
      else await sleep(50);
    }
    check(
      !!seen && seen.revenueFen === 12_300,
      `the bill on the replica's dashboard after ${Date.now() - t0} ms`,
    );
    const health = await get('/api/health');
    check(health.body?.replicaOk === true && health.body?.status === 'ok', 'health: replicaOk true');
    const asReports = await connect(REPLICA_PORT, 'reports', 'reports-pw');
    const write = await asReports.query('UPDATE tableside.member SET points_balance = 1').catch((e) => e);
    check(write instanceof Error, `the replica user cannot write (${write.code ?? 'wrote!'})`);
    await asReports.end();

    await replica.stop();
    const down = await get('/api/health');
    check(
      down.body?.replicaOk === false && down.body?.status === 'degraded',
      'replica down: health degraded',
    );
    check((await fetch(`${server.base}/api/health/ready`)).status === 200, 'replica down: readiness 200');
    const preview = await pos('/checkout/preview', { amountFen: 5_000, memberCode: code });
    check(preview.status === 200, `replica down: the till answers (${preview.status})`);
    const refused = await dashboard();
    check(
      refused.status === 503 && refused.body?.code === 'REPORTS_UNAVAILABLE',
      `replica down: dashboard ${refused.status} ${refused.body?.code} ${refused.body?.message ?? ''}`,
    );

    replica.start();
    await (await connect(REPLICA_PORT)).end();
    let back = null;
    for (let i = 0; i < 100 && !back; i++) {
      const d = await dashboard();
      if (d.status === 200) back = d.body;
      else await sleep(100);
    }
    check(back?.visits === 1, 'replica back: the dashboard answers with the bill');
  } finally {
    server.stop();
    await p.end();
    await r.end();
    for (const s of Object.values(servers)) s.kill('SIGTERM');
    await sleep(1000);
    rmSync(base, { recursive: true, force: true });
  }
  console.log(failed ? `${failed} check(s) failed` : 'replica check passed');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  for (const s of Object.values(servers)) s.kill('SIGKILL');
  process.exit(1);
});
