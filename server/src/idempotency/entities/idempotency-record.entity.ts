import { Column, Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, StrColumn } from '../../database/columns';

/**
 * A retried write (same scope + requestId) returns the stored answer instead of applying twice.
 * Inserted inside the write's own transaction, so a concurrent duplicate waits on the unique key.
 */
@Entity('idempotency_record')
@Index('uq_idempotency', ['scope', 'requestId'], { unique: true })
export class IdempotencyRecord {
  @IdColumn() id: string;
  /** e.g. `pos:<keyId>:commit`, `staff:<staffId>:void`. */
  @StrColumn(80) scope: string;
  @StrColumn(64) requestId: string;
  /** sha256 of the canonical request; a different body under the same requestId is refused. */
  @StrColumn(64) requestHash: string;
  @Column({ type: 'text' }) response: string;
  @DateTimeColumn() createdAt: Date;
}
