import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { execute, isMysql } from './lean-select';

/**
 * The till's writes in one round trip. On this kind of machine every statement sent costs the
 * server ≈ 0.1 ms of CPU in the socket write alone (docs/benchmarks.md), so a bill's five writes —
 * coupon flip, visit, points balance, points ledger, idempotency record — go to MySQL as one
 * multi-statement query, and each statement's row count is checked afterwards (a count that is not
 * what the bill needs throws, and the caller's transaction rolls back everything). MySQL stops at
 * the first failing statement and reports it (a duplicate key, a deadlock): the error is raised
 * exactly as a single statement's would be. SQLite runs the same statements one after another.
 *
 * Multi-statement queries need the connection flag, and with it any SQL string could carry a second
 * statement. So the flag comes with a guard (`guardConnections`): every query on the pool is
 * checked *before* its parameters are substituted, and one with a `;` between statements is refused
 * unless it comes from a WriteBatch. Parameters can never add a statement (mysql2 escapes them), so an
 * injected `; DROP …` in hand-built SQL is refused exactly as it was without the flag.
 */
export interface BatchedStatement {
  sql: string;
  params: unknown[];
  /** The rows this statement must affect; anything else throws `error()`. */
  expect?: { rows: number; error: () => Error };
}

const MULTI = Symbol('tableside.writeBatch');
/** Set on a transaction's query runner (`data`) when its batch may not carry the COMMIT. */
export const NO_MERGED_COMMIT = Symbol('tableside.noMergedCommit');

/**
 * A batch that was to carry its transaction's COMMIT found a row count other than it needs: MySQL
 * stopped before the COMMIT and nothing is written. The transaction runner runs the unit of work
 * again with the COMMIT sent on its own, where the batch's row counts name the exact error.
 */
export class MergedCommitRefused extends Error {
  constructor() {
    super('A row count in a committing WriteBatch was not what the batch needs');
  }
}

/**
 * A row-count check MySQL runs between two statements of one query: the scalar sub-select returns
 * two rows — an error, which stops the query — unless the statement before affected `rows` rows
 * (ROW_COUNT() is the affected-rows figure the client sees, found rows with mysql2's FOUND_ROWS).
 */
const rowCountGuard = (rows: number) =>
  `SELECT (SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE ROW_COUNT() <> ${rows}) AS row_count_guard`;

export class WriteBatch {
  private readonly statements: BatchedStatement[] = [];

  constructor(private readonly em: EntityManager) {}

  add(statement: BatchedStatement): void {
    this.statements.push(statement);
  }

  get size(): number {
    return this.statements.length;
  }

  /**
   * Runs every statement added so far (one round trip on MySQL) and checks their row counts.
   *
   * `commit` (the last thing a unit of work does, inside `TransactionRunner.run`): on MySQL the
   * transaction's COMMIT rides in the same round trip, after a row-count guard behind every
   * statement with an `expect` — a count that is wrong stops the query before the COMMIT
   * (`MergedCommitRefused`, and the runner runs the work again with a separate COMMIT). Nothing may
   * be written on this transaction afterwards: its connection refuses it.
   */
  async flush(opts: { commit?: boolean } = {}): Promise<void> {
    const list = this.statements.splice(0);
    if (!list.length) return;
    const mysql = isMysql(this.em);
    const runner = this.em.queryRunner as { data?: Record<symbol, unknown> } | undefined;
    const commit = !!opts.commit && mysql && !!runner && !runner.data?.[NO_MERGED_COMMIT];
    const counts =
      commit || (mysql && list.length > 1) ? await this.multi(list, commit) : await this.oneByOne(list);
    list.forEach((s, i) => {
      if (s.expect && counts[i] !== s.expect.rows) {
        // After a merged COMMIT the guards agreed with these counts; a difference here is a bug.
        if (commit) throw new Error(`WriteBatch committed, then statement ${i} reports ${counts[i]} rows`);
        throw s.expect.error();
      }
    });
  }

  private async oneByOne(list: BatchedStatement[]): Promise<number[]> {
    const counts: number[] = [];
    for (const s of list) counts.push(await execute(this.em, s.sql, s.params));
    return counts;
  }

