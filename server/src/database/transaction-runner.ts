import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { MergedCommitRefused, NO_MERGED_COMMIT } from './write-batch';

/** Serialises work on a single async lane (SQLite has one connection; its transactions must not interleave). */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const err = e.driverError as { code?: string; errno?: number } | undefined;
  return (
    err?.code === 'ER_DUP_ENTRY' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Every write goes through `run`: one transaction, every query on its manager. On MySQL a deadlock
 * victim is retried (the whole unit of work, which is why `fn` must be a pure function of the DB);
 * on SQLite transactions are queued so they never nest on the shared connection.
 */
@Injectable()
export class TransactionRunner {
  private readonly sqliteLane = new Mutex();
  /** Pooled MySQL connections whose session is already READ COMMITTED. */
  private readonly readCommitted = new WeakSet<object>();

  constructor(readonly dataSource: DataSource) {}

  get isMysql(): boolean {
    return this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
  }

  async run<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isMysql) return this.sqliteLane.run(() => this.sqliteTransaction(fn));
    let mergedCommit = true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.mysqlTransaction(fn, mergedCommit);
      } catch (e) {
        // A committing WriteBatch found a wrong row count and stopped before its COMMIT (nothing is
        // written): once more with the COMMIT on its own, where the batch names the exact error.
        if (e instanceof MergedCommitRefused && mergedCommit) {
          mergedCommit = false;
          continue;
        }
        const code = e instanceof QueryFailedError ? (e.driverError as { code?: string })?.code : undefined;
        if (code && RETRYABLE_MYSQL.has(code) && attempt < 5) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * A READ COMMITTED transaction. The isolation level is set once per pooled connection (for the
   * session) instead of before every transaction: one round trip less on every write.
   */
  private async mysqlTransaction<T>(
    fn: (em: EntityManager) => Promise<T>,
    mergedCommit: boolean,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    if (!mergedCommit) runner.data = { ...runner.data, [NO_MERGED_COMMIT]: true };
    try {
      const conn = (await runner.connect()) as object;
      if (!this.readCommitted.has(conn)) {
        await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        this.readCommitted.add(conn);
      }
      await runner.startTransaction();
      try {
        const result = await fn(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (e) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw e;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `fn` alone on SQLite's connection (no transaction is started for it: `fn` may issue its
   * own BEGIN/COMMIT, and no other unit of work interleaves until it returns). On MySQL every unit
   * of work has its own connection, so this is just `fn`.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.isMysql ? fn() : this.sqliteLane.run(fn);
  }

  /**
   * Another process writing the same SQLite file (the CLI beside the server, two campaign workers)
   * makes a read transaction's first write fail at once with SQLITE_BUSY (the busy timeout cannot
   * help a lock upgrade): retry the whole unit of work after a short, growing pause.
   */
  private async sqliteTransaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(fn);
      } catch (e) {
        const code = e instanceof QueryFailedError ? (e.driverError as { code?: string })?.code : undefined;
        if (code?.startsWith('SQLITE_BUSY') && attempt < 100) {
          await new Promise((r) => setTimeout(r, Math.min(200, 5 * attempt) + Math.random() * 20));
          continue;
        }
        throw e;
      }
    }
  }
}
