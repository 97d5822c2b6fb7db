import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from './transaction-runner';

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
  const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const row of rows)
    for (const c of columns) params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
  const sql = `INSERT INTO ${q(meta.tableName)} (${columns.map((c) => q(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  return { sql, params };
}