  private async multi(list: BatchedStatement[], commit: boolean): Promise<number[]> {
    const runner = this.em.queryRunner as unknown as { databaseConnection?: MysqlConnection } | undefined;
    const conn = runner?.databaseConnection;
    if (!conn) throw new Error("WriteBatch on MySQL needs the transaction's own connection");
    const parts: string[] = [];
    const at: number[] = [];
    for (const s of list) {
      at.push(parts.push(s.sql) - 1);
      if (commit && s.expect) parts.push(rowCountGuard(s.expect.rows));
    }
    if (commit) parts.push('COMMIT');
    const sql = parts.join(';\n');
    const values = list.flatMap((s) => s.params);
    try {
      const results = await sendStatements(conn, sql, values);
      if (commit) connectionState(conn).committed = true;
      return at.map((i) => Number((results[i] as { affectedRows?: number }).affectedRows ?? 0));
    } catch (e) {
      const code = ((e as QueryFailedError).driverError as { code?: string } | undefined)?.code;
      if (commit && code === 'ER_SUBQUERY_NO_1_ROW') throw new MergedCommitRefused();
      throw e;
    }
  }
}

/**
 * Sends `sql` — statements joined by `;`, each a single statement (the caller checked, see
 * `hasSecondStatement`) — as one query on a guarded connection and answers with one result per
 * statement. A failing statement stops the rest and rejects with the `QueryFailedError` a single
 * statement would raise (unique violations, deadlock retries).
 */
export function sendStatements(conn: MysqlConnection, sql: string, values: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, values, [MULTI]: true }, (err, result) => {
      if (err) return reject(new QueryFailedError(sql, values, err));
      resolve(Array.isArray(result) ? result : [result]);
    });
  });
}

export interface MysqlConnection {
  query(
    opts: { sql: string; values?: unknown[]; [MULTI]?: boolean },
    cb: (err: Error | null, result: unknown) => void,
  ): unknown;
}

/** Does `sql` hold a `;` that ends a statement with more after it (outside quotes and comments)? */
export function hasSecondStatement(sql: string): boolean {
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      // Quoted: to the matching quote (a doubled quote or a backslash escape stays inside).
      for (i++; i < sql.length; i++) {
        if (sql[i] === '\\' && ch !== '`') i++;
        else if (sql[i] === ch) {
          if (sql[i + 1] === ch) i++;
          else break;
        }
      }
    } else if (ch === '#' || (ch === '-' && sql[i + 1] === '-')) {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === ';' && sql.slice(i + 1).trim() !== '') return true;
  }
  return false;
}

/** What the connection wrapper knows about the transaction on one pooled connection. */
interface ConnectionState {
  /** START TRANSACTION was asked for and not sent yet: it goes in front of the next query. */
  beginPending: boolean;
  /** A WriteBatch committed the transaction: TypeORM's own COMMIT is answered here. */
  committed: boolean;
}
const STATE = Symbol('tableside.connectionState');
function connectionState(conn: object): ConnectionState {
  const c = conn as { [STATE]?: ConnectionState };
  return (c[STATE] ??= { beginPending: false, committed: false });
}

const checked = new Map<string, boolean>();
export const secondStatement = (sql: string): boolean => {
  let second = checked.get(sql);
  if (second === undefined) {
    second = hasSecondStatement(sql);
    if (checked.size < 10_000) checked.set(sql, second);
  }
  return second;
};

type Callback = (err: Error | null, rows?: unknown, fields?: unknown) => void;
/** mysql2's answer to a statement that returns no rows (what TypeORM reads of START/COMMIT). */
const OK = () => ({
  fieldCount: 0,
  affectedRows: 0,
  insertId: 0,
  info: '',
  serverStatus: 0,
  warningStatus: 0,
});
const fail = (code: string, message: string) => Object.assign(new Error(message), { code });

