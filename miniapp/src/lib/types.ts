/** Shapes of the Tableside member API (server/src/member-app/dto.ts, members/dto/member.dto.ts). */
import type { CouponRule } from '@tableside/shared';

export interface ApiError {
  status: number;
  code: string;
  message: string;
}

export interface MemberProfile {
  id: string;
  memberNo: number;
  name: string | null;
  phone: string | null;
  tierCode: string;
  tierName: string;
  pointsBalance: number;
  balancePrincipalFen: number;
  balanceBonusFen: number;
  consentSms: boolean;
  consentWechat: boolean;
  birthday: string | null;
  joinChannel: string;
  tags: string[];
  createdAt: string;
}

export interface LoginResponse {
  accessToken: string;
  isNew: boolean;
  member: MemberProfile;
  simulator: string;
}

export interface JoinResponse {
  accessToken: string;
  member: MemberProfile;
  welcomeGift?: string;
  linkedExisting: boolean;
}

export interface StoreEntry {
  id: string;
  code: string;
  name: string;
  address: string | null;
  tableNo: string | null;
}

export interface TierInfo {
  code: string;
  name: string;
  rank: number;
  thresholdFen: number;
  pointsMultiplierPercent: number;
  /** 会员价: percent off what coupons leave (0 = none). */
  memberPricePercentOff: number;
  benefits: string[];
}

export interface MemberCard {
  profile: MemberProfile;
  tier: TierInfo;
  nextTier: TierInfo | null;
  growthFen: number;
  tierWindowMonths: number;
  balanceFen: number;
  availableCoupons: number;
  expiringSoon: number;
  registered: boolean;
  chainName: string;
}

export interface MemberCode {
  code: string;
  expiresInSeconds: number;
  stepSeconds: number;
}

export type WalletTab = 'available' | 'used' | 'expired';

export interface WalletCoupon {
  code: string;
  templateId: string;
  name: string;
  status: string;
  validFrom: string;
  validTo: string;
  expiringSoon: boolean;
  summary: string;
  storeNames: string[];
  description: string | null;
  usedAt: string | null;
  rule: CouponRule;
}

export type OfferState =
  'CLAIMABLE' | 'NOT_STARTED' | 'TIER_TOO_LOW' | 'OUT_OF_STOCK' | 'LIMIT_REACHED' | 'INSUFFICIENT_POINTS';

export interface Offer {
  templateId: string;
  name: string;
  summary: string;
  description: string | null;
  state: OfferState;
  /** 限时秒杀: when claims open, and the seconds until then by the server's clock. */
  startsAt: string | null;
  startsInSeconds: number | null;
  stockLeft: number | null;
  claimed: number;
  perMemberLimit: number | null;
  minTierName: string | null;
  pointsCost: number | null;
  rule: CouponRule;
}

export interface PointsEntry {
  id: string;
  type: string;
  points: number;
  balanceAfter: number;
  /** What happened, in words: 消费 ¥128.00 / 兑换「…」/ 积分到期 … */
  title: string;
  storeName: string | null;
  reason: string;
  expiresAt: string | null;
  createdAt: string;
}

export interface WalletEntry {
  id: string;
  type: string;
  amountFen: number;
  balanceAfterFen: number;
  reason: string;
  createdAt: string;
}

export interface VisitRow {
  id: string;
  storeName: string;
  amountFen: number;
  discountFen: number;
  paidFen: number;
  pointsEarned: number;
  status: string;
  occurredAt: string;
}

export interface PayResponse {
  redemptionId: string;
  amountFen: number;
  discountFen: number;
  payableFen: number;
  method: 'BALANCE';
  pointsEarned: number;
  pointsBalance: number;
  balanceFen: number;
}

export interface PaymentRefund {
  id: string;
  amountFen: number;
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'CLOSED';
  reason: string;
  error: string | null;
  createdAt: string;
}

/** A WeChat payment started in the mini-program (top-up, bill, coupon pack) and what became of it. */
export interface Payment {
  id: string;
  kind: 'TOPUP' | 'BILL' | 'PACK';
  status: 'PENDING' | 'PAID' | 'CLOSED' | 'REFUNDED';
  amountFen: number;
  description: string;
  paidAt: string | null;
  createdAt: string;
  expiresAt: string;
  failure: string | null;
  refundedFen: number;
  pointsEarned?: number;
  discountFen?: number;
  bonusFen?: number;
  refundable?: boolean;
  refunds: PaymentRefund[];
  /** Set when the demo's WeChat Pay simulator takes the payment (no money moves). */
  simulator?: string;
}

/** `wx.requestPayment` parameters, signed by the server with the merchant key. */
export interface PayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface PaymentStart {
  payment: Payment;
  payParams: PayParams | null;
}

export interface TopupPackage {
  id: string;
  name: string;
  principalFen: number;
  bonusFen: number;
}

export interface CouponPack {
  id: string;
  name: string;
  description: string | null;
  priceFen: number;
  valueFen: number;
  items: { templateId: string; count: number; name?: string }[];
  stockLeft: number | null;
  perMemberLimit: number | null;
  refundExpired: boolean;
}

export type SubscribeKind = 'COUPON_ARRIVED' | 'COUPON_EXPIRING' | 'POINTS_EXPIRING' | 'TOPUP_SUCCEEDED';

export interface DeletionPreview {
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
  pointsBalance: number;
  availableCoupons: number;
  notices: string[];
}
