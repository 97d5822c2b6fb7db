import { Entity } from 'typeorm';
import { DateTimeColumn, IntColumn, PrimaryIntColumn, RefColumn, StrColumn } from '../../database/columns';

/** One row (id = 1): the chain-wide rules head office configures. */
@Entity('chain_settings')
export class ChainSettings {
  @PrimaryIntColumn() id: number;
  @StrColumn(64) chainName: string;
  @StrColumn(64) timeZone: string;
  /** Base earn rule: points per yuan actually paid (before the tier multiplier). */
  @IntColumn({ default: 1 }) pointsPerYuan: number;
  /** Points earned in year Y expire at the end of year Y + N (0 = never). */
  @IntColumn({ default: 1 }) pointsExpiryYears: number;
  /** Growth value window for tiers, in months. */
  @IntColumn({ default: 12 }) tierWindowMonths: number;
  /** Days of grace between a downgrade warning and the downgrade. */
  @IntColumn({ default: 30 }) tierGraceDays: number;
  /** Seconds per rotating member code step. */
  @IntColumn({ default: 30 }) memberCodeStepSeconds: number;
  /** Coupon template given once to every diner who joins (null: no welcome gift). */
  @RefColumn({ nullable: true }) welcomeTemplateId: string | null;
  /** Lifecycle layers (DESIGN.md §3): new within N days of the first visit, dormant / lost after N days away. */
  @IntColumn({ default: 30 }) lifecycleNewDays: number;
  @IntColumn({ default: 30 }) lifecycleDormantDays: number;
  @IntColumn({ default: 90 }) lifecycleLostDays: number;
  /** 核心 vs 潜力 among the active: at least this many visits and this spend (fen) over 365 days. */
  @IntColumn({ default: 6 }) coreMinVisits: number;
  @IntColumn({ default: 100_000 }) coreMinSpendFen: number;
  /** Frequency cap: marketing touches per member across all campaigns, per 7 and per 30 days. */
  @IntColumn({ default: 2 }) capPer7Days: number;
  @IntColumn({ default: 4 }) capPer30Days: number;
  /** Quiet hours for marketing SMS (business time): from this hour until the end hour next morning. */
  @IntColumn({ default: 21 }) quietStartHour: number;
  @IntColumn({ default: 9 }) quietEndHour: number;
  /** A campaign to more members than this needs an HQ admin to send it (marketers prepare it). */
  @IntColumn({ default: 5000 }) campaignApprovalAbove: number;
  @DateTimeColumn() updatedAt: Date;
}
