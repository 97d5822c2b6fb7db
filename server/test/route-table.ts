/**
 * Every route of the API with its access decision and a valid sample request. The permission
 * matrix and the malformed-input sweep both walk the server's own OpenAPI document and look each
 * operation up here: a new route without a decision (or without a sample) fails the suite.
 */
import type { StaffRole } from '@tableside/shared';
import { TokenService } from '../src/auth/token.service';
import { Member } from '../src/members/entities/member.entity';
import { Staff } from '../src/staff/entities/staff.entity';
import { DEFAULT_TIER } from '../src/tiers/tiers.service';
import { newId } from '../src/common/ids';
import { PaymentOrder } from '../src/payments/payment.entities';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  cashTemplate,
  Chain,
  memberToken,
  pos,
  requestId,
  STAFF_PASSWORD,
} from './fixtures';
import { http, HttpResult, TestApp } from './harness';
import { StaffService } from '../src/staff/staff.service';
import { SegmentsService } from '../src/segments/segments.service';

export interface RouteContext {
  t: TestApp;
  chain: Chain;
  memberA: string;
  memberB: string;
  templateId: string;
  segmentId: string;
  /** A second template the status routes may pause and archive (the first stays published). */
  spareTemplateId: string;
  couponA: string;
  visitA: string;
  visitB: string;
  victimA: string;
  victimB: string;
  diner: string;
  /** Paid WeChat bills at store A and B (refund routes). */
  paymentA: string;
  paymentB: string;
}

export interface Sample {
  path: string;
  body?: unknown;
}

/** Who may call a route. Staff routes list their roles; `scoped` ones act on one store's data. */
export type Access = 'public' | 'member' | 'pos' | { staff: StaffRole[]; scoped?: boolean };

export interface RouteCase {
  access: Access;
  /** A valid request on store A's data (the caller's own store for store roles). */
  own: (c: RouteContext) => Sample;
  /** The same request on store B's data (scoped routes only). */
  other?: (c: RouteContext) => Sample;
}

const ALL: StaffRole[] = ['HQ_ADMIN', 'MARKETER', 'STORE_MANAGER', 'CASHIER'];
const HQ_ADMIN: StaffRole[] = ['HQ_ADMIN'];
const HQ: StaffRole[] = ['HQ_ADMIN', 'MARKETER'];
const OFFICE: StaffRole[] = ['HQ_ADMIN', 'MARKETER', 'STORE_MANAGER'];
const ADMIN_AND_MANAGER: StaffRole[] = ['HQ_ADMIN', 'STORE_MANAGER'];
const TILL: StaffRole[] = ['HQ_ADMIN', 'STORE_MANAGER', 'CASHIER'];
const today = () => new Date().toISOString().slice(0, 10);
const weekAgo = () => new Date(Date.now() - 7 * 86400_000).toISOString().slice(0, 10);
const newCashier = (storeId: string) => ({
  username: `u${Date.now()}${Math.floor(Math.random() * 1e6)}`,
  name: '新收银',
  password: 'a-long-password-1',
  role: 'CASHIER',
  storeIds: [storeId],
});
const NO_JOB = '00000000-0000-4000-8000-00000000abcd';
const packBody = (templateId: string) => ({
  name: '¥100代金券',
  priceFen: 8_800,
  valueFen: 10_000,
  items: [{ templateId, count: 1 }],
  refundExpired: true,
  active: true,
});

