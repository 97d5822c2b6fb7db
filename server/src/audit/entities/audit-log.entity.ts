import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, JsonColumn, RefColumn, StrColumn } from '../../database/columns';

/** Every staff action that changes data or reveals personal data. Append-only. */
@Entity('audit_log')
@Index('ix_audit_created', ['createdAt'])
@Index('ix_audit_target', ['targetType', 'targetId'])
export class AuditLog {
  @IdColumn() id: string;
  @RefColumn({ nullable: true }) staffId: string | null;
  @StrColumn(64, { nullable: true }) staffName: string | null;
  @StrColumn(64) action: string;
  @StrColumn(32, { nullable: true }) targetType: string | null;
  @StrColumn(64, { nullable: true }) targetId: string | null;
  @JsonColumn() detail: Record<string, unknown> | null;
  @StrColumn(64, { nullable: true }) ip: string | null;
  @RefColumn({ nullable: true }) storeId: string | null;
  @DateTimeColumn() createdAt: Date;
}
