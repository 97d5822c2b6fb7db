import type { CouponStatus, CouponType, StackingMode } from '../domain.js';

/** 'HH:mm' local time; `to` <= `from` means the window crosses midnight. */
export interface TimeWindow {
  from: string;
  to: string;
}

export interface CouponRule {
  type: CouponType;
  /** CASH: value off; ITEM: reference value of the free dish. */
  valueFen?: number | null;
  /** DISCOUNT: 12 means 12% off (8.8折). */
  percentOff?: number | null;
  maxDiscountFen?: number | null;
  /** Minimum bill (满X), checked against the original amount. */
  thresholdFen?: number | null;
  /** ISO 1..7, Monday = 1; empty = any day. */
  weekdays?: number[] | null;
  timeWindows?: TimeWindow[] | null;
  storeIds?: string[] | null;
  minTierRank?: number | null;
  stacking: StackingMode;
  /** STACKABLE: max coupons of the same template on one bill (default 1). */
  maxPerBill?: number | null;
  /** ITEM: the dish, for descriptions. */
  itemName?: string | null;
}

export interface CouponCandidate {
  code: string;
  name: string;
  templateId: string;
  status: CouponStatus;
  /** [validFrom, validTo) */
  validFrom: Date | string;
  validTo: Date | string;
  ownerMemberId?: string | null;
  rule: CouponRule;
}

export interface BillContext {
  amountFen: number;
  storeId: string;
  at: Date | string;
  timeZone?: string;
  memberId?: string | null;
  memberTierRank?: number | null;
  /** The member's tier price (会员价): percent off what is left after coupons, 0–50. */
  memberDiscountPercent?: number | null;
}

export type IneligibleReason =
  | 'COUPON_USED'
  | 'COUPON_LOCKED'
  | 'COUPON_EXPIRED'
  | 'COUPON_REVOKED'
  | 'NOT_YET_VALID'
  | 'BELOW_THRESHOLD'
  | 'WRONG_STORE'
  | 'WRONG_WEEKDAY'
  | 'OUTSIDE_TIME_WINDOW'
  | 'TIER_TOO_LOW'
  | 'NOT_OWNER'
  | 'DUPLICATE_CODE'
  | 'ZERO_DISCOUNT';

export interface CouponEvaluation {
  code: string;
  name: string;
  type: CouponRule['type'];
  templateId: string;
  applicable: boolean;
  reason?: IneligibleReason;
  reasonText?: string;
  /** What it would take off on its own. */
  discountFen: number;
}

export type CombinationError =
  'NOT_STACKABLE' | 'MAX_PER_BILL_EXCEEDED' | 'COUPON_NOT_APPLICABLE' | 'DUPLICATE_CODE' | 'UNKNOWN_COUPON';

export interface BestCombination {
  couponCodes: string[];
  discountFen: number;
}
