import { Entity, Index } from 'typeorm';
import type { WalletEntryType } from '@tableside/shared';
import { DateTimeColumn, FenColumn, IdColumn, IntColumn, RefColumn, StrColumn } from '../../database/columns';

/** Append-only stored-value ledger; principal and bonus move separately. */
@Entity('wallet_entry')
@Index('ix_wallet_member_created', ['memberId', 'createdAt'])
export class WalletEntry {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @StrColumn(10) type: WalletEntryType;
  /** Signed changes. */
  @IntColumn() principalFen: number;
  @IntColumn() bonusFen: number;
  @FenColumn() principalAfterFen: number;
  @FenColumn() bonusAfterFen: number;
  @StrColumn(200) reason: string;
  @StrColumn(20, { nullable: true }) refType: string | null;
  @RefColumn({ nullable: true }) refId: string | null;
  @RefColumn({ nullable: true }) staffId: string | null;
  @Index('uq_wallet_idempotency', { unique: true })
  @StrColumn(100)
  idempotencyKey: string;
  @DateTimeColumn() createdAt: Date;
}
