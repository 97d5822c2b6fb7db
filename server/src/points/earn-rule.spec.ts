import { pointsForPayment } from './earn-rule';

describe('pointsForPayment', () => {
  it('earns per whole yuan paid, rounding down', () => {
    expect(pointsForPayment(12_34, 1, 100)).toBe(12);
    expect(pointsForPayment(99, 1, 100)).toBe(0);
    expect(pointsForPayment(100, 1, 100)).toBe(1);
  });
  it('applies the tier multiplier before rounding (1元积2分 for core members)', () => {
    expect(pointsForPayment(12_34, 1, 200)).toBe(24);
    expect(pointsForPayment(12_50, 1, 150)).toBe(18);
    expect(pointsForPayment(10_000, 2, 150)).toBe(300);
  });
  it('earns nothing on a free or invalid bill', () => {
    expect(pointsForPayment(0, 1, 200)).toBe(0);
    expect(pointsForPayment(-100, 1, 200)).toBe(0);
    expect(pointsForPayment(1.5, 1, 200)).toBe(0);
  });
});
