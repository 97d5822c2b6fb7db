import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BoolColumn, DateTimeColumn, IntColumn, StrColumn } from '../../database/columns';

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
@Index('ix_insight_cluster', ['cluster'])
@Index('ix_insight_recency', ['recencyDays'])
@Index('ix_insight_monetary', ['monetaryFen'])
@Index('ix_insight_frequency', ['frequency'])
// The win-back segment (layer + how long away + value + P(alive)): a range on recency within a
// layer, the rest checked in the index itself — the count never reads a row.
@Index('ix_insight_layer_recency', ['lifecycle', 'recencyDays', 'mScore', 'pAlive'])
export class MemberInsight {
  @PrimaryColumn({ type: 'varchar', length: 36 }) memberId: string;
  /** The member's join store, copied at refresh: the per-store summary groups on it without a join. */
  @StrColumn(36, { nullable: true }) joinStoreId: string | null;
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
  /** The seeds' five layers: NEW / CORE / POTENTIAL / DORMANT / LOST, and NONE (never visited). */
  @StrColumn(10) lifecycle: string;
  /** The same rules as of 30 days earlier: the dashboard's movement since last month. */
  @StrColumn(10, { default: 'NONE' }) lifecyclePrev: string;
  /** Loyalty matrix (seed 002): HEAVY_LOYAL / HEAVY_FICKLE / LIGHT_LOYAL / LIGHT_FICKLE. */
  @StrColumn(12, { nullable: true }) loyalty: string | null;
  /** BG/NBD inputs in days: repeat visit days x, last repeat t_x and age T since the first visit. */
  @IntColumn({ default: 0 }) repeatDays: number;
  @IntColumn({ nullable: true }) firstDay: number | null;
  @IntColumn({ nullable: true }) lastDay: number | null;
  /** The same inputs as of 30 days earlier (visits before then; F and M over the 365 days ending then). */
  @IntColumn({ nullable: true }) prevRepeatDays: number | null;
  @IntColumn({ nullable: true }) prevLastDay: number | null;
  @IntColumn({ default: 0 }) prevFrequency: number;
  @IntColumn({ default: 0 }) prevMonetaryFen: number;
  @DoubleColumn({ nullable: true }) avgIntervalDays: number | null;
  @StrColumn(10, { nullable: true }) nextVisitOn: string | null;
  @DoubleColumn({ nullable: true }) pAlive: number | null;
  @DoubleColumn({ nullable: true }) expectedVisits30: number | null;
  @DoubleColumn({ nullable: true }) expectedVisits90: number | null;
  /** P(alive) as of 30 days earlier under the same model: "falling" is pAlive < pAlivePrev. */
  @DoubleColumn({ nullable: true }) pAlivePrev: number | null;
  /** Habits over the 365 days: the store visited most, shares of visits (0–1) by daypart, weekend and coupon use. */
  @StrColumn(36, { nullable: true }) favouriteStoreId: string | null;
  @DoubleColumn({ nullable: true }) lunchShare: number | null;
  @DoubleColumn({ nullable: true }) dinnerShare: number | null;
  @DoubleColumn({ nullable: true }) lateShare: number | null;
  @DoubleColumn({ nullable: true }) weekendShare: number | null;
  @DoubleColumn({ nullable: true }) couponShare: number | null;
  @DoubleColumn({ nullable: true }) avgPartySize: number | null;
  /** Key of the member's k-means cluster (insight_cluster.key); null before clustering or never came. */
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

/**
 * The dashboard's figures, computed at the end of each refresh (one row for the chain, key '', and
 * one per join store): a page view reads one row, never the members or the visits.
 */
@Entity('insight_summary')
export class InsightSummary {
  @PrimaryColumn({ type: 'varchar', length: 36 }) storeId: string;
  @StrColumn(10) asOf: string;
  @Column({ type: 'text' }) data: string;
  @DateTimeColumn() updatedAt: Date;
}

/**
 * One k-means cluster of the last refresh. `key` is the automatic name derived from the centroid
 * (stable across refreshes while the behaviour it names exists); staff may rename it and describe
 * it — the custom text survives refreshes for as long as a cluster with that key is found.
 */
@Entity('insight_cluster')
export class InsightCluster {
  @PrimaryColumn({ type: 'varchar', length: 32 }) key: string;
  @StrColumn(32) autoName: string;
  @StrColumn(32, { nullable: true }) customName: string | null;
  @StrColumn(200, { nullable: true }) customDescription: string | null;
  @StrColumn(200) autoDescription: string;
  /** The centroid in original units, JSON: { feature: value }. */
  @Column({ type: 'text' }) centroid: string;
  @IntColumn({ default: 0 }) members: number;
  /** false: not found in the last refresh (kept for its custom name). */
  @BoolColumn(true) current: boolean;
  @DoubleColumn({ nullable: true }) silhouette: number | null;
  @DateTimeColumn() updatedAt: Date;
}

/** Per distinct (x, T) of the last refresh: expected visits in 30 / 90 days if still alive (BG/NBD, eq. 10 numerator). */
@Entity('insight_xt')
export class InsightXt {
  @PrimaryColumn({ type: 'int' }) x: number;
  @PrimaryColumn({ type: 'int' }) t: number;
  @DoubleColumn() n30: number;
  @DoubleColumn() n90: number;
}
