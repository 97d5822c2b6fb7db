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
 * statement. So the flag comes with a guard (`guardMultiStatements`): every query on the pool is
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

export class WriteBatch {
  private readonly statements: BatchedStatement[] = [];

  constructor(private readonly em: EntityManager) {}

  add(statement: BatchedStatement): void {
    this.statements.push(statement);
  }

  get size(): number {
    return this.statements.length;
  }

  /** Runs every statement added so far (one round trip on MySQL) and checks their row counts. */
  async flush(): Promise<void> {
    const list = this.statements.splice(0);
    if (!list.length) return;
    const counts = isMysql(this.em) && list.length > 1 ? await this.multi(list) : await this.oneByOne(list);
    list.forEach((s, i) => {
      if (s.expect && counts[i] !== s.expect.rows) throw s.expect.error();
    });
  }

  private async oneByOne(list: BatchedStatement[]): Promise<number[]> {
    const counts: number[] = [];
    for (const s of list) counts.push(await execute(this.em, s.sql, s.params));
    return counts;
  }

  private multi(list: BatchedStatement[]): Promise<number[]> {
    const runner = this.em.queryRunner as unknown as { databaseConnection?: MysqlConnection } | undefined;
    const conn = runner?.databaseConnection;
    if (!conn) throw new Error("WriteBatch on MySQL needs the transaction's own connection");
    const sql = list.map((s) => s.sql).join(';\n');
    const values = list.flatMap((s) => s.params);
    return new Promise((resolve, reject) => {
      conn.query({ sql, values, [MULTI]: true }, (err, result) => {
        // The same error type a single statement raises (unique violations, deadlock retries).
        if (err) return reject(new QueryFailedError(sql, values, err));
        const results = Array.isArray(result) ? result : [result];
        resolve(results.map((r) => Number((r as { affectedRows?: number }).affectedRows ?? 0)));
      });
    });
  }
}

interface MysqlConnection {
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

const checked = new Map<string, boolean>();

/**
 * Wraps every pooled MySQL connection's `query` so that only a WriteBatch may send more than one
 * statement (see above). Installed by `openDataSource` on every MySQL data source.
 */
export function guardMultiStatements(ds: DataSource): void {
  const pool = (ds.driver as unknown as { pool?: { getConnection: (cb: GetCb) => void } }).pool;
  if (!pool) return;
  const guarded = new WeakSet<object>();
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (cb: GetCb) =>
    getConnection((err, conn) => {
      if (conn && !guarded.has(conn)) {
        guarded.add(conn);
        const query = conn.query.bind(conn) as (...args: unknown[]) => unknown;
        conn.query = (...args: unknown[]) => {
          const opts = args[0] as string | { sql: string; [MULTI]?: boolean };
          const sql = typeof opts === 'string' ? opts : opts.sql;
          if (!(typeof opts === 'object' && opts[MULTI])) {
            let second = checked.get(sql);
            if (second === undefined) {
              second = hasSecondStatement(sql);
              if (checked.size < 10_000) checked.set(sql, second);
            }
            if (second) {
              const refused = Object.assign(
                new Error('Refused: more than one SQL statement in one query outside a WriteBatch'),
                { code: 'ER_MULTI_STATEMENT_REFUSED' },
              );
              const cb = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
              if (cb) {
                process.nextTick(() => cb(refused));
                return undefined;
              }
              throw refused;
            }
          }
          return query(...args);
        };
      }
      cb(err, conn);
    });
}

type GetCb = (err: Error | null, conn: { query: (...args: unknown[]) => unknown }) => void;
