/**
 * Edge cases and properties of the coupon evaluator beyond the examples in evaluator.spec.ts:
 * exhaustive percent rounding, other time zones, every status and reason, and the "best
 * combination" checked against brute force over every subset on random wallets.
 */
import { couponDiscount, evaluateCoupons, evaluateSelection } from './evaluator.js';
import { bill, coupon } from './test-fixtures.js';
import type { BillContext, CouponCandidate, CouponRule } from './types.js';

const reasonOf = (c: CouponCandidate, b: BillContext = bill()) =>
  evaluateCoupons([c], b).coupons[0].reason ?? null;

describe('percent discounts', () => {
  it('is floor(amount × percent / 100) for every amount up to ¥100 and every percent', () => {
    for (let percent = 1; percent <= 99; percent++)
      for (let amount = 0; amount <= 10_000; amount += 37) {
        const d = couponDiscount({ type: 'DISCOUNT', percentOff: percent, stacking: 'EXCLUSIVE' }, amount);
        expect(d).toBe(Math.floor((amount * percent) / 100));
      }
  });
  it('caps at maxDiscountFen and stays exact on large bills', () => {
    const rule: CouponRule = {
      type: 'DISCOUNT',
      percentOff: 12,
      maxDiscountFen: 5000,
      stacking: 'EXCLUSIVE',
    };
    expect(couponDiscount(rule, 41_666)).toBe(4999);
    expect(couponDiscount(rule, 41_667)).toBe(5000);
    expect(couponDiscount(rule, 100_000_000)).toBe(5000);
    expect(couponDiscount({ ...rule, maxDiscountFen: null }, 99_999_999)).toBe(11_999_999);
  });
});