export const ROUTES: Record<string, RouteCase> = {
  'GET /api/health': { access: 'public', own: () => ({ path: '/api/health' }) },
  'GET /api/health/live': { access: 'public', own: () => ({ path: '/api/health/live' }) },
  'GET /api/health/ready': { access: 'public', own: () => ({ path: '/api/health/ready' }) },
  'POST /api/auth/login': {
    access: 'public',
    own: () => ({ path: '/api/auth/login', body: { username: 'nobody', password: 'x' } }),
  },
  'GET /api/auth/me': { access: { staff: ALL }, own: () => ({ path: '/api/auth/me' }) },
  'POST /api/auth/logout': { access: { staff: ALL }, own: () => ({ path: '/api/auth/logout' }) },
  'POST /api/auth/password': {
    access: { staff: ALL },
    own: () => ({
      path: '/api/auth/password',
      body: { currentPassword: 'not-the-password', newPassword: 'another-long-password' },
    }),
  },

  'GET /api/admin/members': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/members?storeId=${c.chain.storeA}` }),
    other: (c) => ({ path: `/api/admin/members?storeId=${c.chain.storeB}` }),
  },
  'GET /api/admin/members/export': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/members/export?storeId=${c.chain.storeA}` }),
    other: (c) => ({ path: `/api/admin/members/export?storeId=${c.chain.storeB}` }),
  },
  'GET /api/admin/members/{id}': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/members/${c.memberA}` }),
    other: (c) => ({ path: `/api/admin/members/${c.memberB}` }),
  },
  'POST /api/admin/members/{id}/points': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({
      path: `/api/admin/members/${c.memberA}/points`,
      body: { points: 1, reason: '权限测试', requestId: requestId() },
    }),
    other: (c) => ({
      path: `/api/admin/members/${c.memberB}/points`,
      body: { points: 1, reason: '权限测试', requestId: requestId() },
    }),
  },
  'POST /api/admin/members/{id}/tags': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/members/${c.memberA}/tags`, body: { tag: '常客' } }),
    other: (c) => ({ path: `/api/admin/members/${c.memberB}/tags`, body: { tag: '常客' } }),
  },
  'DELETE /api/admin/members/{id}/tags/{tag}': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/members/${c.memberA}/tags/${encodeURIComponent('常客')}` }),
    other: (c) => ({ path: `/api/admin/members/${c.memberB}/tags/${encodeURIComponent('常客')}` }),
  },
  'GET /api/admin/dashboard': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/dashboard?from=${weekAgo()}&to=${today()}&storeId=${c.chain.storeA}` }),
    other: (c) => ({
      path: `/api/admin/dashboard?from=${weekAgo()}&to=${today()}&storeId=${c.chain.storeB}`,
    }),
  },
  'POST /api/admin/segments/preview': {
    access: { staff: HQ },
    own: () => ({
      path: '/api/admin/segments/preview',
      body: { filter: { all: [{ field: 'rScore', op: 'gte', value: 3 }] } },
    }),
  },
  'GET /api/admin/segments': { access: { staff: HQ }, own: () => ({ path: '/api/admin/segments' }) },
  'POST /api/admin/segments': {
    access: { staff: HQ },
    own: () => ({
      path: '/api/admin/segments',
      body: { name: '高价值', filter: { all: [{ field: 'mScore', op: 'gte', value: 4 }] } },
    }),
  },
  'PUT /api/admin/segments/{id}': {
    access: { staff: HQ },
    own: (c) => ({
      path: `/api/admin/segments/${c.segmentId}`,
      body: { name: '高价值（改）', filter: { all: [{ field: 'mScore', op: 'gte', value: 5 }] } },
    }),
  },
  'DELETE /api/admin/segments/{id}': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/segments/${NO_JOB}` }),
  },
  'GET /api/admin/insights/overview': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: `/api/admin/insights/overview?storeId=${c.chain.storeA}` }),
    other: (c) => ({ path: `/api/admin/insights/overview?storeId=${c.chain.storeB}` }),
  },
  'GET /api/admin/insights/clusters': {
    access: { staff: OFFICE },
    own: () => ({ path: '/api/admin/insights/clusters' }),
  },
  'PUT /api/admin/insights/clusters/{key}': {
    access: { staff: HQ },
    own: () => ({
      path: `/api/admin/insights/clusters/${encodeURIComponent('工作日午餐常客')}`,
      body: { name: '白领午餐', description: null },
    }),
  },
  'GET /api/admin/campaigns': { access: { staff: HQ }, own: () => ({ path: '/api/admin/campaigns' }) },
  'POST /api/admin/campaigns/preview': {
    access: { staff: HQ },
    own: () => ({
      path: '/api/admin/campaigns/preview',
      body: { name: '预览', audience: { all: true }, sms: { text: '你好' }, holdoutPercent: 10 },
    }),
  },
  'POST /api/admin/campaigns': {
    access: { staff: HQ },
    own: () => ({
      path: '/api/admin/campaigns',
      body: { name: '周末回归', audience: { all: true }, sms: { text: '周末见' }, holdoutPercent: 10 },
    }),
  },
  'POST /api/admin/campaigns/{id}/start': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/campaigns/${NO_JOB}/start` }),
  },
  'GET /api/admin/campaigns/sms-outbox': {
    access: { staff: HQ },
    own: () => ({ path: '/api/admin/campaigns/sms-outbox' }),
  },
  'GET /api/admin/campaigns/{id}': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/campaigns/${NO_JOB}` }),
  },
  'GET /api/admin/jobs': { access: { staff: HQ }, own: () => ({ path: '/api/admin/jobs' }) },
  'GET /api/admin/automations': { access: { staff: HQ }, own: () => ({ path: '/api/admin/automations' }) },
  'POST /api/admin/automations': {
    access: { staff: HQ },
    own: () => ({
      path: '/api/admin/automations',
      body: { name: '生日提醒', trigger: 'BIRTHDAY', params: { days: 3 }, sms: { text: '生日快乐' } },
    }),
  },
  'PUT /api/admin/automations/{id}': {
    access: { staff: HQ },
    own: () => ({
      path: `/api/admin/automations/${NO_JOB}`,
      body: { name: '生日提醒', trigger: 'BIRTHDAY', params: { days: 3 }, sms: { text: '生日快乐' } },
    }),
  },
  'POST /api/admin/automations/{id}/enabled': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/automations/${NO_JOB}/enabled`, body: { enabled: false } }),
  },
  'GET /api/admin/automations/{id}': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/automations/${NO_JOB}` }),
  },
  'GET /api/admin/audit': { access: { staff: ADMIN_AND_MANAGER }, own: () => ({ path: '/api/admin/audit' }) },
  'GET /api/admin/redemptions/today': {
    access: { staff: ALL, scoped: true },
    own: (c) => ({ path: `/api/admin/redemptions/today?storeId=${c.chain.storeA}` }),
    other: (c) => ({ path: `/api/admin/redemptions/today?storeId=${c.chain.storeB}` }),
  },
  'GET /api/admin/stores/{id}/tables': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/admin/stores/${c.chain.storeA}/tables` }),
    other: (c) => ({ path: `/api/admin/stores/${c.chain.storeB}/tables` }),
  },
  'POST /api/admin/stores/{id}/tables': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/admin/stores/${c.chain.storeA}/tables`, body: { tableNos: ['88'] } }),
    other: (c) => ({ path: `/api/admin/stores/${c.chain.storeB}/tables`, body: { tableNos: ['88'] } }),
  },
  'GET /api/admin/stores/{id}/table-codes': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/admin/stores/${c.chain.storeA}/table-codes` }),
    other: (c) => ({ path: `/api/admin/stores/${c.chain.storeB}/table-codes` }),
  },
  'GET /api/admin/topup-packages': {
    access: { staff: HQ },
    own: () => ({ path: '/api/admin/topup-packages' }),
  },
  'POST /api/admin/topup-packages': {
    access: { staff: HQ_ADMIN },
    own: () => ({
      path: '/api/admin/topup-packages',
      body: { name: '充100送10', principalFen: 10_000, bonusFen: 1_000, active: true },
    }),
  },
  'PUT /api/admin/topup-packages/{id}': {
    access: { staff: HQ_ADMIN },
    own: () => ({
      path: `/api/admin/topup-packages/${NO_JOB}`,
      body: { name: '充100送10', principalFen: 10_000, bonusFen: 1_000, active: false },
    }),
  },
  'GET /api/admin/coupon-packs': { access: { staff: HQ }, own: () => ({ path: '/api/admin/coupon-packs' }) },
  'POST /api/admin/coupon-packs': {
    access: { staff: HQ },
    own: (c) => ({
      path: '/api/admin/coupon-packs',
      body: packBody(c.templateId),
    }),
  },
  'PUT /api/admin/coupon-packs/{id}': {
    access: { staff: HQ },
    own: (c) => ({ path: `/api/admin/coupon-packs/${NO_JOB}`, body: packBody(c.templateId) }),
  },
  'GET /api/admin/payments': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/admin/payments?storeId=${c.chain.storeA}` }),
    other: (c) => ({ path: `/api/admin/payments?storeId=${c.chain.storeB}` }),
  },
  'POST /api/admin/payments/{id}/refund': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/admin/payments/${c.paymentA}/refund`, body: { reason: '权限测试退款' } }),
    other: (c) => ({ path: `/api/admin/payments/${c.paymentB}/refund`, body: { reason: '权限测试退款' } }),
  },
  'POST /api/admin/payment-refunds/{id}/retry': {
    access: { staff: ADMIN_AND_MANAGER },
    own: () => ({ path: `/api/admin/payment-refunds/${NO_JOB}/retry` }),
  },
  'GET /api/admin/tiers': { access: { staff: HQ }, own: () => ({ path: '/api/admin/tiers' }) },
  'PUT /api/admin/tiers/{id}': {
    access: { staff: HQ_ADMIN },
    own: () => ({ path: `/api/admin/tiers/${DEFAULT_TIER.id}`, body: { name: '普通会员' } }),
  },
  'GET /api/admin/settings': { access: { staff: HQ }, own: () => ({ path: '/api/admin/settings' }) },
  'PUT /api/admin/settings': {
    access: { staff: HQ_ADMIN },
    own: () => ({ path: '/api/admin/settings', body: { chainName: '测试连锁' } }),
  },
  'POST /api/admin/imports': {
    access: { staff: HQ },
    own: () => ({ path: '/api/admin/imports', body: { kind: 'members', fileName: 'a.csv' } }),
  },
  'POST /api/admin/imports/{id}/chunks': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/imports/${NO_JOB}/chunks`, body: { text: 'phone\n', last: false } }),
  },
  'GET /api/admin/imports/{id}': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/imports/${NO_JOB}` }),
  },
  'GET /api/admin/imports/{id}/errors.csv': {
    access: { staff: HQ },
    own: () => ({ path: `/api/admin/imports/${NO_JOB}/errors.csv` }),
  },

  'POST /api/checkout/preview': {
    access: { staff: TILL, scoped: true },
    own: (c) => ({ path: '/api/checkout/preview', body: { storeId: c.chain.storeA, amountFen: 100 } }),
    other: (c) => ({ path: '/api/checkout/preview', body: { storeId: c.chain.storeB, amountFen: 100 } }),
  },
  'POST /api/checkout/commit': {
    access: { staff: TILL, scoped: true },
    own: (c) => ({
      path: '/api/checkout/commit',
      body: {
        storeId: c.chain.storeA,
        requestId: requestId(),
        couponCodes: [],
        amountFen: 100,
        orderRef: 'P-1',
      },
    }),
    other: (c) => ({
      path: '/api/checkout/commit',
      body: {
        storeId: c.chain.storeB,
        requestId: requestId(),
        couponCodes: [],
        amountFen: 100,
        orderRef: 'P-1',
      },
    }),
  },
  'POST /api/checkout/{redemptionId}/void': {
    access: { staff: TILL, scoped: true },
    own: (c) => ({
      path: `/api/checkout/${c.visitA}/void`,
      body: { requestId: requestId(), reason: '测试' },
    }),
    other: (c) => ({
      path: `/api/checkout/${c.visitB}/void`,
      body: { requestId: requestId(), reason: '测试' },
    }),
  },

  'GET /api/coupon-templates': { access: { staff: ALL }, own: () => ({ path: '/api/coupon-templates' }) },
  'GET /api/coupon-templates/{id}': {
    access: { staff: ALL },
    own: (c) => ({ path: `/api/coupon-templates/${c.templateId}` }),
  },
  'POST /api/coupon-templates': {
    access: { staff: HQ },
    own: () => ({ path: '/api/coupon-templates', body: cashTemplate({ name: '权限测试券' }) }),
  },
  'PUT /api/coupon-templates/{id}': {
    access: { staff: HQ },
    own: (c) => ({
      path: `/api/coupon-templates/${c.templateId}`,
      body: cashTemplate({ name: '权限测试券' }),
    }),
  },
  'POST /api/coupon-templates/{id}/publish': {
    access: { staff: HQ },
    own: (c) => ({ path: `/api/coupon-templates/${c.templateId}/publish` }),
  },
  'POST /api/coupon-templates/{id}/pause': {
    access: { staff: HQ },
    own: (c) => ({ path: `/api/coupon-templates/${c.spareTemplateId}/pause` }),
  },
  'POST /api/coupon-templates/{id}/archive': {
    access: { staff: HQ },
    own: (c) => ({ path: `/api/coupon-templates/${c.spareTemplateId}/archive` }),
  },
  'POST /api/coupons/issue': {
    access: { staff: OFFICE, scoped: true },
    own: (c) => ({ path: '/api/coupons/issue', body: { templateId: c.templateId, memberId: c.memberA } }),
    other: (c) => ({ path: '/api/coupons/issue', body: { templateId: c.templateId, memberId: c.memberB } }),
  },

  'GET /api/staff': { access: { staff: ADMIN_AND_MANAGER }, own: () => ({ path: '/api/staff' }) },
  'POST /api/staff': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: '/api/staff', body: newCashier(c.chain.storeA) }),
    other: (c) => ({ path: '/api/staff', body: newCashier(c.chain.storeB) }),
  },
  'PATCH /api/staff/{id}': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/staff/${c.victimA}`, body: { name: '改名' } }),
    other: (c) => ({ path: `/api/staff/${c.victimB}`, body: { name: '改名' } }),
  },
  'POST /api/staff/{id}/disable': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/staff/${c.victimA}/disable` }),
    other: (c) => ({ path: `/api/staff/${c.victimB}/disable` }),
  },
  'POST /api/staff/{id}/enable': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/staff/${c.victimA}/enable` }),
    other: (c) => ({ path: `/api/staff/${c.victimB}/enable` }),
  },
  'POST /api/staff/{id}/reset-password': {
    access: { staff: ADMIN_AND_MANAGER, scoped: true },
    own: (c) => ({ path: `/api/staff/${c.victimA}/reset-password` }),
    other: (c) => ({ path: `/api/staff/${c.victimB}/reset-password` }),
  },
  'GET /api/stores': { access: { staff: ALL }, own: () => ({ path: '/api/stores' }) },
  'POST /api/stores': {
    access: { staff: HQ_ADMIN },
    own: () => ({ path: '/api/stores', body: { code: `S${Math.floor(Math.random() * 1e6)}`, name: '新店' } }),
  },
  'PATCH /api/stores/{id}': {
    access: { staff: HQ_ADMIN },
    own: (c) => ({ path: `/api/stores/${c.chain.storeA}`, body: { address: '南京东路 1 号' } }),
  },
  'GET /api/tiers': { access: { staff: ALL }, own: () => ({ path: '/api/tiers' }) },

  'GET /api/member/entry': {
    access: 'public',
    own: () => ({ path: '/api/member/entry?store=A001&table=1' }),
  },
  'POST /api/member/auth/login': {
    access: 'public',
    own: () => ({ path: '/api/member/auth/login', body: { code: 'sim-route-table', storeCode: 'A001' } }),
  },
  'POST /api/member/auth/resume': {
    access: 'public',
    own: () => ({ path: '/api/member/auth/resume', body: { code: 'sim-route-table' } }),
  },
  'POST /api/member/auth/logout': { access: 'member', own: () => ({ path: '/api/member/auth/logout' }) },
  'GET /api/member/me': { access: 'member', own: () => ({ path: '/api/member/me' }) },
  'PATCH /api/member/me': {
    access: 'member',
    own: () => ({ path: '/api/member/me', body: { name: '小满' } }),
  },
  'GET /api/member/code': { access: 'member', own: () => ({ path: '/api/member/code' }) },
  'GET /api/member/card': { access: 'member', own: () => ({ path: '/api/member/card' }) },
  'GET /api/member/coupons': {
    access: 'member',
    own: () => ({ path: '/api/member/coupons?status=available' }),
  },
  'GET /api/member/coupons/{code}': {
    access: 'member',
    own: (c) => ({ path: `/api/member/coupons/${c.couponA}` }),
  },
  'POST /api/member/coupons/claim': {
    access: 'member',
    own: (c) => ({
      path: '/api/member/coupons/claim',
      body: { templateId: c.templateId, requestId: requestId() },
    }),
  },
  'GET /api/member/claim-center': { access: 'member', own: () => ({ path: '/api/member/claim-center' }) },
  'GET /api/member/points': { access: 'member', own: () => ({ path: '/api/member/points' }) },
  'GET /api/member/points/exchange': {
    access: 'member',
    own: () => ({ path: '/api/member/points/exchange' }),
  },
  'POST /api/member/points/exchange': {
    access: 'member',
    own: (c) => ({
      path: '/api/member/points/exchange',
      body: { templateId: c.templateId, requestId: requestId() },
    }),
  },
  'POST /api/member/join': {
    access: 'member',
    own: () => ({ path: '/api/member/join', body: { consentMarketing: false } }),
  },
  'POST /api/member/pay': {
    access: 'member',
    own: () => ({
      path: '/api/member/pay',
      body: { requestId: requestId(), storeCode: 'A001', amountFen: 100, couponCodes: [], method: 'BALANCE' },
    }),
  },
  'GET /api/member/topup-packages': { access: 'member', own: () => ({ path: '/api/member/topup-packages' }) },
  'GET /api/member/coupon-packs': { access: 'member', own: () => ({ path: '/api/member/coupon-packs' }) },
  'POST /api/member/payments/topup': {
    access: 'member',
    own: () => ({ path: '/api/member/payments/topup', body: { requestId: requestId(), packageId: NO_JOB } }),
  },
  'POST /api/member/payments/bill': {
    access: 'member',
    own: () => ({
      path: '/api/member/payments/bill',
      body: { requestId: requestId(), storeCode: 'A001', amountFen: 100, couponCodes: [] },
    }),
  },
  'POST /api/member/payments/pack': {
    access: 'member',
    own: () => ({ path: '/api/member/payments/pack', body: { requestId: requestId(), packId: NO_JOB } }),
  },
  'GET /api/member/payments': { access: 'member', own: () => ({ path: '/api/member/payments?kind=PACK' }) },
  'GET /api/member/payments/{id}': {
    access: 'member',
    own: () => ({ path: `/api/member/payments/${NO_JOB}` }),
  },
  'POST /api/member/payments/{id}/cancel': {
    access: 'member',
    own: () => ({ path: `/api/member/payments/${NO_JOB}/cancel` }),
  },
  'POST /api/member/payments/{id}/simulate': {
    access: 'member',
    own: () => ({ path: `/api/member/payments/${NO_JOB}/simulate`, body: { paid: false } }),
  },
  'POST /api/member/payments/{id}/refund': {
    access: 'member',
    own: () => ({ path: `/api/member/payments/${NO_JOB}/refund`, body: { reason: '不想要了' } }),
  },
  'GET /api/member/subscribe-templates': {
    access: 'member',
    own: () => ({ path: '/api/member/subscribe-templates' }),
  },
  'POST /api/member/subscriptions': {
    access: 'member',
    own: () => ({ path: '/api/member/subscriptions', body: { accepted: ['COUPON_ARRIVED'] } }),
  },
  'POST /api/wechatpay/notify': {
    access: 'public',
    own: () => ({ path: '/api/wechatpay/notify', body: { id: 'x', resource: {} } }),
  },
  'GET /api/member/visits': { access: 'member', own: () => ({ path: '/api/member/visits' }) },
  'GET /api/member/wallet-ledger': { access: 'member', own: () => ({ path: '/api/member/wallet-ledger' }) },
  'GET /api/member/deletion': { access: 'member', own: () => ({ path: '/api/member/deletion' }) },
  'POST /api/member/deletion': {
    access: 'member',
    own: () => ({ path: '/api/member/deletion', body: { confirm: false } }),
  },

  'POST /api/pos/v1/checkout/preview': {
    access: 'pos',
    own: () => ({ path: '/api/pos/v1/checkout/preview', body: { amountFen: 100 } }),
  },
  'POST /api/pos/v1/checkout/commit': {
    access: 'pos',
    own: () => ({
      path: '/api/pos/v1/checkout/commit',
      body: { requestId: requestId(), couponCodes: [], amountFen: 100, orderRef: 'P-2' },
    }),
  },
  'POST /api/pos/v1/checkout/{redemptionId}/void': {
    access: 'pos',
    own: (c) => ({
      path: `/api/pos/v1/checkout/${c.visitA}/void`,
      body: { requestId: requestId(), reason: '测试' },
    }),
  },
};

/** Operations of the server's OpenAPI document, as `METHOD /path` keys. */
export async function documentedOperations(baseUrl: string): Promise<{ key: string; bodySchema?: string }[]> {
  const doc = (await http(baseUrl, 'GET', '/api/docs/openapi.json')).body as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>
    >;
  };
  const out: { key: string; bodySchema?: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
      out.push({ key: `${method.toUpperCase()} ${path}`, bodySchema: ref?.split('/').pop() });
    }
  return out;
}

/** A chain with data on both stores for the route samples. */
export async function routeContext(t: TestApp): Promise<RouteContext> {
  const chain = await buildChain(t);
  const memberA = await aMember(t, { points: 1000, principalFen: 100_000 });
  const memberB = await aMember(t);
  await t.ds.getRepository(Member).update({ id: memberA.id }, { joinStoreId: chain.storeA });
  await t.ds.getRepository(Member).update({ id: memberB.id }, { joinStoreId: chain.storeB });
  const tpl = await aTemplate(
    t,
    cashTemplate({
      name: '通用券',
      channels: ['CLAIM_CENTER', 'CAMPAIGN', 'POINTS_EXCHANGE'],
      pointsCost: 10,
    }),
  );
  const couponA = await aCoupon(t, tpl.id, memberA.id);
  const commit = async (key: { keyId: string; secret: string }) =>
    (
      await pos(t, key, '/checkout/commit', {
        requestId: requestId(),
        couponCodes: [],
        amountFen: 5000,
        orderRef: 'R',
      })
    ).body.redemptionId as string;
  const staff = t.app.get(StaffService);
  const victim = async (name: string, store: string) =>
    (
      await staff.create({
        username: name,
        name,
        password: STAFF_PASSWORD,
        role: 'CASHIER',
        storeIds: [store],
      })
    ).id;
  return {
    t,
    chain,
    memberA: memberA.id,
    memberB: memberB.id,
    templateId: tpl.id,
    spareTemplateId: (await aTemplate(t, cashTemplate({ name: '备用券' }))).id,
    segmentId: (
      await t.app
        .get(SegmentsService)
        .save(
          { kind: 'staff', id: 'test', name: '测试', role: 'HQ_ADMIN', storeIds: [] },
          { name: '测试客群', filter: { all: [{ field: 'rScore', op: 'gte', value: 1 }] } },
        )
    ).id,
    couponA,
    visitA: await commit(chain.posA),
    visitB: await commit(chain.posB),
    victimA: await victim('victim-a', chain.storeA),
    victimB: await victim('victim-b', chain.storeB),
    diner: memberA.id,
    paymentA: await paidBill(t, memberA.id, chain.storeA, await commit(chain.posA)),
    paymentB: await paidBill(t, memberB.id, chain.storeB, await commit(chain.posB)),
  };
}

/** A bill paid at the table through the (simulated) WeChat Pay, as the refund routes find it. */
async function paidBill(t: TestApp, memberId: string, storeId: string, visitId: string): Promise<string> {
  const id = newId();
  const now = new Date();
  await t.ds.getRepository(PaymentOrder).insert({
    id,
    outTradeNo: `TSROUTE${id.replace(/-/g, '').slice(0, 20)}`,
    memberId,
    requestId: requestId(),
    kind: 'BILL',
    status: 'PAID',
    amountFen: 5000,
    description: '餐费',
    detail: { kind: 'BILL', storeId, tableNo: null, billFen: 5000, couponCodes: [], discountFen: 0 },
    provider: 'simulator',
    prepayId: null,
    transactionId: null,
    payerOpenid: null,
    expiresAt: now,
    paidAt: now,
    resultRef: visitId,
    failure: null,
    refundedFen: 0,
    storeId,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

const ROLE_USER: Record<StaffRole, string> = {
  HQ_ADMIN: 'admin',
  MARKETER: 'marketer',
  STORE_MANAGER: 'manager-a',
  CASHIER: 'cashier-a',
};

/** A fresh token for the role's account (store A for store roles), valid whatever earlier requests did. */
export async function staffToken(t: TestApp, role: StaffRole): Promise<string> {
  const s = await t.ds.getRepository(Staff).findOneByOrFail({ username: ROLE_USER[role] });
  return t.app.get(TokenService).signStaff(s.id, s.tokenVersion);
}

/** Sends a sample the way its route is authenticated. */
export async function send(
  c: RouteContext,
  method: string,
  sample: Sample,
  as: { staff?: StaffRole; member?: boolean; raw?: string; body?: unknown },
): Promise<HttpResult> {
  const body = as.body !== undefined ? as.body : sample.body;
  if (sample.path.startsWith('/api/pos/')) {
    return pos(c.t, c.chain.posA, sample.path.replace('/api/pos/v1', ''), body);
  }
  const token = as.staff
    ? await staffToken(c.t, as.staff)
    : as.member
      ? await memberToken(c.t, c.diner)
      : undefined;
  return as.raw !== undefined
    ? http(c.t.baseUrl, method, sample.path, { token, rawBody: as.raw })
    : http(c.t.baseUrl, method, sample.path, { token, body });
}
