/**
 * Generates a versioned migration per dialect from the difference between the entities and the
 * schema that the existing migrations produce. Usage (after build):
 *   node dist/database/generate-migration.js <Name>
 * MySQL needs MIGRATE_DATABASE_URL (default mysql://root@127.0.0.1:3306/tableside_migrate), which is
 * dropped and rebuilt from the migrations first. Review the files it writes; never edit landed ones.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/app-config';
import { openDataSource } from './data-source';

async function diff(kind: 'mysql' | 'sqlite'): Promise<{ up: string[]; down: string[] }> {
  const env =
    kind === 'mysql'
      ? {
          ...process.env,
          DATABASE_URL: process.env.MIGRATE_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/tableside_migrate',
        }
      : {
          ...process.env,
          DATABASE_URL: '',
          SQLITE_FILE: join(mkdtempSync(join(tmpdir(), 'ts-mig-')), 'm.sqlite'),
        };
  const cfg = loadConfig({ ...env, NODE_ENV: 'test' });
  if (cfg.database.kind === 'mysql') {
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection({
      host: cfg.database.host,
      port: cfg.database.port,
      user: cfg.database.username,
      password: cfg.database.password,
    });
    await c.query(`DROP DATABASE IF EXISTS \`${cfg.database.database}\``);
    await c.end();
  }
  const ds = await openDataSource(cfg.database);
  try {
    const log = await ds.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
  } finally {
    await ds.destroy();
  }
}

function render(className: string, up: string[], down: string[]): string {
  const lines = (qs: string[]) =>
    qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: generate-migration <PascalCaseName>');
  const ts = Date.now();
  for (const kind of ['mysql', 'sqlite'] as const) {
    const { up, down } = await diff(kind);
    if (up.length === 0) {
      console.log(`${kind}: schema already matches the entities; nothing to write`);
      continue;
    }
    const file = resolve(__dirname, '..', '..', 'src', 'database', 'migrations', kind, `${ts}-${name}.ts`);
    writeFileSync(file, render(`${name}${ts}`, up, down));
    console.log(`${kind}: wrote ${file} (${up.length} statements)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
