import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CommonErrors } from '../common/app-error';
import { sha256Hex } from '../common/crypto';
import { newId } from '../common/ids';
import { bulkInsert } from '../database/bulk-insert';
import { execute } from '../database/lean-select';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
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
    fn: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    const hash = sha256Hex(canonicalJson(request));
    // No look-up first: the record's insert is the transaction's first statement, and a repeat
    // fails on its unique key at once (or once the first commits) and answers from the record.
    try {
      return await this.tx.run(async (em) => {
        const id = newId();
        await bulkInsert(em, IdempotencyRecord, [
          { id, scope, requestId, requestHash: hash, response: '', createdAt: new Date() },
        ]);
        const result = await fn(em);
        await execute(em, 'UPDATE idempotency_record SET response = ? WHERE id = ?', [
          JSON.stringify(result),
          id,
        ]);
        return result;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const winner = await this.stored<T>(scope, requestId, hash);
        if (winner) return winner;
      }
      throw e;
    }
  }
}
