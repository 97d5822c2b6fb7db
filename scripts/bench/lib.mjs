/**
 * Shared pieces of the benchmarks: a fresh database (SQLite temp file or a MariaDB database), the
 * built server loaded in-process for setup, a server child process, and latency statistics.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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

/** Starts `node server/dist/main.js` on a free port and waits for /api/health. */
export async function startServer(env, port = 3900 + Math.floor(Math.random() * 90)) {
  const child = spawn(process.execPath, [join(serverDist, 'main.js')], {
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
      if ((await fetch(`${base}/api/health`)).ok) return { base, stop: () => child.kill('SIGTERM') };
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

export const machine = () => `Node ${process.version}, ${availableParallelism()} cores`;