/**
 * Wraps every pooled MySQL connection's `query` (installed by `openDataSource` on every MySQL data
 * source):
 * - **only a WriteBatch may send more than one statement** (see above);
 * - **START TRANSACTION travels with the transaction's first statement** instead of alone: TypeORM's
 *   `startTransaction` is answered at once and the next query goes out as `START TRANSACTION; …`
 *   (a transaction that ends before any statement sends nothing at all) — one round trip less on
 *   every transaction;
 * - after a WriteBatch carried the COMMIT, TypeORM's own COMMIT is answered here, and any other
 *   statement on that transaction is refused (it would run outside it);
 * - mysql2's `promise()` wrapper, which TypeORM asks for on every query (a `require` each time),
 *   is made once per connection.
 */
export function guardConnections(ds: DataSource): void {
  const pool = (ds.driver as unknown as { pool?: { getConnection: (cb: GetCb) => void } }).pool;
  if (!pool) return;
  const guarded = new WeakSet<object>();
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (cb: GetCb) =>
    getConnection((err, conn) => {
      if (conn && !guarded.has(conn)) {
        guarded.add(conn);
        wrapConnection(conn);
      }
      cb(err, conn);
    });
}

function wrapConnection(conn: PooledConnection): void {
  const state = connectionState(conn);
  const query = conn.query.bind(conn) as (...args: unknown[]) => unknown;
  const promise = conn.promise.bind(conn);
  let promised: unknown;
  conn.promise = (impl?: unknown) => (impl ? promise(impl) : (promised ??= promise()));
  // A prepared statement (`execute`) bypasses `query`: a BEGIN still pending goes out first.
  const execute = conn.execute.bind(conn);
  conn.execute = (...args: unknown[]) => {
    if (state.beginPending) {
      state.beginPending = false;
      query('START TRANSACTION', (e: Error | null) => e && conn.destroy());
    }
    return execute(...args);
  };
  const release = conn.release.bind(conn);
  conn.release = () => {
    state.beginPending = false;
    state.committed = false;
    return release();
  };
  conn.query = (...args: unknown[]) => {
    const opts = args[0] as string | { sql: string; [MULTI]?: boolean };
    const sql = typeof opts === 'string' ? opts : opts.sql;
    const multi = typeof opts === 'object' && !!opts[MULTI];
    const at = args.findIndex((a) => typeof a === 'function');
    const cb = at >= 0 ? (args[at] as Callback) : undefined;
    const answer = (e: Error | null) => {
      if (!cb) throw e ?? new Error(`${sql} needs a callback on a guarded connection`);
      process.nextTick(() => (e ? cb(e) : cb(null, OK(), undefined)));
      return undefined;
    };
    if (!multi && secondStatement(sql))
      return answer(
        fail(
          'ER_MULTI_STATEMENT_REFUSED',
          'Refused: more than one SQL statement in one query outside a WriteBatch',
        ),
      );
    const ends = sql === 'COMMIT' || sql === 'ROLLBACK';
    if (state.committed) {
      if (!ends)
        return answer(
          fail('ER_AFTER_BATCH_COMMIT', 'Refused: a statement after a WriteBatch committed its transaction'),
        );
      state.committed = false;
      return answer(null);
    }
    if (sql === 'START TRANSACTION' && cb) {
      state.beginPending = true;
      return answer(null);
    }
    if (state.beginPending) {
      state.beginPending = false;
      if (ends) return answer(null); // nothing was sent: nothing to end
      if (!cb) {
        // A streamed query: its BEGIN goes first, queued on the same connection.
        query('START TRANSACTION', (e: Error | null) => e && conn.destroy());
        return query(...args);
      }
      args[0] = { ...(typeof opts === 'string' ? { sql: opts } : opts), sql: `START TRANSACTION;\n${sql}` };
      args[at] = (e: Error | null, rows?: unknown[], fields?: unknown[]) =>
        e ? cb(e) : multi ? cb(null, rows!.slice(1), fields?.slice(1)) : cb(null, rows![1], fields?.[1]);
    }
    return query(...args);
  };
}

interface PooledConnection {
  query: (...args: unknown[]) => unknown;
  execute: (...args: unknown[]) => unknown;
  promise: (impl?: unknown) => unknown;
  release: () => unknown;
  destroy: () => unknown;
}
type GetCb = (err: Error | null, conn: PooledConnection) => void;
