import { DEFAULT_TIME_ZONE } from '../domain.js';
import { localParts, midnightAfterDays } from '../time.js';
import { describeReason } from './describe.js';
import type {
  BestCombination,
  BillContext,
  CombinationError,
  CouponCandidate,
  CouponEvaluation,
  CouponRule,
  IneligibleReason,
} from './types.js';

const ms = (d: Date | string) => (d instanceof Date ? d.getTime() : new Date(d).getTime());
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const prevWeekday = (d: number) => (d === 1 ? 7 : d - 1);

function assertBill(bill: BillContext): void {
  if (!Number.isSafeInteger(bill.amountFen) || bill.amountFen < 0) {
    throw new RangeError('amountFen must be a non-negative safe integer');
  }
}

/**
 * Weekday and time-of-day, in the chain's zone. A window crossing midnight belongs to the
 * weekday it starts on: Saturday 01:00 inside "Fri 22:00–02:00" counts as Friday.
 */
function timeReason(rule: CouponRule, at: Date | string, tz: string): IneligibleReason | null {
  const days = rule.weekdays?.length ? rule.weekdays : null;
  const windows = rule.timeWindows?.length ? rule.timeWindows : null;
  const { isoWeekday, minutes } = localParts(at, tz);
  if (!windows) return days && !days.includes(isoWeekday) ? 'WRONG_WEEKDAY' : null;
  let timeMatched = false;
  for (const w of windows) {
    const from = toMinutes(w.from);
    const to = toMinutes(w.to);
    let day: number | null = null;
    if (from < to) day = minutes >= from && minutes < to ? isoWeekday : null;
    else if (minutes >= from) day = isoWeekday;
    else if (minutes < to) day = prevWeekday(isoWeekday);
    if (day === null) continue;
    timeMatched = true;
    if (!days || days.includes(day)) return null;
  }
  if (days && !days.includes(isoWeekday) && !timeMatched) return 'WRONG_WEEKDAY';
  return timeMatched && days ? 'WRONG_WEEKDAY' : 'OUTSIDE_TIME_WINDOW';
}

/** What a coupon takes off `baseFen` on its own (never more than the base). */
export function couponDiscount(rule: CouponRule, baseFen: number): number {
  if (baseFen <= 0) return 0;
  switch (rule.type) {
    case 'CASH':
    case 'ITEM':
      return Math.min(rule.valueFen ?? 0, baseFen);
    case 'DISCOUNT': {
      // Round down to the fen, then the cap: never more than the diner is promised, never a fraction.
      const raw = Math.floor((baseFen * (rule.percentOff ?? 0)) / 100);
      return Math.min(raw, rule.maxDiscountFen ?? Number.MAX_SAFE_INTEGER, baseFen);
    }
  }
}

/** Why a single coupon cannot be used on this bill, or null when it can. */
function ineligibility(c: CouponCandidate, bill: BillContext): IneligibleReason | null {
  switch (c.status) {
    case 'USED':
      return 'COUPON_USED';
    case 'LOCKED':
      return 'COUPON_LOCKED';
    case 'EXPIRED':
      return 'COUPON_EXPIRED';
    case 'REVOKED':
      return 'COUPON_REVOKED';
  }
  const at = ms(bill.at);
  if (at >= ms(c.validTo)) return 'COUPON_EXPIRED';
  if (at < ms(c.validFrom)) return 'NOT_YET_VALID';
  if (c.ownerMemberId && c.ownerMemberId !== bill.memberId) return 'NOT_OWNER';
  const r = c.rule;
  if (r.storeIds?.length && !r.storeIds.includes(bill.storeId)) return 'WRONG_STORE';
  if (
    r.minTierRank !== null &&
    r.minTierRank !== undefined &&
    (bill.memberTierRank ?? -Infinity) < r.minTierRank
  )
    return 'TIER_TOO_LOW';
  const t = timeReason(r, bill.at, bill.timeZone ?? DEFAULT_TIME_ZONE);
  if (t) return t;
  if (r.thresholdFen && bill.amountFen < r.thresholdFen) return 'BELOW_THRESHOLD';
  if (couponDiscount(r, bill.amountFen) === 0) return 'ZERO_DISCOUNT';
  return null;
}

const TYPE_ORDER = { ITEM: 0, CASH: 1, DISCOUNT: 2 } as const;

