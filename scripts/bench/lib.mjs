/**
 * Shared pieces of the benchmarks: a fresh database (SQLite temp file or a MariaDB database), the
 * built server loaded in-process for setup, a server child process, and latency statistics.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverDist = join(root, 'server', 'dist');
export const requireServer = createRequire(join(serverDist, 'main.js'));

/** Builds shared + server when the server has not been built yet. */
export function ensureBuilt() {
  if (existsSync(join(serverDist, 'main.js'))) return;
  for (const pkg of ['@tableside/shared', '@tableside/server']) {
    const r = spawnSync('pnpm', ['--filter', pkg, 'run', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

/** `--mysql` → a dropped-and-recreated MariaDB database; otherwise a new SQLite file. */
export async function freshDatabaseEnv(name) {
  if (process.argv.includes('--mysql')) {
    const base = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
    const mysql = requireServer('mysql2/promise');
    const u = new URL(base);
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
    });
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await c.end();
    return { kind: 'MariaDB', env: { DATABASE_URL: `${base}/${name}` } };
  }
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  return { kind: 'SQLite', env: { DATABASE_URL: '', SQLITE_FILE: join(dir, 'bench.sqlite'), DATA_DIR: dir } };
}

/** The server's Nest application context on that database (migrated), for setup work. */
export async function serverContext(env) {
  Object.assign(process.env, env, {
    NODE_ENV: 'production',
    APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
  });
  requireServer('reflect-metadata');
  const { NestFactory } = requireServer('@nestjs/core');
  const { AppModule } = requireServer('./app.module');
  const { loadConfig } = requireServer('./config/app-config');
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...loadConfig(), logLevel: 'error' }),
    { logger: ['error'] },
  );
  return app;
}

/**
 * Starts `node server/dist/main.js` on a free port and waits for /api/health. `BENCH_NODE_ARGS`
 * passes flags to that node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
 */
export async function startServer(env, port = 3900 + Math.floor(Math.random() * 90)) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(serverDist, 'main.js')], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
      SEED_DEMO: '0',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok)
        return { base, pid: child.pid, stop: () => child.kill('SIGTERM') };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** Runs `task(i)` for i in [0, total) with `concurrency` in flight; returns latencies (ms) and wall time. */
export async function hammer(total, concurrency, task) {
  const lat = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      lat.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { lat, wallMs: performance.now() - started };
}

export function stats({ lat, wallMs }) {
  // BENCH_TAIL=1: the p99 of each tenth of the run, in completion order (where does the tail come from?).
  if (process.env.BENCH_TAIL) {
    const tenth = Math.ceil(lat.length / 10);
    const p99s = Array.from({ length: 10 }, (_, k) => {
      const part = lat.slice(k * tenth, (k + 1) * tenth).sort((a, b) => a - b);
      return part.length ? part[Math.floor(0.99 * (part.length - 1))].toFixed(0) : '-';
    });
    console.error(`p99 by tenth of the run: ${p99s.join(' ')}`);
  }
  const s = [...lat].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    n: s.length,
    perSecond: Math.round((s.length / wallMs) * 1000),
    p50: q(0.5).toFixed(1),
    p95: q(0.95).toFixed(1),
    p99: q(0.99).toFixed(1),
  };
}

/** CPU time (ms, user + system) a process has used so far, from /proc (Linux). */
export function cpuMs(pid) {
  // The server and its cluster workers (WORKERS > 1): every process whose parent is `pid`.
  const ticks = (p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) };
  };
  try {
    let total = ticks(pid).cpu;
    for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const t = ticks(p);
        if (t.ppid === pid) total += t.cpu;
      } catch {
        // exited meanwhile
      }
    }
    return (total * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

export const machine = () => `Node ${process.version}, ${availableParallelism()} cores`;

/** A numeric `--name N` argument. */
export const numberArg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};

export const benchLog = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);

/**
 * A root connection to the benchmark's MariaDB with the buffer pool raised for the run (SET GLOBAL;
 * a production server is sized to its data); `close()` puts it back.
 */
export async function mariadbAdmin(base, poolBytes, logBytes = 0) {
  const mysql = requireServer('mysql2/promise');
  const u = new URL(base);
  const admin = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  });
  const [[{ pool, log }]] = await admin.query(
    'SELECT @@innodb_buffer_pool_size AS pool, @@innodb_log_file_size AS log',
  );
  await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(poolBytes)}`);
  // The redo log (dynamic since MariaDB 10.9): a small one forces a checkpoint flush every few
  // thousand rows of a bulk load. Durability is unchanged (innodb_flush_log_at_trx_commit stays).
  if (logBytes) await admin.query(`SET GLOBAL innodb_log_file_size = ${Number(logBytes)}`);
  return {
    admin,
    close: async () => {
      await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(pool)}`);
      if (logBytes) await admin.query(`SET GLOBAL innodb_log_file_size = ${Number(log)}`);
      await admin.end();
    },
  };
}

