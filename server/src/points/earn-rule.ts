/**
 * Points for a bill: `pointsPerYuan` per yuan actually paid, times the tier multiplier (percent),
 * rounded down. Integer arithmetic only: 12.34 yuan at 1 point/yuan ×2 → floor(1234×1×200/10000) = 24.
 */
export function pointsForPayment(paidFen: number, pointsPerYuan: number, multiplierPercent: number): number {
  if (!Number.isSafeInteger(paidFen) || paidFen <= 0) return 0;
  return Math.floor((paidFen * pointsPerYuan * multiplierPercent) / 10_000);
}
