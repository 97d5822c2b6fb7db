/**
 * Which coupons to use on a bill at the table: the same evaluator as the server (from shared/),
 * so what the diner sees pre-selected is what the server will accept.
 */
import {
  evaluateCoupons,
  evaluateSelection,
  INELIGIBLE_REASON_MESSAGES,
  type BillContext,
  type CouponCandidate,
} from '@tableside/shared';
import type { WalletCoupon } from '@/lib/types';

export function toCandidates(coupons: WalletCoupon[], memberId: string): CouponCandidate[] {
  return coupons.map((c) => ({
    code: c.code,
    name: c.name,
    templateId: c.templateId,
    status: 'AVAILABLE',
    validFrom: c.validFrom,
    validTo: c.validTo,
    ownerMemberId: memberId,
    rule: c.rule,
  }));
}

export interface Choice {
  bill: BillContext;
  candidates: CouponCandidate[];
}

export function bestChoice({ bill, candidates }: Choice) {
  return evaluateCoupons(candidates, bill);
}

/** Toggles a coupon; refuses (with a Chinese reason) a combination the rules forbid. */
export function toggle(
  { bill, candidates }: Choice,
  selected: string[],
  code: string,
): { selected: string[]; error?: string } {
  const next = selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code];
  const sel = evaluateSelection(candidates, bill, next);
  if (sel.ok) return { selected: next };
  if (sel.error === 'NOT_STACKABLE') return { selected, error: '这张券不能与其他券同时使用' };
  if (sel.error === 'MAX_PER_BILL_EXCEEDED') return { selected, error: '同一种券每单使用张数已达上限' };
  const reason = sel.reason ? INELIGIBLE_REASON_MESSAGES[sel.reason] : undefined;
  return { selected, error: reason ?? '这张券现在不能用' };
}

export function discountOf({ bill, candidates }: Choice, selected: string[]): number {
  return totalsOf({ bill, candidates }, selected).couponFen;
}

/** Coupons, then the member price, then what is left to pay — exactly as the server will commit. */
export function totalsOf(
  { bill, candidates }: Choice,
  selected: string[],
): { couponFen: number; memberFen: number; payableFen: number } {
  const sel = evaluateSelection(candidates, bill, selected);
  if (sel.ok)
    return { couponFen: sel.discountFen, memberFen: sel.memberDiscountFen, payableFen: sel.payableFen };
  const none = evaluateSelection(candidates, bill, []);
  return none.ok
    ? { couponFen: 0, memberFen: none.memberDiscountFen, payableFen: none.payableFen }
    : { couponFen: 0, memberFen: 0, payableFen: bill.amountFen };
}
