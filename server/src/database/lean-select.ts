import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Hand-written SQL for the till's hot path, without the query builder (building the SQL and mapping
 * the rows was a fifth of a POS preview's CPU): `columnsOf` lists every column of an entity under
 * an alias, `hydrate` turns a raw row back into the entity with the driver's own conversions
 * (dates, JSON, booleans, column transformers) — the same values the ORM would have produced;
 * `sqlValue` converts a parameter the same way, `execute` runs a write and counts its rows.
 */
/** MySQL/MariaDB (row locks, FOR UPDATE) rather than the embedded SQLite file. */
export function isMysql(em: EntityManager): boolean {
  const { type } = em.connection.options;
  return type === 'mysql' || type === 'mariadb';
}

const selectLists = new WeakMap<object, Map<string, string>>();

export function columnsOf(em: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  // Built once per entity and alias (it is asked on every bill).
  const meta = em.connection.getMetadata(target);
  let lists = selectLists.get(meta);
  if (!lists) selectLists.set(meta, (lists = new Map()));
  let list = lists.get(alias);
  if (!list) {
    const q = (s: string) => em.connection.driver.escape(s);
    list = meta.columns
      .map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(`${alias}_${c.databaseName}`)}`)
      .join(', ');
    lists.set(alias, list);
  }
  return list;
}

/** The entity in `raw` under `alias`, or null when its primary key is NULL (an unmatched LEFT JOIN). */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
  alias: string,
): T | null {
  const meta = em.connection.getMetadata(target);
  if (raw[`${alias}_${meta.primaryColumns[0].databaseName}`] == null) return null;
  const driver = em.connection.driver;
  const entity = meta.create() as T;
  for (const c of meta.columns)
    c.setEntityValue(entity, driver.prepareHydratedValue(raw[`${alias}_${c.databaseName}`], c));
  return entity;
}

/** A value as the driver stores it in `property`'s column (a Date becomes SQLite's text, and so on). */
export function sqlValue<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  property: keyof T & string,
  value: unknown,
): unknown {
  const column = em.connection.getMetadata(target).findColumnWithPropertyName(property)!;
  return em.connection.driver.preparePersistentValue(value, column);
}

/** Runs a hand-written write on `em`'s connection and returns the rows it affected (both dialects). */
export async function execute(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return result.affected ?? 0;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}
