import { Entity, Index } from 'typeorm';
import type { CouponStatus } from '@tableside/shared';
import { DateTimeColumn, IdColumn, RefColumn, StrColumn } from '../../database/columns';

/** 券: one issued instance of a template, owned by a member, used at most once. */
@Entity('coupon')
@Index('ix_coupon_member_status', ['memberId', 'status'])
// Per template: the stock reports and the template list's used count (index-only COUNT; a counter on
// the template row would make every bill of a chain-wide campaign queue for that one row).
@Index('ix_coupon_template_status', ['templateId', 'status'])
// A campaign's or automation's coupons (results, stats, the SMS that carries the code).
@Index('ix_coupon_issue_ref', ['issueRef', 'memberId'])
// The dashboard's daily issued / used counts: index-only range scans.
@Index('ix_coupon_issued', ['issuedAt', 'memberId'])
@Index('ix_coupon_used', ['usedAt', 'status', 'usedStoreId'])
// What a pending WeChat payment holds (released when it ends).
@Index('ix_coupon_locked', ['lockedPaymentId'])
export class Coupon {
  @IdColumn() id: string;
  /** Unguessable, scanner-friendly code: "6" + 19 CSPRNG digits (≈ 63 bits); see coupon-code.ts. */
  @Index('uq_coupon_code', { unique: true })
  @StrColumn(24)
  code: string;
  @RefColumn() templateId: string;
  @RefColumn() memberId: string;
  @StrColumn(10) status: CouponStatus;
  @DateTimeColumn() validFrom: Date;
  @DateTimeColumn() validTo: Date;
  @DateTimeColumn() issuedAt: Date;
  /** How it reached the member: CLAIM_CENTER, CAMPAIGN, POINTS_EXCHANGE, PURCHASE, STAFF, IMPORT. */
  @StrColumn(16) issueChannel: string;
  @StrColumn(64, { nullable: true }) issueRef: string | null;
  @DateTimeColumn({ nullable: true }) usedAt: Date | null;
  @RefColumn({ nullable: true }) usedStoreId: string | null;
  @RefColumn({ nullable: true }) usedVisitId: string | null;
  @RefColumn({ nullable: true }) usedByStaffId: string | null;
  /** The WeChat payment a LOCKED coupon is waiting for (released if it fails or times out). */
  @RefColumn({ nullable: true }) lockedPaymentId: string | null;
}
