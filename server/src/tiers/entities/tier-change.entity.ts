import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, RefColumn, StrColumn } from '../../database/columns';

/** Every move between tiers: upgrades at checkout, downgrades at the evaluation after the grace period. */
@Entity('tier_change')
@Index('ix_tier_change_time', ['direction', 'createdAt'])
@Index('ix_tier_change_member', ['memberId', 'createdAt'])
export class TierChange {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @RefColumn() fromTierId: string;
  @RefColumn() toTierId: string;
  @StrColumn(4) direction: 'UP' | 'DOWN';
  @DateTimeColumn() createdAt: Date;
}
