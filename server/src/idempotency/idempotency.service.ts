import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CommonErrors } from '../common/app-error';
import { sha256Hex } from '../common/crypto';
import { newId } from '../common/ids';
import { bulkInsert, insertStatement } from '../database/bulk-insert';
import { execute } from '../database/lean-select';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { WriteBatch } from '../database/write-batch';
import { IdempotencyRecord } from './entities/idempotency-record.entity';

/** Canonical JSON (sorted keys) so the same request always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Runs a write once per (scope, requestId). The record is inserted inside the write's own
 * transaction, so a duplicate (a retry, or a concurrent one that blocks on the unique key until the
 * first commits) fails on that key, then reads and returns the first answer. A different body under
 * a used requestId is refused.
 *
 * `recordLast` (the till's commit): the record and its answer are one INSERT at the end instead of
 * an INSERT first and an UPDATE at the end — one statement less on every bill. Only for work that
 * touches nothing but this transaction: a repeat runs it again before it loses, so anything outside
 * the database (Redis, an HTTP call) would happen twice.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  private async stored<T>(scope: string, requestId: string, hash: string): Promise<T | null> {
    const rec = await this.ds.getRepository(IdempotencyRecord).findOne({ where: { scope, requestId } });
    if (!rec) return null;
    if (rec.requestHash !== hash) throw CommonErrors.IDEMPOTENCY_KEY_REUSED();
    return JSON.parse(rec.response) as T;
  }

  async run<T>(
    scope: string,
    requestId: string,
    request: unknown,
    fn: (em: EntityManager, batch: WriteBatch) => Promise<T>,
    opts: { recordLast?: boolean } = {},
  ): Promise<T> {
    const hash = sha256Hex(canonicalJson(request));
    const row = (response: string) => ({
      id: newId(),
      scope,
      requestId,
      requestHash: hash,
      response,
      createdAt: new Date(),
    });
    try {
      return await this.tx.run(async (em) => {
        const batch = new WriteBatch(em);
        if (opts.recordLast) {
          // The record goes in the same round trip as the writes `fn` left in the batch.
          const result = await fn(em, batch);
          batch.add(insertStatement(em, IdempotencyRecord, [row(JSON.stringify(result))]));
          // …and, on MySQL, with the COMMIT: a bill is two round trips, its look-up and this.
          await batch.flush({ commit: true });
          return result;
        }
        // The record's insert is the transaction's first statement: a repeat fails on its unique key
        // at once (or once the first commits) and answers from the record.
        const first = row('');
        await bulkInsert(em, IdempotencyRecord, [first]);
        const result = await fn(em, batch);
        await batch.flush();
        await execute(em, 'UPDATE idempotency_record SET response = ? WHERE id = ?', [
          JSON.stringify(result),
          first.id,
        ]);
        return result;
      });
    } catch (e) {
      // recordLast: a repeat does the work again and loses at the end (the unique key, once the first
      // commits) or on the way (the first's coupon is USED by now) — either way, everything it wrote
      // rolls back and the first answer stands. Any failure therefore asks the record first.
      if (isUniqueViolation(e) || opts.recordLast) {
        const winner = await this.stored<T>(scope, requestId, hash);
        if (winner) return winner;
      }
      throw e;
    }
  }
}