/** A UUID-shaped id from an MD5 (random-looking, like the product's ids). */
export const uuidOf = (expr) =>
  `CONCAT(SUBSTR(MD5(${expr}),1,8),'-',SUBSTR(MD5(${expr}),9,4),'-4',SUBSTR(MD5(${expr}),14,3),'-8',SUBSTR(MD5(${expr}),18,3),'-',SUBSTR(MD5(${expr}),21,12))`;

/**
 * 20 stores (S001…S020) and N members generated set-based over MariaDB's seq_ tables: joined over
 * two years at a store CRC32 picks, two thirds consenting to SMS, three quarters to WeChat.
 */
export async function generateMembers(app, q, n, chunk = 50_000) {
  const { SettingsService } = requireServer('./settings/settings.service');
  await app.get(SettingsService).get();
  // The boot created the default tier (普通会员); every generated member starts there.
  const [{ id: tierId }] = await q('SELECT id FROM tier ORDER BY `rank` LIMIT 1');
  await q(
    `INSERT INTO store (id, code, name, void_window_minutes, active, created_at)
     SELECT CONCAT('00000000-0000-4000-9000-', LPAD(seq, 12, '0')), CONCAT('S', LPAD(seq, 3, '0')),
       CONCAT('压测', seq, '号店'), 30, 1, NOW(3) FROM seq_1_to_20`,
  );
  for (let a = 1; a <= n; a += chunk) {
    const b = Math.min(n, a + chunk - 1);
    await q(
      `INSERT INTO member (id, member_no, phone, name, gender, join_store_id, join_channel, tier_id, points_balance,
          balance_principal_fen, balance_bonus_fen, consent_sms, consent_wechat, tags, code_secret, created_at, updated_at)
       SELECT ${uuidOf("CONCAT('m', seq)")}, seq, CONCAT('13', LPAD(seq, 9, '0')), CONCAT('会员', seq),
         IF(seq % 2, 'M', 'F'), CONCAT('00000000-0000-4000-9000-', LPAD(CRC32(CONCAT('s', seq)) % 20 + 1, 12, '0')),
         'QR', '${tierId}', 0, 0, 0, seq % 3 <> 0, seq % 4 <> 0, '[]', 'bench',
         NOW(3) - INTERVAL (CRC32(CONCAT('j', seq)) % 730) DAY, NOW(3)
       FROM seq_1_to_${n} WHERE seq BETWEEN ${a} AND ${b}`,
    );
  }
}

/**
 * A JSON POST over Node's `http` with a keep-alive agent: far less client CPU than `fetch` (the load
 * generator shares the machine's cores with the server under test). Resolves { status, body };
 * `close()` ends the kept-alive sockets.
 */
/**
 * A lean HTTP/1.1 keep-alive client for the load generator: up to `connections` sockets, one request
 * in flight on each (as many clients as connections), the request written in one piece, the answer
 * read by its Content-Length. Node's http client spent ≈ 0.3 ms of CPU per request on the 2 cores the
 * server shares with it — load-generator time the server's figures paid for; this one about a third
 * (the bench prints the load generator's CPU per request beside the server's).
 * `post(path, headers, body)` → { status, body (parsed JSON) }.
 */
export function keepAliveClient(base, connections) {
  const { hostname, port } = new URL(base);
  const idle = [];
  const waiting = [];
  let open = 0;
  let closed = false;

  const connect = () => {
    open++;
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    socket.current = null;
    let buf = Buffer.alloc(0);
    const fail = (err) => {
      const job = socket.current;
      socket.current = null;
      if (job) job.reject(err);
    };
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const headers = buf.toString('latin1', 0, head);
      const m = /\r\ncontent-length: *(\d+)/i.exec(headers);
      if (!m) return fail(new Error(`answer without Content-Length: ${headers.split('\r\n')[0]}`));
      const end = head + 4 + Number(m[1]);
      if (buf.length < end) return;
      const status = Number(headers.slice(9, 12));
      const text = buf.toString('utf8', head + 4, end);
      buf = buf.subarray(end);
      const job = socket.current;
      socket.current = null;
      const keep = !/\r\nconnection: *close/i.test(headers);
      if (keep) release(socket);
      else socket.destroy();
      job.resolve({ status, body: text ? JSON.parse(text) : null });
    });
    socket.on('error', (e) => fail(e));
    socket.on('close', () => {
      open--;
      const i = idle.indexOf(socket);
      if (i >= 0) idle.splice(i, 1);
      fail(new Error('connection closed before the answer'));
      if (waiting.length && !closed) release(connect());
    });
    return socket;
  };

  const send = (socket, job) => {
    socket.current = job;
    const body = Buffer.from(job.body);
    let head = `POST ${job.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n`;
    for (const [k, v] of Object.entries(job.headers)) head += `${k}: ${v}\r\n`;
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]));
  };

  function release(socket) {
    const job = waiting.shift();
    if (job) send(socket, job);
    else idle.push(socket);
  }

  const post = (path, headers, body) =>
    new Promise((resolve, reject) => {
      const job = { path, headers, body, resolve, reject };
      const socket = idle.pop();
      if (socket) send(socket, job);
      else {
        waiting.push(job);
        if (open < connections) release(connect());
      }
    });
  post.close = () => {
    closed = true;
    for (const s of idle.splice(0)) s.destroy();
  };
  return post;
}
