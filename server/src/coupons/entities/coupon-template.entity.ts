import type { TemplateStatus } from '@tableside/shared';
import { Entity } from 'typeorm';
import type { CouponChannel, CouponType, StackingMode } from '@tableside/shared';
import {
  BoolColumn,
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../../database/columns';

export interface TimeWindowJson {
  from: string;
  to: string;
}

/** 券模板: every field of DESIGN.md's template table. Null means "no restriction". */
@Entity('coupon_template')
export class CouponTemplate {
  @IdColumn() id: string;
  @StrColumn(64) name: string;
  @StrColumn(10) type: CouponType;
  /** CASH: value off; ITEM: reference value of the dish (for reports and the bill). */
  @FenColumn({ nullable: true }) valueFen: number | null;
  /** DISCOUNT: 12 = 12% off (8.8折). */
  @IntColumn({ nullable: true }) percentOff: number | null;
  @FenColumn({ nullable: true }) maxDiscountFen: number | null;
  @FenColumn({ nullable: true }) thresholdFen: number | null;
  /** ITEM: the named free dish. */
  @StrColumn(64, { nullable: true }) itemName: string | null;
  @DateTimeColumn({ nullable: true }) validFrom: Date | null;
  /**
   * 限时秒杀: claims open at this moment (the mini-program counts down to it). Set, the template
   * is claim-centre only with a stock and a per-member limit, and claims go through the Redis gate
   * (FlashSaleService) when REDIS_URL is configured.
   */
  @DateTimeColumn({ nullable: true }) flashStartAt: Date | null;
  @DateTimeColumn({ nullable: true }) validTo: Date | null;
  @IntColumn({ nullable: true }) validDays: number | null;
  @JsonColumn() weekdays: number[] | null;
  @JsonColumn() timeWindows: TimeWindowJson[] | null;
  @JsonColumn() storeIds: string[] | null;
  @RefColumn({ nullable: true }) minTierId: string | null;
  @StrColumn(10, { default: 'EXCLUSIVE' }) stacking: StackingMode;
  @IntColumn({ nullable: true }) maxPerBill: number | null;
  /** Total issuable; null = unlimited. `issuedCount` never exceeds it (conditional update). */
  @IntColumn({ nullable: true }) stock: number | null;
  @IntColumn({ default: 0 }) issuedCount: number;
  @IntColumn({ nullable: true }) perMemberLimit: number | null;
  @IntColumn({ nullable: true }) perMemberDailyLimit: number | null;
  @JsonColumn() channels: CouponChannel[] | null;
  /** Points price in the points mall (channel POINTS_EXCHANGE). */
  @IntColumn({ nullable: true }) pointsCost: number | null;
  @StrColumn(500, { nullable: true }) description: string | null;
  /** Issuable now: true exactly when status is PUBLISHED (kept as its own column for the queries). */
  @BoolColumn(true) active: boolean;
  @StrColumn(10, { default: 'PUBLISHED' }) status: TemplateStatus;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}
