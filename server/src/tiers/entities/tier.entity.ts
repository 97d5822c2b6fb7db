import { Entity, Index } from 'typeorm';
import {
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  StrColumn,
} from '../../database/columns';

/** Structured benefits the rules apply; their description is generated (shared `describeTierBenefits`). */
export interface TierBenefits {
  /** 会员价: percent off what coupons leave (e.g. 5 = 95折), applied by the evaluator at every checkout. */
  memberPricePercentOff?: number;
  /** Template given on the member's birthday (by the birthday automation). */
  birthdayTemplateId?: string | null;
  /** Legacy free text from before benefits were structured: no longer shown or applied. */
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
