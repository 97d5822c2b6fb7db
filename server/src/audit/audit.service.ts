import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import type { StaffPrincipal } from '../auth/principals';
import { AuditLog } from './entities/audit-log.entity';

const PHONE_IN_TEXT = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** Audit details never hold a whole phone number, whatever the caller put in them. */
export function maskPhonesDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(PHONE_IN_TEXT, '$1****$3');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskPhonesDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPhonesDeep(v, depth + 1)]));
}

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  storeId?: string | null;
  ip?: string | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly tx: TransactionRunner) {}

  /** Records a staff action; pass the transaction's manager so the entry commits with the change. */
  async record(staff: StaffPrincipal | null, entry: AuditEntry, em?: EntityManager): Promise<void> {
    const row: AuditLog = {
      id: newId(),
      staffId: staff?.id ?? null,
      staffName: staff?.name ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ? (maskPhonesDeep(entry.detail) as Record<string, unknown>) : null,
      storeId: entry.storeId ?? null,
      ip: entry.ip ?? null,
      createdAt: new Date(),
    };
    // Inside the caller's transaction when given one; otherwise a transaction of its own, so that
    // on SQLite it queues behind any transaction open on the shared connection (a campaign or an
    // import running in the background) instead of slipping into it.
    if (em) await em.save(AuditLog, em.create(AuditLog, row));
    else await this.tx.run((e) => e.save(AuditLog, e.create(AuditLog, row)));
  }
}
