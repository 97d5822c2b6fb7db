import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import type { StaffPrincipal } from '../auth/principals';
import { AuditLog } from './entities/audit-log.entity';

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
  constructor(private readonly ds: DataSource) {}

  /** Records a staff action; pass the transaction's manager so the entry commits with the change. */
  async record(
    staff: StaffPrincipal | null,
    entry: AuditEntry,
    em: EntityManager = this.ds.manager,
  ): Promise<void> {
    const row: AuditLog = {
      id: newId(),
      staffId: staff?.id ?? null,
      staffName: staff?.name ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? null,
      storeId: entry.storeId ?? null,
      ip: entry.ip ?? null,
      createdAt: new Date(),
    };
    await em.save(AuditLog, em.create(AuditLog, row));
  }
}
