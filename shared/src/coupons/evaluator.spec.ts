import { computeCouponValidity, couponDiscount, evaluateCoupons, evaluateSelection } from './evaluator.js';
import { describeCouponRule, validateCouponRule } from './describe.js';
import { AT, bill, coupon } from './test-fixtures.js';
import type { BillContext, CouponCandidate } from './types.js';

const at = AT;
const reasonOf = (c: CouponCandidate, b: BillContext = bill()) =>
  evaluateCoupons([c], b).coupons[0].reason ?? null;

describe('thresholds and discounts', () => {
  it('checks 满X at X-1, X and X+1', () => {
    const c = coupon({ thresholdFen: 10000 });
    expect(reasonOf(c, bill({ amountFen: 9999 }))).toBe('BELOW_THRESHOLD');
    expect(reasonOf(c, bill({ amountFen: 10000 }))).toBeNull();
    expect(reasonOf(c, bill({ amountFen: 10001 }))).toBeNull();
  });
  it('rounds percent discounts down to the fen and applies the cap', () => {
    expect(couponDiscount({ type: 'DISCOUNT', percentOff: 12, stacking: 'EXCLUSIVE' }, 999)).toBe(119);
    expect(
      couponDiscount({ type: 'DISCOUNT', percentOff: 12, maxDiscountFen: 100, stacking: 'EXCLUSIVE' }, 999),
    ).toBe(100);
  });
  it('never takes a bill below zero', () => {
    expect(couponDiscount({ type: 'CASH', valueFen: 5000, stacking: 'EXCLUSIVE' }, 3000)).toBe(3000);
    expect(couponDiscount({ type: 'ITEM', valueFen: 8800, stacking: 'EXCLUSIVE' }, 1000)).toBe(1000);
  });
  it('refuses a coupon that would take nothing off a free bill', () => {
    expect(reasonOf(coupon({}), bill({ amountFen: 0 }))).toBe('ZERO_DISCOUNT');
    expect(() => evaluateCoupons([], bill({ amountFen: -1 }))).toThrow(RangeError);
    expect(() => evaluateCoupons([], bill({ amountFen: 1.5 }))).toThrow(RangeError);
  });
});

