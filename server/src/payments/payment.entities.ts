import { Entity, Index } from 'typeorm';
import {
  BoolColumn,
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../database/columns';

export type PaymentKind = 'TOPUP' | 'BILL' | 'PACK';
/**
 * PENDING: prepaid, waiting for WeChat Pay's verdict. PAID: verified and applied. CLOSED: never paid
 * (closed at WeChat Pay too, so it can no longer be paid). REFUNDED: fully refunded.
 */
export type PaymentStatus = 'PENDING' | 'PAID' | 'CLOSED' | 'REFUNDED';

export interface TopupDetail {
  kind: 'TOPUP';
  packageId: string;
  name: string;
  principalFen: number;
  bonusFen: number;
}
export interface BillDetail {
  kind: 'BILL';
  storeId: string;
  tableNo: string | null;
  billFen: number;
  couponCodes: string[];
  discountFen: number;
}
export interface PackDetail {
  kind: 'PACK';
  packId: string;
  name: string;
  items: { templateId: string; count: number }[];
}
export type PaymentDetail = TopupDetail | BillDetail | PackDetail;

/** One WeChat Pay payment the mini-program started: what it buys, and what became of it. */
@Entity('payment_order')
@Index('uq_payment_request', ['memberId', 'requestId'], { unique: true })
@Index('ix_payment_status', ['status', 'createdAt'])
export class PaymentOrder {
  @IdColumn() id: string;
  /** Our order number at WeChat Pay (out_trade_no). */
  @Index('uq_payment_out_trade_no', { unique: true })
  @StrColumn(32)
  outTradeNo: string;
  @RefColumn() memberId: string;
  @StrColumn(64) requestId: string;
  @StrColumn(8) kind: PaymentKind;
  @StrColumn(10) status: PaymentStatus;
  /** What the diner pays (fen). */
  @FenColumn() amountFen: number;
  @StrColumn(127) description: string;
  @JsonColumn({ nullable: false }) detail: PaymentDetail;
  /** `wechat` (WeChat Pay) or `simulator` (the labelled demo simulator; never in real mode). */
  @StrColumn(10) provider: 'wechat' | 'simulator';
  @StrColumn(64, { nullable: true }) prepayId: string | null;
  @StrColumn(32, { nullable: true }) transactionId: string | null;
  @StrColumn(64, { nullable: true }) payerOpenid: string | null;
  @DateTimeColumn() expiresAt: Date;
  @DateTimeColumn({ nullable: true }) paidAt: Date | null;
  /** What the payment became: the visit (bill), the wallet entry (top-up), the pack's first coupon. */
  @RefColumn({ nullable: true }) resultRef: string | null;
  /** Set when a verified payment could not be applied (e.g. a coupon expired meanwhile): refunded in full. */
  @StrColumn(200, { nullable: true }) failure: string | null;
  @FenColumn() refundedFen: number;
  @RefColumn({ nullable: true }) storeId: string | null;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'CLOSED';

/**
 * A refund: the ledgers are reversed once when it is created; the money goes back through WeChat Pay
 * (same out_refund_no on every retry, so it is paid out at most once).
 */
@Entity('payment_refund')
@Index('ix_refund_payment', ['paymentId'])
export class PaymentRefund {
  @IdColumn() id: string;
  @Index('uq_refund_out_no', { unique: true })
  @StrColumn(32)
  outRefundNo: string;
  @RefColumn() paymentId: string;
  @FenColumn() amountFen: number;
  @StrColumn(10) status: RefundStatus;
  @StrColumn(80) reason: string;
  @StrColumn(32, { nullable: true }) refundId: string | null;
  @StrColumn(200, { nullable: true }) error: string | null;
  @IntColumn({ default: 0 }) attempts: number;
  /** What was reversed (points, principal, bonus forfeited, coupons). */
  @JsonColumn({ nullable: false }) reversed: Record<string, unknown>;
  @RefColumn({ nullable: true }) staffId: string | null;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}

/** 充值套餐: pay `principalFen`, receive principal + `bonusFen` (充500送50). */
@Entity('topup_package')
export class TopupPackage {
  @IdColumn() id: string;
  @StrColumn(40) name: string;
  @FenColumn() principalFen: number;
  @FenColumn() bonusFen: number;
  @BoolColumn(true) active: boolean;
  @IntColumn({ default: 0 }) sortOrder: number;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}

/** 券包 (团购/代金券): coupons sold for money in the mini-program, issued on the verified payment. */
@Entity('coupon_pack')
export class CouponPack {
  @IdColumn() id: string;
  @StrColumn(40) name: string;
  @StrColumn(200, { nullable: true }) description: string | null;
  @FenColumn() priceFen: number;
  /** Reference value of what is inside (shown struck through: "价值 ¥100"). */
  @FenColumn() valueFen: number;
  @JsonColumn({ nullable: false }) items: { templateId: string; count: number }[];
  /** Packs for sale in all (null: unlimited). */
  @IntColumn({ nullable: true }) stock: number | null;
  @IntColumn({ default: 0 }) soldCount: number;
  /** Packs being paid for right now (held against the stock until paid or timed out). */
  @IntColumn({ default: 0 }) heldCount: number;
  @IntColumn({ nullable: true }) perMemberLimit: number | null;
  /** May a pack whose coupons expired unused still be refunded? (随时退 / 过期退) */
  @BoolColumn(true) refundExpired: boolean;
  @BoolColumn(true) active: boolean;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}