describe('time zones and windows', () => {
  it('uses the bill time zone when given', () => {
    // 2026-03-04T15:30Z: Wednesday 23:30 in Shanghai, Thursday 00:30 in Tokyo, Wednesday 15:30 UTC.
    const thu = coupon({ weekdays: [4] });
    expect(reasonOf(thu, bill({ at: '2026-03-04T15:30:00Z' }))).toBe('WRONG_WEEKDAY');
    expect(reasonOf(thu, bill({ at: '2026-03-04T15:30:00Z', timeZone: 'Asia/Tokyo' }))).toBeNull();
    expect(reasonOf(thu, bill({ at: '2026-03-04T15:30:00Z', timeZone: 'UTC' }))).toBe('WRONG_WEEKDAY');
  });
  it('accepts any of several windows (lunch or dinner)', () => {
    const meals = coupon({
      timeWindows: [
        { from: '11:00', to: '14:00' },
        { from: '17:00', to: '21:00' },
      ],
    });
    expect(reasonOf(meals, bill({ at: '2026-03-04T04:00:00Z' }))).toBeNull(); // 12:00
    expect(reasonOf(meals, bill({ at: '2026-03-04T08:00:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 16:00
    expect(reasonOf(meals, bill({ at: '2026-03-04T12:59:59Z' }))).toBeNull(); // 20:59:59
    expect(reasonOf(meals, bill({ at: '2026-03-04T13:00:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 21:00
  });
  it('treats a late-night window as open from its start until the end time the next morning', () => {
    const late = coupon({ timeWindows: [{ from: '22:00', to: '02:00' }] });
    expect(reasonOf(late, bill({ at: '2026-03-04T13:59:59Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 21:59:59
    expect(reasonOf(late, bill({ at: '2026-03-04T14:00:00Z' }))).toBeNull(); // 22:00
    expect(reasonOf(late, bill({ at: '2026-03-04T16:00:00Z' }))).toBeNull(); // 00:00
    expect(reasonOf(late, bill({ at: '2026-03-04T17:59:59Z' }))).toBeNull(); // 01:59:59
    expect(reasonOf(late, bill({ at: '2026-03-04T18:00:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 02:00
  });
  it('weekends only: Sunday is 7, Saturday 6', () => {
    const weekend = coupon({ weekdays: [6, 7] });
    expect(reasonOf(weekend, bill({ at: '2026-03-07T04:00:00Z' }))).toBeNull(); // Saturday
    expect(reasonOf(weekend, bill({ at: '2026-03-08T04:00:00Z' }))).toBeNull(); // Sunday
    expect(reasonOf(weekend, bill({ at: '2026-03-09T04:00:00Z' }))).toBe('WRONG_WEEKDAY'); // Monday
  });
});

describe('reasons', () => {
  it('names every status', () => {
    expect(reasonOf(coupon({}, { status: 'LOCKED' }))).toBe('COUPON_LOCKED');
    expect(reasonOf(coupon({}, { status: 'REVOKED' }))).toBe('COUPON_REVOKED');
    expect(reasonOf(coupon({}, { status: 'EXPIRED' }))).toBe('COUPON_EXPIRED');
  });
  it('a coupon without an owner is usable by anyone; one with an owner needs that member', () => {
    expect(reasonOf(coupon({}, { ownerMemberId: null }), bill({ memberId: null }))).toBeNull();
    expect(reasonOf(coupon({}), bill({ memberId: null }))).toBe('NOT_OWNER');
  });
  it('a tier-gated coupon needs a known tier', () => {
    expect(
      reasonOf(coupon({ minTierRank: 2 }, { ownerMemberId: null }), bill({ memberTierRank: null })),
    ).toBe('TIER_TOO_LOW');
  });
  it('reports the same code twice once and marks the second DUPLICATE_CODE', () => {
    const c = coupon({});
    const r = evaluateCoupons([c, { ...c }], bill());
    expect(r.coupons.map((x) => x.reason ?? null)).toEqual([null, 'DUPLICATE_CODE']);
    expect(r.best.couponCodes).toEqual([c.code]);
  });
  it('gives a Chinese reason text for every ineligible coupon', () => {
    const r = evaluateCoupons(
      [coupon({ thresholdFen: 99_999 }), coupon({ storeIds: ['x'] }), coupon({}, { status: 'USED' })],
      bill(),
    );
    for (const c of r.coupons) expect(c.reasonText).toMatch(/[\u4e00-\u9fa5]/);
  });
  it('rejects a selection that includes an ineligible coupon with its reason', () => {
    const c = coupon({ thresholdFen: 99_999 });
    expect(evaluateSelection([c], bill(), [c.code])).toMatchObject({
      ok: false,
      error: 'COUPON_NOT_APPLICABLE',
      code: c.code,
      reason: 'BELOW_THRESHOLD',
    });
  });
});

describe('best combination', () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  function* subsets<T>(xs: T[]): Generator<T[]> {
    for (let mask = 0; mask < 1 << xs.length; mask++) yield xs.filter((_, i) => mask & (1 << i));
  }

  it('equals the best valid subset found by brute force on 200 random wallets', () => {
    const r = rng(42);
    for (let round = 0; round < 200; round++) {
      // A template fixes the rule; a wallet holds 1–7 coupons of up to 4 templates.
      const templates = Array.from({ length: 4 }, (): CouponRule => {
        const stackable = r() < 0.6;
        const percent = r() < 0.3;
        return {
          type: percent ? 'DISCOUNT' : 'CASH',
          valueFen: percent ? null : 100 * (1 + Math.floor(r() * 40)),
          percentOff: percent ? 5 + Math.floor(r() * 30) : null,
          maxDiscountFen: percent && r() < 0.5 ? 1000 : null,
          thresholdFen: r() < 0.4 ? 100 * Math.floor(r() * 200) : null,
          stacking: stackable ? 'STACKABLE' : 'EXCLUSIVE',
          maxPerBill: stackable ? 1 + Math.floor(r() * 2) : null,
        };
      });
      const wallet: CouponCandidate[] = [];
      const size = 1 + Math.floor(r() * 7);
      for (let i = 0; i < size; i++) {
        const k = Math.floor(r() * templates.length);
        wallet.push(
          coupon(templates[k], {
            templateId: `R${round}-${k}`,
            validTo: `2026-${String(4 + Math.floor(r() * 8)).padStart(2, '0')}-01T00:00:00Z`,
          }),
        );
      }
      const b = bill({ amountFen: 100 * Math.floor(r() * 300) });
      const result = evaluateCoupons(wallet, b);
      let best = 0;
      for (const s of subsets(wallet)) {
        if (!s.length) continue;
        const sel = evaluateSelection(
          wallet,
          b,
          s.map((c) => c.code),
        );
        if (sel.ok) best = Math.max(best, sel.discountFen);
      }
      expect(result.best.discountFen).toBe(best);
      if (result.best.couponCodes.length) {
        const chosen = evaluateSelection(wallet, b, result.best.couponCodes);
        expect(chosen).toMatchObject({ ok: true, discountFen: best, payableFen: b.amountFen - best });
      }
      expect(result.payableFen).toBe(b.amountFen - best);
    }
  });
});