describe('when and where', () => {
  it('evaluates weekdays in Shanghai, not UTC', () => {
    // 2026-03-02T17:30Z is Tuesday 01:30 in Shanghai (Monday in UTC).
    expect(reasonOf(coupon({ weekdays: [2] }), bill({ at: '2026-03-02T17:30:00Z' }))).toBeNull();
    expect(reasonOf(coupon({ weekdays: [1] }), bill({ at: '2026-03-02T17:30:00Z' }))).toBe('WRONG_WEEKDAY');
  });
  it('has lunch windows inclusive at the start, exclusive at the end', () => {
    const lunch = coupon({ timeWindows: [{ from: '11:00', to: '14:00' }] });
    expect(reasonOf(lunch, bill({ at: '2026-03-04T03:00:00Z' }))).toBeNull(); // 11:00
    expect(reasonOf(lunch, bill({ at: '2026-03-04T02:59:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 10:59
    expect(reasonOf(lunch, bill({ at: '2026-03-04T06:00:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // 14:00
  });
  it('counts a window across midnight for the weekday it starts on', () => {
    const friNight = coupon({ weekdays: [5], timeWindows: [{ from: '22:00', to: '02:00' }] });
    expect(reasonOf(friNight, bill({ at: '2026-03-06T17:00:00Z' }))).toBeNull(); // Saturday 01:00 Shanghai
    expect(reasonOf(friNight, bill({ at: '2026-03-07T17:00:00Z' }))).toBe('WRONG_WEEKDAY'); // Sunday 01:00
    expect(reasonOf(friNight, bill({ at: '2026-03-06T13:00:00Z' }))).toBe('OUTSIDE_TIME_WINDOW'); // Friday 21:00
    expect(reasonOf(friNight, bill({ at: '2026-03-06T18:00:00Z' }))).toBe('WRONG_WEEKDAY'); // Saturday 02:00: not a Friday night any more
  });
  it('checks stores, tiers and ownership', () => {
    expect(reasonOf(coupon({ storeIds: ['s2'] }))).toBe('WRONG_STORE');
    expect(reasonOf(coupon({ storeIds: ['s1', 's2'] }))).toBeNull();
    expect(reasonOf(coupon({ minTierRank: 3 }), bill({ memberTierRank: 2 }))).toBe('TIER_TOO_LOW');
    expect(reasonOf(coupon({ minTierRank: 3 }), bill({ memberTierRank: 3 }))).toBeNull();
    expect(reasonOf(coupon({}), bill({ memberId: 'm2' }))).toBe('NOT_OWNER');
  });
  it('is expired exactly at validTo and valid exactly at validFrom', () => {
    expect(reasonOf(coupon({}, { validTo: at }))).toBe('COUPON_EXPIRED');
    expect(reasonOf(coupon({}, { validFrom: at }))).toBeNull();
    expect(reasonOf(coupon({}, { validFrom: '2026-03-04T04:00:01Z' }))).toBe('NOT_YET_VALID');
    expect(reasonOf(coupon({}, { status: 'USED' }))).toBe('COUPON_USED');
  });
});

describe('stacking and the best combination', () => {
  it('picks the best exclusive coupon, ties to the earliest expiry', () => {
    const a = coupon({ valueFen: 2000 }, { validTo: '2026-06-01T00:00:00Z' });
    const b = coupon({ valueFen: 2000 }, { validTo: '2026-05-01T00:00:00Z' });
    const c = coupon({ valueFen: 1000 });
    expect(evaluateCoupons([a, b, c], bill()).best).toEqual({ couponCodes: [b.code], discountFen: 2000 });
  });
  it('stacks stackable coupons up to maxPerBill per template, percent on what remains', () => {
    const s1 = coupon({ valueFen: 500, stacking: 'STACKABLE', maxPerBill: 2 }, { templateId: 'S' });
    const s2 = coupon({ valueFen: 500, stacking: 'STACKABLE', maxPerBill: 2 }, { templateId: 'S' });
    const s3 = coupon({ valueFen: 500, stacking: 'STACKABLE', maxPerBill: 2 }, { templateId: 'S' });
    const pct = coupon({ type: 'DISCOUNT', percentOff: 10, valueFen: null, stacking: 'STACKABLE' });
    const ex = coupon({ valueFen: 2000 });
    const r = evaluateCoupons([s1, s2, s3, pct, ex], bill({ amountFen: 15000 }));
    // 500 + 500 + 10% of 14,000 = 2,400 > the exclusive 2,000
    expect(r.best.discountFen).toBe(2400);
    expect(r.best.couponCodes).toHaveLength(3);
    expect(r.payableFen).toBe(12600);
  });
  it('refuses exclusive coupons with others and too many of one template', () => {
    const ex = coupon({});
    const st = coupon({ stacking: 'STACKABLE' }, { templateId: 'S1' });
    const st2 = coupon({ stacking: 'STACKABLE' }, { templateId: 'S1' });
    expect(evaluateSelection([ex, st], bill(), [ex.code, st.code])).toMatchObject({
      ok: false,
      error: 'NOT_STACKABLE',
    });
    expect(evaluateSelection([st, st2], bill(), [st.code, st2.code])).toMatchObject({
      ok: false,
      error: 'MAX_PER_BILL_EXCEEDED',
    });
    expect(evaluateSelection([st], bill(), [st.code, st.code])).toMatchObject({
      ok: false,
      error: 'DUPLICATE_CODE',
    });
    expect(evaluateSelection([st], bill(), ['nope'])).toMatchObject({ ok: false, error: 'UNKNOWN_COUPON' });
    expect(evaluateSelection([ex], bill(), [ex.code])).toEqual({
      ok: true,
      discountFen: 2000,
      memberDiscountFen: 0,
      payableFen: 13000,
      perCoupon: [{ code: ex.code, discountFen: 2000 }],
    });
  });
});

describe('validity, descriptions and validation', () => {
  it('runs N days through the end of the Nth local day', () => {
    // Issued Wed 23:30 Shanghai (15:30Z): 1 day → until Thursday 00:00 Shanghai.
    const v = computeCouponValidity({ validDays: 1 }, new Date('2026-03-04T15:30:00Z'), 'Asia/Shanghai');
    expect(v.validTo.toISOString()).toBe('2026-03-04T16:00:00.000Z');
    const w = computeCouponValidity(
      { validDays: 30, validTo: '2026-03-10T00:00:00Z' },
      new Date('2026-03-04T15:30:00Z'),
    );
    expect(w.validTo.toISOString()).toBe('2026-03-10T00:00:00.000Z');
  });
  it('describes rules the way a diner reads them', () => {
    expect(
      describeCouponRule({ type: 'CASH', valueFen: 2000, thresholdFen: 10000, stacking: 'EXCLUSIVE' }),
    ).toBe('满100减20');
    expect(
      describeCouponRule({ type: 'DISCOUNT', percentOff: 12, maxDiscountFen: 3000, stacking: 'EXCLUSIVE' }),
    ).toBe('8.8折 最高减¥30.00');
    expect(
      describeCouponRule({
        type: 'CASH',
        valueFen: 1500,
        weekdays: [1, 2, 3, 4, 5],
        timeWindows: [{ from: '11:00', to: '14:00' }],
        stacking: 'EXCLUSIVE',
      }),
    ).toBe('无门槛减15 · 周一至周五 11:00-14:00 可用');
  });
  it('explains what is wrong with a rule', () => {
    expect(validateCouponRule({ type: 'DISCOUNT', percentOff: 100, stacking: 'EXCLUSIVE' })).toHaveLength(1);
    expect(
      validateCouponRule({ type: 'CASH', valueFen: 2000, stacking: 'EXCLUSIVE', maxPerBill: 2 }),
    ).toEqual(['不可叠加的券每单只能用 1 张']);
    expect(validateCouponRule({ type: 'CASH', valueFen: 2000, stacking: 'EXCLUSIVE' })).toEqual([]);
  });
});

describe('member price (tier benefit)', () => {
  it('comes off what the best coupons leave, in the evaluation and in the selection alike', () => {
    const c = coupon({ valueFen: 2000, thresholdFen: 10000 }, { code: 'M1' });
    const b = bill({ amountFen: 12800, memberDiscountPercent: 5 });
    const all = evaluateCoupons([c], b);
    expect(all.best.discountFen).toBe(2000);
    expect(all.memberDiscountFen).toBe(540); // 5% of ¥108.00
    expect(all.payableFen).toBe(12800 - 2000 - 540);
    const sel = evaluateSelection([c], b, ['M1']);
    expect(sel).toMatchObject({ ok: true, discountFen: 2000, memberDiscountFen: 540, payableFen: 10260 });
    const none = evaluateSelection([c], b, []);
    expect(none).toMatchObject({ ok: true, discountFen: 0, memberDiscountFen: 640, payableFen: 12160 });
  });
});
