/**
 * Integration-test harness: a real server on a real database (MariaDB when TEST_DB=mysql, else a
 * fresh SQLite file), migrations applied, spoken to over real HTTP on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { AppConfig, loadConfig } from '../src/config/app-config';

export const TEST_DB: 'mysql' | 'sqlite' = process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
const MYSQL_BASE = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDb {
  env: Record<string, string>;
  config: AppConfig;
  drop: () => Promise<void>;
}

/** A brand-new empty database for one test file. */
export async function freshDatabase(): Promise<TestDb> {
  if (TEST_DB === 'mysql') {
    const name = `tableside_t_${randomBytes(4).toString('hex')}`;
    const env = { NODE_ENV: 'test', DATABASE_URL: `${MYSQL_BASE}/${name}` };
    const config = loadConfig(env);
    return {
      env,
      config,
      drop: async () => {
        const mysql = await import('mysql2/promise');
        const db = config.database as Extract<AppConfig['database'], { kind: 'mysql' }>;
        const c = await mysql.createConnection({
          host: db.host,
          port: db.port,
          user: db.username,
          password: db.password,
        });
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tableside-test-'));
  const env = { NODE_ENV: 'test', DATABASE_URL: '', SQLITE_FILE: join(dir, 'test.sqlite'), DATA_DIR: dir };
  return { env, config: loadConfig(env), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: NestFastifyApplication;
  ds: DataSource;
  baseUrl: string;
  db: TestDb;
  close: () => Promise<void>;
}

export async function startApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const app = await createApp({ ...db.config, adminDist: null, miniappDist: null, ...overrides });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    ds: app.get(DataSource),
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

/** One real HTTP request; the body is parsed as JSON when it is JSON. */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let payload: string | undefined;
  if (opts.rawBody !== undefined) payload = opts.rawBody;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T };
}

/**
 * How many packets mysql2 writes to its sockets while `fn` runs (a query is one): counted on the
 * connections' prototype, which is left as it was.
 */
export async function countMysqlWrites(fn: () => Promise<unknown>): Promise<number> {
  const { Connection } = (await import('mysql2')) as unknown as {
    Connection: { prototype: { write: (b: Buffer) => unknown } };
  };
  const write = Connection.prototype.write;
  let writes = 0;
  Connection.prototype.write = function (this: unknown, b: Buffer) {
    writes++;
    return write.call(this, b);
  };
  try {
    await fn();
  } finally {
    delete (Connection.prototype as { write?: unknown }).write;
  }
  expect(Connection.prototype.write).toBe(write);
  return writes;
}
