/** The built Tableside server, in this process, on a throw-away SQLite file with the demo chain. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const dist = join(repo, 'server', 'dist');

export interface RunningServer {
  base: string;
  query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  stop: () => Promise<void>;
}

export async function startServer(
  opts: { memberCodeStepSeconds?: number; config?: Record<string, unknown> } = {},
): Promise<RunningServer> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require(join(repo, 'server', 'node_modules', 'reflect-metadata'));
  const { createApp } = require(join(dist, 'bootstrap'));
  const { loadConfig } = require(join(dist, 'config', 'app-config'));
  const { seedDemo } = require(join(dist, 'seed', 'demo-seed'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = mkdtempSync(join(tmpdir(), 'tableside-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: '',
    SQLITE_FILE: join(dir, 'e2e.sqlite'),
    DATA_DIR: dir,
  });
  const app = await createApp({
    ...config,
    logLevel: 'warn',
    // Whichever front ends are built (the admin e2e runs before the mini-program is built).
    adminDist: existsSync(join(repo, 'admin', 'dist', 'index.html')) ? join(repo, 'admin', 'dist') : null,
    miniappDist: existsSync(join(repo, 'miniapp', 'dist', 'h5', 'index.html'))
      ? join(repo, 'miniapp', 'dist', 'h5')
      : null,
    // e.g. real integrations against the local WeChat fake (miniapp/e2e/wechat-pay.e2e.ts).
    ...(opts.config ?? {}),
  });
  await seedDemo(app, { members: 300 });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ds = app.get(require(join(repo, 'server', 'node_modules', 'typeorm')).DataSource);
  // Through TypeORM, not raw SQL: the server's settings cache is told about the change.
  if (opts.memberCodeStepSeconds) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ChainSettings } = require(join(dist, 'settings', 'entities', 'chain-settings.entity'));
    await ds
      .getRepository(ChainSettings)
      .update({ id: 1 }, { memberCodeStepSeconds: opts.memberCodeStepSeconds });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address();
  return {
    base: `http://127.0.0.1:${port}`,
    query: (sql, params) => ds.query(sql, params),
    stop: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
