/**
 * Writes the server's OpenAPI document (the same one /api/docs serves) to a file, without a
 * network port: a throw-away SQLite database, `inject` instead of HTTP. The admin's typed client
 * is generated from it (admin: `pnpm gen:api`); CI regenerates and fails on any difference.
 *   node dist/openapi/dump.js <out.json>
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../bootstrap';
import { loadConfig } from '../config/app-config';

/** Object keys sorted, so the file only changes when the API does. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}

async function main(out: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tableside-openapi-'));
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: '',
      SQLITE_FILE: join(dir, 'o.sqlite'),
      DATA_DIR: dir,
    });
    const app = await createApp({ ...config, adminDist: null, miniappDist: null, logLevel: 'error' });
    await app.init();
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/api/docs/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`openapi.json: HTTP ${res.statusCode}`);
    writeFileSync(resolve(out), `${JSON.stringify(sorted(JSON.parse(res.body)), null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = process.argv[2];
if (!out) {
  process.stderr.write('用法: node dist/openapi/dump.js <out.json>\n');
  process.exit(64);
}
main(out).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
