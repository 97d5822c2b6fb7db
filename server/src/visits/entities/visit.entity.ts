import { Entity, Index } from 'typeorm';
import type { TillPayMethod, VisitChannel } from '@tableside/shared';
import {
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../../database/columns';

/** 消费记录: one bill. A checkout's redemptionId is the visit id. */
@Entity('visit')
// Per member (history, growth) and the insight refresh: the whole GROUP BY member runs on this index
// alone, in order, without reading the rows or sorting (covering: every column the refresh reads).
@Index('ix_visit_member_habits', [
  'memberId',
  'storeId',
  'status',
  'occurredAt',
  'paidFen',
  'partySize',
  'couponCount',
])
@Index('ix_visit_store_time', ['storeId', 'occurredAt'])
// The dashboard's daily trend: an index-only range scan over the dates (no row reads).
@Index('ix_visit_time', ['occurredAt', 'status', 'storeId', 'paidFen'])
export class Visit {
  @IdColumn() id: string;
  @RefColumn({ nullable: true }) memberId: string | null;
  @RefColumn() storeId: string;
  @FenColumn() amountFen: number;
  @FenColumn() discountFen: number;
  /** amount − discount: what the diner paid (by any means). */
  @FenColumn() paidFen: number;
  /** Part of paidFen taken from stored value. */
  @FenColumn() balancePaidFen: number;
  /** How the part not paid from stored value was settled at the till (recorded, not processed here). */
  @StrColumn(10, { nullable: true }) payMethod: TillPayMethod | 'WXPAY' | null;
  @DateTimeColumn() occurredAt: Date;
  @IntColumn({ nullable: true }) partySize: number | null;
  @StrColumn(10) channel: VisitChannel;
  @StrColumn(64, { nullable: true }) orderRef: string | null;
  @JsonColumn({ nullable: false }) couponCodes: string[];
  /** How many coupons the bill used (= couponCodes.length): the insight's coupon sensitivity. */
  @IntColumn({ default: 0 }) couponCount: number;
  @IntColumn({ default: 0 }) pointsEarned: number;
  @StrColumn(10, { default: 'OK' }) status: 'OK' | 'VOID';
  @DateTimeColumn({ nullable: true }) voidedAt: Date | null;
  @StrColumn(200, { nullable: true }) voidReason: string | null;
  @RefColumn({ nullable: true }) staffId: string | null;
  @StrColumn(40, { nullable: true }) posKeyId: string | null;
  /** Natural key of an imported visit, so re-importing a file adds nothing twice. */
  @Index('uq_visit_import_key', { unique: true })
  @StrColumn(64, { nullable: true })
  importKey: string | null;
  @DateTimeColumn() createdAt: Date;
}
