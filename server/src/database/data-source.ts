import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { RefCacheSubscriber } from './ref-cache';
import { guardConnections } from './write-batch';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Migrations are versioned per dialect; `synchronize` is never used. */
export function migrationsDir(kind: 'mysql' | 'sqlite'): string {
  return join(__dirname, 'migrations', kind);
}

/** Compiled (dist/*.js) or from source under jest (src/*.ts, never *.d.ts). */
const migrationGlob = (kind: 'mysql' | 'sqlite') =>
  join(migrationsDir(kind), __filename.endsWith('.ts') ? '*[0-9]-*.ts' : '*[0-9]-*.js');

/** `subscribers` is typed as a mutable list of classes: built here, outside the `as const` block. */
const SUBSCRIBERS: (new () => unknown)[] = [RefCacheSubscriber];

export function dataSourceOptions(
  db: AppConfig['database'],
  flavour: 'mysql' | 'mariadb' = 'mysql',
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    // Keeps the in-process reference cache (ref-cache.ts) honest about every TypeORM write.
    subscribers: SUBSCRIBERS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    logging: false,
  } as const;
  if (db.kind === 'mysql') {
    return {
      ...common,
      // TypeORM reads MariaDB's information_schema differently (e.g. DEFAULT NULL): tell it which it is.
      type: flavour,
      host: db.host,
      port: db.port,
      username: db.username,
      password: db.password,
      database: db.database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      // DATABASE_POOL_SIZE (app-config.ts). Races are decided by row locks, not by pool size.
      poolSize: db.poolSize,
      // mysql2 captures a stack trace for every query in case it fails (4% of the till's CPU);
      // TypeORM's QueryFailedError already carries the statement.
      // Multi-statement queries for WriteBatch (and a deferred START TRANSACTION) only: guardConnections (write-batch.ts)
      // refuses a second statement in any other query, as MySQL did without the flag.
      extra: { trace: false, multipleStatements: true },
      migrations: [migrationGlob('mysql')],
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.file,
    // WAL: readers don't block the single writer; busy timeout for the CLI running beside the server.
    prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
      conn.pragma('journal_mode = WAL');
      conn.pragma('busy_timeout = 5000');
      conn.pragma('synchronous = NORMAL');
    },
    migrations: [migrationGlob('sqlite')],
  };
}

/**
 * The reports' read replica (DATABASE_REPLICA_URL): the same entities and dialect as the primary,
 * read-only use — no migrations (the replica receives the primary's), no cache subscribers (nothing
 * is written through it), a small pool and no multi-statement flag.
 */
export async function openReplica(
  db: Extract<AppConfig['database'], { kind: 'mysql' }>,
  flavour: 'mysql' | 'mariadb',
): Promise<DataSource> {
  const options = dataSourceOptions(db, flavour);
  const ds = new DataSource({
    ...options,
    subscribers: [],
    migrations: [],
    poolSize: 5,
    extra: { trace: false },
  } as DataSourceOptions);
  return ds.initialize();
}

/** Creates the MySQL database if missing (harmless when it exists), then opens and migrates. */
export async function openDataSource(
  db: AppConfig['database'],
  opts: { migrate?: boolean } = {},
): Promise<DataSource> {
  const flavour = db.kind === 'mysql' ? await ensureMysqlDatabase(db) : 'mysql';
  const ds = new DataSource(dataSourceOptions(db, flavour));
  await ds.initialize();
  if (db.kind === 'mysql') guardConnections(ds);
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return ds;
}

async function ensureMysqlDatabase(
  db: Extract<AppConfig['database'], { kind: 'mysql' }>,
): Promise<'mysql' | 'mariadb'> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
  });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${db.database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}
