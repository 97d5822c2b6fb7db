import { Entity, Index } from 'typeorm';
import {
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  StrColumn,
} from '../../database/columns';

export interface TierBenefits {
  /** Member price: percent off the bill for this tier (e.g. 5 = 95折), applied by the POS menu, shown to diners. */
  memberPricePercentOff?: number;
  /** Template issued on the member's birthday. */
  birthdayTemplateId?: string;
  /** Templates only this tier (and above) may claim are marked by their min tier; listed here for display. */
  description?: string[];
}

/** Ordered member level; reached by growth value (spend over the rolling window in ChainSettings). */
@Entity('tier')
export class Tier {
  @IdColumn() id: string;
  @Index('uq_tier_code', { unique: true })
  @StrColumn(32)
  code: string;
  @StrColumn(32) name: string;
  @Index('uq_tier_rank', { unique: true })
  @IntColumn()
  rank: number;
  /** Growth value (fen spent in the window) needed to reach this tier. */
  @FenColumn() thresholdFen: number;
  /** Points multiplier in percent: 200 = 1元积2分 when the base rule is 1 point per yuan. */
  @IntColumn({ default: 100 }) pointsMultiplierPercent: number;
  @JsonColumn() benefits: TierBenefits | null;
  @DateTimeColumn() createdAt: Date;
}