/**
 * Applies coupons in a fixed order — ITEM, then CASH (larger first), then DISCOUNT (on what
 * remains) — and says what each one took off. Thresholds were already checked on the original bill.
 */
export function combinedDiscount(
  coupons: CouponCandidate[],
  amountFen: number,
): { discountFen: number; perCoupon: { code: string; discountFen: number }[] } {
  const ordered = [...coupons].sort(
    (a, b) =>
      TYPE_ORDER[a.rule.type] - TYPE_ORDER[b.rule.type] ||
      couponDiscount(b.rule, amountFen) - couponDiscount(a.rule, amountFen) ||
      ms(a.validTo) - ms(b.validTo) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  let remaining = amountFen;
  const perCoupon = ordered.map((c) => {
    const d = couponDiscount(c.rule, remaining);
    remaining -= d;
    return { code: c.code, discountFen: d };
  });
  return { discountFen: amountFen - remaining, perCoupon };
}

interface Option {
  coupons: CouponCandidate[];
  discountFen: number;
}

/** Greater discount; then fewer coupons; then the earliest-expiring coupons; then code order. */
function better(a: Option, b: Option): boolean {
  if (a.discountFen !== b.discountFen) return a.discountFen > b.discountFen;
  if (a.coupons.length !== b.coupons.length) return a.coupons.length < b.coupons.length;
  const ea = a.coupons.map((c) => ms(c.validTo)).sort((x, y) => x - y);
  const eb = b.coupons.map((c) => ms(c.validTo)).sort((x, y) => x - y);
  for (let i = 0; i < ea.length; i++) if (ea[i] !== eb[i]) return ea[i] < eb[i];
  const ca = a.coupons
    .map((c) => c.code)
    .sort()
    .join();
  const cb = b.coupons
    .map((c) => c.code)
    .sort()
    .join();
  return ca < cb;
}

/**
 * The best allowed combination among applicable coupons: the best single EXCLUSIVE coupon, or the
 * set of STACKABLE ones (up to maxPerBill per template; same-template coupons are interchangeable,
 * so the earliest-expiring are taken). Adding a stackable coupon never lowers the total, so the full
 * set is the best stackable option once coupons that add nothing are dropped. O(n log n).
 */
function bestCombination(applicable: CouponCandidate[], amountFen: number): BestCombination {
  let best: Option = { coupons: [], discountFen: 0 };
  for (const c of applicable) {
    if (c.rule.stacking !== 'EXCLUSIVE') continue;
    const opt = { coupons: [c], discountFen: couponDiscount(c.rule, amountFen) };
    if (opt.discountFen > 0 && better(opt, best)) best = opt;
  }
  const byTemplate = new Map<string, CouponCandidate[]>();
  for (const c of applicable) {
    if (c.rule.stacking !== 'STACKABLE') continue;
    byTemplate.set(c.templateId, [...(byTemplate.get(c.templateId) ?? []), c]);
  }
  const stack: CouponCandidate[] = [];
  for (const group of byTemplate.values()) {
    group.sort((a, b) => ms(a.validTo) - ms(b.validTo) || (a.code < b.code ? -1 : 1));
    stack.push(...group.slice(0, Math.max(1, group[0].rule.maxPerBill ?? 1)));
  }
  if (stack.length) {
    const { perCoupon } = combinedDiscount(stack, amountFen);
    const useful = stack.filter((c) => (perCoupon.find((p) => p.code === c.code)?.discountFen ?? 0) > 0);
    const opt = { coupons: useful, discountFen: combinedDiscount(useful, amountFen).discountFen };
    if (opt.discountFen > 0 && better(opt, best)) best = opt;
  }
  const codes = combinedDiscount(best.coupons, amountFen).perCoupon.map((p) => p.code);
  return { couponCodes: codes, discountFen: best.discountFen };
}

/**
 * The tier's member price (会员价) on what is left after coupons, rounded down to the fen (the
 * diner never pays less than the rule says). Coupons first, then the member price: more coupon
 * discount always means a lower total, so the best coupon combination stays the best.
 */
export function memberPriceDiscount(afterCouponsFen: number, percent: number | null | undefined): number {
  if (!percent || percent <= 0 || afterCouponsFen <= 0) return 0;
  return Math.floor((afterCouponsFen * Math.min(percent, 50)) / 100);
}

/** Every coupon with its applicability, reason and stand-alone discount; the best combination; what is left to pay. */
export function evaluateCoupons(
  coupons: CouponCandidate[],
  bill: BillContext,
): { coupons: CouponEvaluation[]; best: BestCombination; memberDiscountFen: number; payableFen: number } {
  assertBill(bill);
  const seen = new Set<string>();
  const applicable: CouponCandidate[] = [];
  const evaluations = coupons.map((c): CouponEvaluation => {
    const base = { code: c.code, name: c.name, type: c.rule.type, templateId: c.templateId };
    const reason: IneligibleReason | null = seen.has(c.code) ? 'DUPLICATE_CODE' : ineligibility(c, bill);
    seen.add(c.code);
    if (reason)
      return {
        ...base,
        applicable: false,
        reason,
        reasonText: describeReason(reason, c.rule),
        discountFen: 0,
      };
    applicable.push(c);
    return { ...base, applicable: true, discountFen: couponDiscount(c.rule, bill.amountFen) };
  });
  const best = bestCombination(applicable, bill.amountFen);
  const memberDiscountFen = memberPriceDiscount(
    bill.amountFen - best.discountFen,
    bill.memberDiscountPercent,
  );
  return {
    coupons: evaluations,
    best,
    memberDiscountFen,
    payableFen: bill.amountFen - best.discountFen - memberDiscountFen,
  };
}

export type SelectionResult =
  | {
      ok: true;
      /** Coupons only. */
      discountFen: number;
      /** The member price on what the coupons leave. */
      memberDiscountFen: number;
      payableFen: number;
      perCoupon: { code: string; discountFen: number }[];
    }
  | { ok: false; error: CombinationError; code?: string; reason?: IneligibleReason };

/** Checks the coupons a cashier or diner chose, as the server does before committing. */
export function evaluateSelection(
  coupons: CouponCandidate[],
  bill: BillContext,
  selectedCodes: string[],
): SelectionResult {
  assertBill(bill);
  const chosen: CouponCandidate[] = [];
  const seen = new Set<string>();
  for (const code of selectedCodes) {
    if (seen.has(code)) return { ok: false, error: 'DUPLICATE_CODE', code, reason: 'DUPLICATE_CODE' };
    seen.add(code);
    const c = coupons.find((x) => x.code === code);
    if (!c) return { ok: false, error: 'UNKNOWN_COUPON', code };
    const reason = ineligibility(c, bill);
    if (reason) return { ok: false, error: 'COUPON_NOT_APPLICABLE', code, reason };
    chosen.push(c);
  }
  if (chosen.length > 1) {
    const exclusive = chosen.find((c) => c.rule.stacking === 'EXCLUSIVE');
    if (exclusive) return { ok: false, error: 'NOT_STACKABLE', code: exclusive.code };
    const perTemplate = new Map<string, number>();
    for (const c of chosen) {
      const n = (perTemplate.get(c.templateId) ?? 0) + 1;
      perTemplate.set(c.templateId, n);
      if (n > (c.rule.maxPerBill ?? 1)) return { ok: false, error: 'MAX_PER_BILL_EXCEEDED', code: c.code };
    }
  }
  const { discountFen, perCoupon } = combinedDiscount(chosen, bill.amountFen);
  const memberDiscountFen = memberPriceDiscount(bill.amountFen - discountFen, bill.memberDiscountPercent);
  return {
    ok: true,
    discountFen,
    memberDiscountFen,
    payableFen: bill.amountFen - discountFen - memberDiscountFen,
    perCoupon,
  };
}

/**
 * A coupon's validity from its template: a fixed window, or N days from issue — through the end of
 * the Nth local day, counting the issue day as day 1. With both, the earlier end wins.
 */
export function computeCouponValidity(
  t: { validFrom?: string | Date | null; validTo?: string | Date | null; validDays?: number | null },
  issuedAt: Date,
  tz: string = DEFAULT_TIME_ZONE,
): { validFrom: Date; validTo: Date } {
  const fixedFrom = t.validFrom ? new Date(ms(t.validFrom)) : null;
  const validFrom = fixedFrom && fixedFrom > issuedAt ? fixedFrom : issuedAt;
  const ends: number[] = [];
  if (t.validTo) ends.push(ms(t.validTo));
  if (t.validDays && t.validDays > 0) {
    ends.push(midnightAfterDays(issuedAt, t.validDays, tz).getTime());
  }
  if (!ends.length) throw new RangeError('a coupon template needs validTo or validDays');
  return { validFrom, validTo: new Date(Math.min(...ends)) };
}
