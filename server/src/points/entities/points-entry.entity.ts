import { Entity, Index } from 'typeorm';
import type { PointsEntryType, PointsSource } from '@tableside/shared';
import { DateTimeColumn, IdColumn, IntColumn, RefColumn, StrColumn } from '../../database/columns';

/**
 * Append-only points ledger. EARN rows are also lots: `remaining` is consumed oldest-first by
 * redemptions and expiry. The member's balance changes in the same transaction as the row.
 */
@Entity('points_entry')
@Index('ix_points_member_created', ['memberId', 'createdAt'])
@Index('ix_points_lots', ['memberId', 'expiresAt'])
// The nightly expiry sweep and the 'points about to expire' automation.
@Index('ix_points_expiring', ['expiresAt', 'remaining'])
export class PointsEntry {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @StrColumn(10) type: PointsEntryType;
  /** Signed change of the balance. */
  @IntColumn() points: number;
  @IntColumn() balanceAfter: number;
  /** For EARN lots: points not yet redeemed or expired. */
  @IntColumn({ default: 0 }) remaining: number;
  @DateTimeColumn({ nullable: true }) expiresAt: Date | null;
  @StrColumn(10) source: PointsSource;
  @StrColumn(200) reason: string;
  @StrColumn(20, { nullable: true }) refType: string | null;
  @RefColumn({ nullable: true }) refId: string | null;
  @RefColumn({ nullable: true }) staffId: string | null;
  @Index('uq_points_idempotency', { unique: true })
  @StrColumn(100)
  idempotencyKey: string;
  @DateTimeColumn() createdAt: Date;
}
