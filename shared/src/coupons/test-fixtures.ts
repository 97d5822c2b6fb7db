/** Builders shared by the evaluator specs (not exported from the package). */
import type { BillContext, CouponCandidate, CouponRule } from './types.js';

/** Wednesday 2026-03-04 12:00 in Shanghai. */
export const AT = '2026-03-04T04:00:00Z';

export const bill = (over: Partial<BillContext> = {}): BillContext => ({
  amountFen: 15000,
  storeId: 's1',
  at: AT,
  memberId: 'm1',
  memberTierRank: 1,
  ...over,
});

let n = 0;
export const coupon = (rule: Partial<CouponRule>, over: Partial<CouponCandidate> = {}): CouponCandidate => ({
  code: `C${++n}`,
  name: 'x',
  templateId: over.templateId ?? `T${n}`,
  status: 'AVAILABLE',
  validFrom: '2026-01-01T00:00:00Z',
  validTo: '2026-12-31T00:00:00Z',
  ownerMemberId: 'm1',
  rule: { type: 'CASH', valueFen: 2000, stacking: 'EXCLUSIVE', ...rule },
  ...over,
});
