/**
 * Real server processes (`node dist/main.js`) on a test database, for the tests that run several
 * instances or stop one: a free port, the process, and waiting until it is ready.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { http, TestApp } from './harness';

export const MAIN = resolve(__dirname, '..', 'dist', 'main.js');
export const TEST_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });

export interface ServerProcess {
  child: ChildProcess;
  base: string;
}

/** Starts one server on `t`'s database (simulator integrations, test mode) with extra environment. */
export async function spawnServer(t: TestApp, env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`先构建 server：缺少 ${MAIN}`);
  const port = await freePort();
  const child = spawn('node', [MAIN], {
    env: {
      ...process.env,
      ...t.db.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      INTEGRATIONS_MODE: 'simulator',
      ...env,
    },
    // SPAWN_LOG=<file>: the spawned servers' output, for debugging a test that hangs.
    stdio: process.env.SPAWN_LOG
      ? ['ignore', openSync(process.env.SPAWN_LOG, 'a'), openSync(process.env.SPAWN_LOG, 'a')]
      : 'ignore',
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** Waits until `GET path` answers 200 (default: readiness). */
export async function waitReady(base: string, path = '/api/health/ready', ms = 40_000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await http(base, 'GET', path).catch(() => null);
    if (r?.status === 200) return r;
    if (Date.now() > end) throw new Error(`${base} did not become ready`);
    await new Promise((r2) => setTimeout(r2, 200));
  }
}
