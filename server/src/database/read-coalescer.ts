import { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './lean-select';
import { MysqlConnection, secondStatement, sendStatements } from './write-batch';

/**
 * Reads that arrive together leave together. A till's look-ups (a POS preview is one statement)
 * reach MySQL in bursts: the POS requests' nonces go to Redis in one auto-pipelined write, their
 * answers come back in one read, and every one of those requests then asks MySQL for its member in
 * the same turn of the event loop. Sent one by one, each costs a socket write on its own pooled
 * connection and a wake-up of a MariaDB thread (docs/benchmarks.md: the socket write was an eighth of
 * a preview's server time). Here, reads outside a transaction queued in one turn go as one
 * multi-statement query on one connection, and each caller gets its own rows.
 *
 * - Only outside a transaction (a transaction's reads belong to its own connection) and only on
 *   MySQL; SQLite, and a read alone in its turn, go the usual way (`em.query`).
 * - Every statement must be a single statement (the guard's check, made here before joining them).
 * - A statement that fails stops MySQL's run of the rest: then every read of that query runs again
 *   on its own, so each caller gets exactly the answer (or the error) it would have had alone.
 */
const MAX_STATEMENTS = 32;

interface Pending {
  sql: string;
  params: unknown[];
  resolve: (rows: unknown) => void;
  reject: (e: unknown) => void;
}

const queues = new WeakMap<DataSource, Pending[]>();

export function coalescedRead<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (em.queryRunner || !isMysql(em)) return em.query(sql, params) as Promise<T[]>;
  const ds = em.connection;
  let queue = queues.get(ds);
  if (!queue) queues.set(ds, (queue = []));
  const q = queue;
  return new Promise<T[]>((resolve, reject) => {
    q.push({ sql, params, resolve: resolve as (rows: unknown) => void, reject });
    // After this turn's I/O callbacks and their promise chains: everything that arrived together.
    if (q.length === 1) setImmediate(() => send(ds, q.splice(0)));
  });
}

function send(ds: DataSource, all: Pending[]): void {
  for (let i = 0; i < all.length; i += MAX_STATEMENTS) {
    const group = all.slice(i, i + MAX_STATEMENTS);
    if (group.length === 1 || group.some((p) => secondStatement(p.sql))) alone(ds, group);
    else void together(ds, group);
  }
}

function alone(ds: DataSource, group: Pending[]): void {
  for (const p of group) ds.query(p.sql, p.params).then(p.resolve, p.reject);
}

async function together(ds: DataSource, group: Pending[]): Promise<void> {
  const runner = ds.createQueryRunner();
  let results: unknown[];
  try {
    const conn = (await runner.connect()) as MysqlConnection;
    results = await sendStatements(
      conn,
      group.map((p) => p.sql).join(';\n'),
      group.flatMap((p) => p.params),
    );
  } catch {
    return alone(ds, group);
  } finally {
    await runner.release();
  }
  group.forEach((p, i) => p.resolve(results[i]));
}
