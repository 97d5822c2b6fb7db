/**
 * Campaign measurement against the holdout (the control group that was chosen at random and got
 * nothing): the difference in visit rate and in revenue per member, each with a 95% confidence
 * interval, and what that means in money for the whole treated group. Pure functions: the server
 * counts, the admin shows, and a simulation test checks the intervals cover the truth.
 */

/** One group's counts over the attribution window. */
export interface ArmCounts {
  /** Members in the group. */
  members: number;
  /** Members who came at least once. */
  visitors: number;
  /** Σ revenue per member (fen) and Σ revenue² per member (fen²), for the variance. */
  revenueFen: number;
  revenueSqFen: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface Uplift {
  treatedRate: number;
  holdoutRate: number;
  /** Visit rate difference (treated − holdout), in absolute terms (0.03 = 3 percentage points). */
  rateDiff: Interval;
  /** Revenue per member difference, fen. */
  revenuePerMemberDiff: Interval;
  /** Incremental revenue of the treated group: the per-member difference × treated members. */
  incrementalRevenueFen: Interval;
  /** Whether the interval of the visit rate difference excludes zero. */
  significant: boolean;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wald intervals for a difference of proportions and Welch-style for a difference of means
 * (normal approximation: campaign groups are hundreds to millions of members). Returns null when
 * either group is empty — there is nothing to compare.
 */
export function measureUplift(treated: ArmCounts, holdout: ArmCounts, z = Z95): Uplift | null {
  if (treated.members < 2 || holdout.members < 2) return null;
  const p1 = treated.visitors / treated.members;
  const p0 = holdout.visitors / holdout.members;
  const seRate = Math.sqrt((p1 * (1 - p1)) / treated.members + (p0 * (1 - p0)) / holdout.members);
  const mean = (a: ArmCounts) => a.revenueFen / a.members;
  const variance = (a: ArmCounts) =>
    Math.max(0, (a.revenueSqFen - (a.revenueFen * a.revenueFen) / a.members) / (a.members - 1));
  const m1 = mean(treated);
  const m0 = mean(holdout);
  const seMean = Math.sqrt(variance(treated) / treated.members + variance(holdout) / holdout.members);
  const interval = (estimate: number, se: number): Interval => ({
    estimate,
    low: estimate - z * se,
    high: estimate + z * se,
  });
  const rateDiff = interval(p1 - p0, seRate);
  const revenuePerMemberDiff = interval(m1 - m0, seMean);
  return {
    treatedRate: p1,
    holdoutRate: p0,
    rateDiff,
    revenuePerMemberDiff,
    incrementalRevenueFen: {
      estimate: revenuePerMemberDiff.estimate * treated.members,
      low: revenuePerMemberDiff.low * treated.members,
      high: revenuePerMemberDiff.high * treated.members,
    },
    significant: rateDiff.low > 0 || rateDiff.high < 0,
  };
}

/**
 * Return on the campaign's cost: (incremental revenue − coupon cost − SMS cost) / cost, with the
 * incremental revenue's interval carried through (costs are known, not estimated).
 */
export function campaignRoi(
  incremental: Interval,
  couponCostFen: number,
  smsCostFen: number,
): Interval | null {
  const cost = couponCostFen + smsCostFen;
  if (cost <= 0) return null;
  const roi = (revenue: number) => (revenue - cost) / cost;
  return { estimate: roi(incremental.estimate), low: roi(incremental.low), high: roi(incremental.high) };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of an ASCII string — the same number as MySQL/MariaDB's CRC32(). */
export function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The holdout: a fixed share of the audience, chosen from campaign + member alone, so a resumed or
 * repeated run puts every member in the same group, on any machine — and in SQL: the database
 * computes the same draw as `CRC32(CONCAT(campaign, ':', member)) % 10000 < percent × 100`.
 */
export function inHoldout(campaignId: string, memberId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return crc32(`${campaignId}:${memberId}`) % 10_000 < holdoutPercent * 100;
}
