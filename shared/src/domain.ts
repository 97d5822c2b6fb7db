/** Domain vocabulary shared by server, admin and miniapp. Money is integer fen everywhere. */

export const COUPON_TYPES = ['CASH', 'DISCOUNT', 'ITEM'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

export const COUPON_STATUSES = ['AVAILABLE', 'LOCKED', 'USED', 'EXPIRED', 'REVOKED'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export const STACKING_MODES = ['EXCLUSIVE', 'STACKABLE'] as const;
export type StackingMode = (typeof STACKING_MODES)[number];

export const COUPON_CHANNELS = ['CLAIM_CENTER', 'CAMPAIGN', 'POINTS_EXCHANGE', 'PURCHASE'] as const;
export type CouponChannel = (typeof COUPON_CHANNELS)[number];

export const STAFF_ROLES = ['HQ_ADMIN', 'MARKETER', 'STORE_MANAGER', 'CASHIER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  HQ_ADMIN: '总部管理员',
  MARKETER: '总部营销',
  STORE_MANAGER: '店长',
  CASHIER: '收银员',
};

/** HQ roles see every store; store roles only the stores they are assigned to. */
export const HQ_ROLES: readonly StaffRole[] = ['HQ_ADMIN', 'MARKETER'];

export const JOIN_CHANNELS = ['TABLE_QR', 'CAMPAIGN', 'IMPORT', 'STAFF'] as const;
export type JoinChannel = (typeof JOIN_CHANNELS)[number];

export const JOIN_CHANNEL_LABELS: Record<JoinChannel, string> = {
  TABLE_QR: '桌码入会',
  CAMPAIGN: '活动入会',
  IMPORT: '数据导入',
  STAFF: '门店录入',
};

export const VISIT_CHANNELS = ['CASHIER', 'POS', 'MINIAPP', 'IMPORT'] as const;
export type VisitChannel = (typeof VISIT_CHANNELS)[number];

/** How the rest of a bill (after coupons and stored value) was settled at the till: recorded, not processed. */
export const TILL_PAY_METHODS = ['CASH', 'WECHAT', 'ALIPAY', 'CARD', 'OTHER'] as const;
export type TillPayMethod = (typeof TILL_PAY_METHODS)[number];
export const TILL_PAY_METHOD_LABELS: Record<TillPayMethod, string> = {
  CASH: '现金',
  WECHAT: '微信（门店收款码）',
  ALIPAY: '支付宝',
  CARD: '银行卡',
  OTHER: '其他',
};

/**
 * A template's life: a DRAFT is edited freely and issues nothing; PUBLISHED issues (claims,
 * campaigns, staff); PAUSED stops issuing; ARCHIVED is put away (coupons already held still work
 * until they expire).
 */
export const TEMPLATE_STATUSES = ['DRAFT', 'PUBLISHED', 'PAUSED', 'ARCHIVED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];
export const TEMPLATE_STATUS_LABELS: Record<TemplateStatus, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  PAUSED: '已暂停',
  ARCHIVED: '已归档',
};

export const POINTS_ENTRY_TYPES = ['EARN', 'REDEEM', 'EXPIRE', 'ADJUST', 'REVERSE'] as const;
export type PointsEntryType = (typeof POINTS_ENTRY_TYPES)[number];

export const POINTS_SOURCES = ['VISIT', 'CAMPAIGN', 'EXCHANGE', 'STAFF', 'IMPORT'] as const;
export type PointsSource = (typeof POINTS_SOURCES)[number];

export const WALLET_ENTRY_TYPES = ['TOPUP', 'PAY', 'REFUND', 'REVERSE', 'ADJUST'] as const;
export type WalletEntryType = (typeof WALLET_ENTRY_TYPES)[number];

export const GENDERS = ['M', 'F', 'U'] as const;
export type Gender = (typeof GENDERS)[number];

/** The chain's business time zone unless configured otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
