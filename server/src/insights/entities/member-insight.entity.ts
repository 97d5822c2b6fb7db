import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IntColumn, StrColumn } from '../../database/columns';

const DoubleColumn = (opts: { nullable?: boolean } = {}) =>
  Column({ type: 'double', nullable: opts.nullable ?? false, default: opts.nullable ? undefined : 0 });

/**
 * Every member's figures as of the last refresh (`insights:refresh`), computed set-based over the
 * visits: RFM over 365 days scored 1–5 by quintile, lifecycle, the visit rhythm, and the BG/NBD
 * P(alive) and expected visits. Filterable and cheap to read: the dashboard never scans visits.
 * Day numbers are business days (the chain's time zone).
 */
@Entity('member_insight')
@Index('ix_insight_rfm', ['rScore', 'fScore', 'mScore'])
@Index('ix_insight_lifecycle', ['lifecycle'])
@Index('ix_insight_palive', ['pAlive'])
@Index('ix_insight_triple', ['firstDay', 'lastDay', 'repeatDays'])
export class MemberInsight {
  @PrimaryColumn({ type: 'varchar', length: 36 }) memberId: string;
  @StrColumn(10) asOf: string;
  /** Days since the last visit (null: never came). */
  @IntColumn({ nullable: true }) recencyDays: number | null;
  /** Visits and paid fen over the 365 days up to asOf. */
  @IntColumn({ default: 0 }) frequency: number;
  @IntColumn({ default: 0 }) monetaryFen: number;
  @IntColumn({ nullable: true }) rScore: number | null;
  @IntColumn({ nullable: true }) fScore: number | null;
  @IntColumn({ nullable: true }) mScore: number | null;
  @StrColumn(16, { nullable: true }) rfmSegment: string | null;
  /** NEW / ACTIVE / DORMANT / LOST / NONE (never visited). */
  @StrColumn(10) lifecycle: string;
  /** BG/NBD inputs in days: repeat visit days x, last repeat t_x and age T since the first visit. */
  @IntColumn({ default: 0 }) repeatDays: number;
  @IntColumn({ nullable: true }) firstDay: number | null;
  @IntColumn({ nullable: true }) lastDay: number | null;
  @DoubleColumn({ nullable: true }) avgIntervalDays: number | null;
  @StrColumn(10, { nullable: true }) nextVisitOn: string | null;
  @DoubleColumn({ nullable: true }) pAlive: number | null;
  @DoubleColumn({ nullable: true }) expectedVisits30: number | null;
  @DoubleColumn({ nullable: true }) expectedVisits90: number | null;
  @StrColumn(32, { nullable: true }) cluster: string | null;
  @DateTimeColumn() updatedAt: Date;
}

/** One BG/NBD fit per refresh (parameters in days), kept for the dashboard and for audit. */
@Entity('insight_model')
export class InsightModel {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @StrColumn(10) asOf: string;
  @StrColumn(8) unit: string;
  @DoubleColumn() r: number;
  @DoubleColumn() alpha: number;
  @DoubleColumn() a: number;
  @DoubleColumn() b: number;
  @DoubleColumn() logLikelihood: number;
  @IntColumn() members: number;
  @IntColumn() repeatVisits: number;
  @DateTimeColumn() createdAt: Date;
}
