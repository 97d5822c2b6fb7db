import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Driver, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { isUniqueViolation } from './transaction-runner';

/** The columns an insert names: every stored, not generated column of the entity. */
const writtenColumns = (meta: EntityMetadata) => meta.columns.filter((c) => !c.isVirtual && !c.isGenerated);

/**
 * One multi-row INSERT of whole entities, built from the entity's column metadata and each value
 * prepared by the driver exactly as TypeORM prepares it (dates, JSON, booleans per dialect) —
 * without the query builder, whose parameter bookkeeping took half the CPU of a bulk import.
 * Every column of the entity must be present on each row (no defaults are applied).
 *
 * `skipDuplicatesOf`: rows whose unique key (these columns) already exists are left out — by the
 * database, in the same statement (MySQL: ON DUPLICATE KEY no-op; SQLite: ON CONFLICT DO NOTHING);
 * any other error still fails the statement. Returns how many rows were inserted.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
  opts: { skipDuplicatesOf?: (keyof T & string)[] } = {},
): Promise<number> {
  if (!rows.length) return 0;
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const q = (name: string) => driver.escape(name);
  const insert = insertStatement(em, target, rows);
  const params = insert.params;
  let sql = insert.sql;
  const mysql = driver.options.type === 'mysql' || driver.options.type === 'mariadb';
  // One row on MySQL: no "Duplicates:" info comes back, so the duplicate is caught instead.
  const catchDuplicate = mysql && rows.length === 1 && !!opts.skipDuplicatesOf?.length;
  if (opts.skipDuplicatesOf?.length && !catchDuplicate) {
    const keyColumns = opts.skipDuplicatesOf.map((p) => q(meta.findColumnWithPropertyName(p)!.databaseName));
    sql += mysql
      ? ` ON DUPLICATE KEY UPDATE ${keyColumns[0]} = ${keyColumns[0]}`
      : ` ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING`;
  }
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true).catch((e: unknown) => {
      if (catchDuplicate && isUniqueViolation(e)) return null;
      throw e;
    });
    if (!result) return 0;
    // MySQL: mysql2 asks for "found rows", so affectedRows counts duplicates too; the server's info
    // line ("Records: 1000  Duplicates: 37  Warnings: 0") says how many were left out.
    const info = (result.raw as { info?: string } | undefined)?.info;
    const duplicates = info ? /Duplicates:\s*(\d+)/.exec(info) : null;
    if (duplicates) return rows.length - Number(duplicates[1]);
    return result.affected ?? rows.length;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/** The plain multi-row INSERT of `rows` (every column, values prepared by the driver). */
