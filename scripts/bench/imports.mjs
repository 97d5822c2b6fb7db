#!/usr/bin/env node
/**
 * Import benchmark: generates a members CSV and a visits CSV in DESIGN.md §6 formats (1% bad rows)
 * and imports them through the same ImportsService the CLI and admin use, on a fresh database;
 * then imports both again (must import nothing). Prints rows/s.
 *
 *   node scripts/bench/imports.mjs [--mysql] [--members 5000] [--visits 20000]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  ensureBuilt,
  freshDatabaseEnv,
  machine,
  mariadbAdmin,
  requireServer,
  serverContext,
} from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N_MEMBERS = arg('members', 5000);
const N_VISITS = arg('visits', 20000);

ensureBuilt();
const db = await freshDatabaseEnv('tableside_bench_import');
// A chain migrating a million visits runs MySQL sized for them: the buffer pool holds the visit
// table and its indexes (≈ 1 GB at 1M rows). The default 128 MB turns every index insert into a
// random read; likewise a 1 GB redo log (--log-mb). --pool-mb 0 keeps the server's settings.
const POOL_MB = arg('pool-mb', 2048);
const pool =
  db.kind === 'MariaDB' && POOL_MB
    ? await mariadbAdmin(
        process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
        POOL_MB * 1024 * 1024,
        arg('log-mb', 1024) * 1024 * 1024,
      )
    : null;
const app = await serverContext(db.env);
const { ImportsService } = requireServer('./imports/imports.service');
const { StoresService } = requireServer('./stores/stores.service');

// The server's boot (TiersService) created the settings and the default tier on the fresh database.
await app.get(StoresService).create({ code: 'S001', name: '压测一店' });
await app.get(StoresService).create({ code: 'S002', name: '压测二店' });

const phone = (i) => `139${String(10_000_000 + i).slice(-8)}`;
const members = ['phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id'];
for (let i = 0; i < N_MEMBERS; i++) {
  const bad = i % 100 === 99;
  members.push(
    `${bad ? '12345' : phone(i)},会员${i},${i % 2 ? 'M' : 'F'},19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 9},,${i % 7 === 0 ? 100 + i : ''},${i % 11 === 0 ? 5000 : ''},2024-0${1 + (i % 9)}-15,OLD-${i}`,
  );
}
const visits = ['member_ref,occurred_at,amount_fen,store_code,party_size,order_ref'];
for (let i = 0; i < N_VISITS; i++) {
  const m = (i * 7919) % N_MEMBERS;
  const bad = i % 100 === 42;
  const day = String(1 + (i % 28)).padStart(2, '0');
  visits.push(
    `${m % 100 === 99 ? `OLD-${m}` : phone(m)},2025-${String(1 + (i % 12)).padStart(2, '0')}-${day}T${i % 2 ? '12' : '18'}:30:00+08:00,${bad ? '-1' : 3000 + (i % 200) * 100},S00${1 + (i % 2)},${1 + (i % 6)},ORD-${i}`,
  );
}

// Each file as the CLI reads it: one string (the lines themselves are not kept alive beside it).
const membersCsv = members.splice(0).join('\n');
const visitsCsv = visits.splice(0).join('\n');
const imports = app.get(ImportsService);
// The progress bar's first half is checking every row, its second half writing: when it passes the
// middle splits the seconds between the two. While writing, the CPU seconds of this process (the
// importer) and of the database server (where /proc shows it) say which of the two the time went to.
const mysqldPid = (() => {
  try {
    return execFileSync('pidof', ['mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
  } catch {
    return null;
  }
})();
const dbCpu = () => {
  if (db.kind !== 'MariaDB' || !mysqldPid) return NaN;
  const f = readFileSync(`/proc/${mysqldPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const time = async (fn) => {
  const t0 = performance.now();
  let checked = null;
  let cpu0 = null;
  const r = await fn((done) => {
    if (checked === null && done >= r0 / 2) {
      checked = (performance.now() - t0) / 1000;
      cpu0 = { own: ownCpu(), db: dbCpu() };
    }
  });
  const s = (performance.now() - t0) / 1000;
  const writing = cpu0 && { own: ownCpu() - cpu0.own, db: dbCpu() - cpu0.db };
  return { r, s, checked: checked ?? s, writing };
};
let r0 = N_MEMBERS;
const m1 = await time((p) => imports.importMembers(membersCsv, p));
r0 = N_VISITS;
const v1 = await time((p) => imports.importVisits(visitsCsv, {}, p));
r0 = N_MEMBERS;
const m2 = await time((p) => imports.importMembers(membersCsv, p));
r0 = N_VISITS;
const v2 = await time((p) => imports.importVisits(visitsCsv, {}, p));
await app.close();
await pool?.close();

if (m2.r.imported !== 0 || v2.r.imported !== 0) throw new Error('re-run imported rows twice');
console.log(
  `\nImport benchmark — ${db.kind}${pool ? ` (buffer pool ${POOL_MB} MB, redo log ${arg('log-mb', 1024)} MB)` : ''}, ${machine()}`,
);
console.log(
  '| file | rows | imported | rejected | seconds (checking + writing) | rows/s | CPU s while writing: importer / database |',
);
console.log('|---|---|---|---|---|---|---|');
for (const [name, x] of [
  ['members (first run)', m1],
  ['visits (first run)', v1],
  ['members (re-run)', m2],
  ['visits (re-run)', v2],
])
  console.log(
    `| ${name} | ${x.r.total} | ${x.r.imported} | ${x.r.errors.length} | ${x.s.toFixed(1)} (${x.checked.toFixed(1)} + ${(x.s - x.checked).toFixed(1)}) | ${Math.round(x.r.total / x.s)} | ${x.writing ? `${x.writing.own.toFixed(1)} / ${Number.isNaN(x.writing.db) ? '–' : x.writing.db.toFixed(1)}` : '–'} |`,
  );