export function insertStatement<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
): { sql: string; params: unknown[] } {
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const q = (name: string) => driver.escape(name);
  const columns = writtenColumns(meta);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const row of rows)
    for (const c of columns) params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
  const sql = `INSERT INTO ${q(meta.tableName)} (${columns.map((c) => q(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  return { sql, params };
}

/** Servers that refused LOCAL INFILE (MySQL 8's default, local_infile=OFF): asked once per data source. */
const noLocalInfile = new WeakSet<object>();
/** Error numbers of a server that does not take LOAD DATA LOCAL (mysql2 names only MySQL's). */
const LOCAL_INFILE_REFUSED = new Set([
  1148, // ER_NOT_ALLOWED_COMMAND: MySQL 5.7, older MariaDB
  3948, // ER_CLIENT_LOCAL_FILES_DISABLED: MySQL 8 (local_infile=OFF, its default)
  4166, // ER_LOAD_INFILE_CAPABILITY_DISABLED: MariaDB 10.5+
]);

/** A LOAD DATA that changed a value or skipped a row for a reason other than a duplicate key. */
export class BulkLoadAdjusted extends Error {
  constructor(readonly info: string) {
    super(`LOAD DATA adjusted rows (${info}): the chunk is rolled back`);
  }
}

/**
 * `bulkInsert(…, { skipDuplicatesOf })` for many rows at a time on MySQL: the rows go as
 * tab-separated text in `LOAD DATA LOCAL INFILE … IGNORE`, streamed from memory (no file, no
 * path the server could name: mysql2 sends only what `infileStreamFactory` gives). MySQL takes
 * it with less CPU than a 22-column multi-row INSERT (15–25% less replaying a million visits, 5–8%
 * in the whole import, docs/benchmarks.md session 13) and the client builds no statement with
 * 22,000 parameters.
 *
 * LOAD DATA LOCAL turns every error into a warning and carries on, so its warnings are counted:
 * the only ones allowed are one per duplicate key skipped (that is `skipDuplicatesOf`). Anything
 * else — a value the column had to cut, a row the server could not take — throws
 * `BulkLoadAdjusted`, and the caller's transaction rolls the whole chunk back (the importer then
 * writes it row by row with INSERTs, which refuse such a row with its own error).
 *
 * On SQLite, for a single row, or where the server refuses LOCAL INFILE (MySQL 8's default): the
 * multi-row INSERT. Returns how many rows were inserted.
 */
export async function bulkLoad<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
  opts: { skipDuplicatesOf: (keyof T & string)[] },
): Promise<number> {
  const driver = em.connection.driver;
  const mysql = driver.options.type === 'mysql' || driver.options.type === 'mariadb';
  const conn = (em.queryRunner as unknown as { databaseConnection?: InfileConnection } | undefined)
    ?.databaseConnection;
  if (!mysql || rows.length < 2 || !conn || noLocalInfile.has(em.connection))
    return bulkInsert(em, target, rows, opts);
  const meta = em.connection.getMetadata(target);
  const columns = writtenColumns(meta);
  const fields = columns.map((c) => tsvField(c, driver));
  let body = '';
  for (const row of rows) {
    let line = fields[0](row);
    for (let i = 1; i < fields.length; i++) line += '\t' + fields[i](row);
    body += line + '\n';
  }
  const text = Buffer.from(body, 'utf8');
  const q = (name: string) => driver.escape(name);
  const sql =
    `LOAD DATA LOCAL INFILE 'rows.tsv' IGNORE INTO TABLE ${q(meta.tableName)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ` +
    `(${columns.map((c) => q(c.databaseName)).join(', ')})`;
  let result: { affectedRows: number; info: string; warningStatus: number };
  try {
    result = await new Promise((resolve, reject) =>
      conn.query({ sql, infileStreamFactory: () => Readable.from(slices(text)) }, (err, res) =>
        err ? reject(err) : resolve(res as typeof result),
      ),
    );
  } catch (e) {
    if (!LOCAL_INFILE_REFUSED.has((e as { errno?: number }).errno ?? 0)) throw e;
    // Nothing was loaded; the transaction is still open. INSERTs from now on.
    noLocalInfile.add(em.connection);
    new Logger('bulkLoad').warn(
      'The database refuses LOAD DATA LOCAL INFILE (local_infile=OFF): imports use INSERTs, somewhat slower (docs/deploy.md)',
    );
    return bulkInsert(em, target, rows, opts);
  }
  const skipped = Number(/Skipped:\s*(\d+)/.exec(result.info ?? '')?.[1] ?? NaN);
  if (!(skipped >= 0) || result.warningStatus !== skipped) throw new BulkLoadAdjusted(result.info);
  return result.affectedRows;
}

interface InfileConnection {
  query(
    opts: { sql: string; infileStreamFactory: () => Readable },
    cb: (err: Error | null, result: unknown) => void,
  ): unknown;
}

/** 64 KB pieces: each becomes one packet on the wire, well under any max_allowed_packet. */
function* slices(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += 65536) yield buf.subarray(i, i + 65536);
}

const TSV_ESCAPE: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};
const TSV_SPECIAL = /[\\\t\n\r\0]/;
const tsvString = (v: string) => (TSV_SPECIAL.test(v) ? v.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPE[c]) : v);

/**
 * How one column's value is written in LOAD DATA's text (ESCAPED BY '\'), chosen once per column:
 * \N is NULL, numbers as digits, DATETIME(3) as MySQL writes it in UTC (the connection's time
 * zone, as for every other write). The plain column kinds are written straight from the property;
 * anything else (a transformer, an embedded or JSON column) goes through the driver's own
 * `preparePersistentValue` first, as the INSERT path does.
 */
function tsvField(c: ColumnMetadata, driver: Driver): (row: ObjectLiteral) => string {
  const plain = !c.transformer && !c.embeddedMetadata && !c.relationMetadata;
  const prop = c.propertyName;
  if (plain && (c.type === 'int' || c.type === Number))
    return (row) => {
      const v: unknown = row[prop];
      if (v === null || v === undefined) return '\\N';
      if (typeof v !== 'number' || !Number.isInteger(v))
        throw new Error(`bulkLoad: ${c.propertyName} = ${String(v)} is not an integer`);
      return String(v);
    };
  if (plain && c.type === 'varchar')
    return (row) => {
      const v: unknown = row[prop];
      if (v === null || v === undefined) return '\\N';
      if (typeof v !== 'string') throw new Error(`bulkLoad: ${c.propertyName} is not a string`);
      return tsvString(v);
    };
  if (plain && (c.type === 'datetime' || c.type === Date)) {
    let last: Date | null = null; // a chunk's rows share their createdAt
    let lastText = '';
    return (row) => {
      const v: unknown = row[prop];
      if (v === null || v === undefined) return '\\N';
      if (v === last) return lastText;
      if (!(v instanceof Date) || Number.isNaN(v.getTime()))
        throw new Error(`bulkLoad: ${c.propertyName} is not a date`);
      last = v;
      return (lastText = dateTimeText(v));
    };
  }
  return (row) => tsvValue(driver.preparePersistentValue(c.getEntityValue(row), c));
}

/** DATETIME(3) as MySQL writes it, in UTC (the connection's time zone, as for every other write). */
const dateTimeText = (d: Date) => {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
};

/** A value the driver prepared, as LOAD DATA's text. */
function tsvValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`bulkLoad: ${v} is not a number MySQL can store`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return dateTimeText(v);
  if (typeof v === 'string') return tsvString(v);
  throw new Error(`bulkLoad: cannot write a ${typeof v} as text`);
}
