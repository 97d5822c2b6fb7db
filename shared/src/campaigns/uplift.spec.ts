import { seededRandom } from '../insights/clusters';
import { campaignRoi, crc32, inHoldout, measureUplift, type ArmCounts } from './uplift';

/** A group of n members who each come with probability p and spend ~¥100 ± ¥40 when they do. */
function simulate(n: number, p: number, rand: () => number): ArmCounts {
  const arm: ArmCounts = { members: n, visitors: 0, revenueFen: 0, revenueSqFen: 0 };
  for (let i = 0; i < n; i++) {
    if (rand() >= p) continue;
    const spend = Math.round(10_000 + (rand() - 0.5) * 8_000);
    arm.visitors++;
    arm.revenueFen += spend;
    arm.revenueSqFen += spend * spend;
  }
  return arm;
}

describe('campaign uplift against the holdout', () => {
  it('contains the true effect (+15% visit probability) in at least 90 of 100 simulated campaigns', () => {
    const rand = seededRandom(2026);
    const base = 0.2;
    const truth = base * 0.15; // +15% relative = +3 points
    let covered = 0;
    let significant = 0;
    for (let run = 0; run < 100; run++) {
      const u = measureUplift(simulate(9_000, base * 1.15, rand), simulate(1_000, base, rand))!;
      if (u.rateDiff.low <= truth && truth <= u.rateDiff.high) covered++;
      if (u.significant) significant++;
    }
    expect(covered).toBeGreaterThanOrEqual(90);
    expect(significant).toBeGreaterThan(50); // the effect is usually seen at this size
  });

  it('contains zero in at least 90 of 100 campaigns that changed nothing', () => {
    const rand = seededRandom(7);
    let containsZero = 0;
    for (let run = 0; run < 100; run++) {
      const u = measureUplift(simulate(9_000, 0.2, rand), simulate(1_000, 0.2, rand))!;
      if (u.rateDiff.low <= 0 && 0 <= u.rateDiff.high) containsZero++;
      expect(u.incrementalRevenueFen.low).toBeLessThan(u.incrementalRevenueFen.high);
    }
    expect(containsZero).toBeGreaterThanOrEqual(90);
  });

  it('computes the figures of a known case by hand', () => {
    const u = measureUplift(
      { members: 100, visitors: 30, revenueFen: 300_000, revenueSqFen: 30 * 10_000 ** 2 },
      { members: 100, visitors: 20, revenueFen: 200_000, revenueSqFen: 20 * 10_000 ** 2 },
    )!;
    expect(u.rateDiff.estimate).toBeCloseTo(0.1, 12);
    // se = sqrt(.3·.7/100 + .2·.8/100) = sqrt(.0037)
    expect(u.rateDiff.high - u.rateDiff.estimate).toBeCloseTo(1.959963984540054 * Math.sqrt(0.0037), 12);
    expect(u.revenuePerMemberDiff.estimate).toBe(1_000);
    expect(u.incrementalRevenueFen.estimate).toBe(100_000);
    expect(campaignRoi(u.incrementalRevenueFen, 40_000, 10_000)!.estimate).toBeCloseTo(1, 12);
    expect(measureUplift({ members: 0, visitors: 0, revenueFen: 0, revenueSqFen: 0 }, u as never)).toBeNull();
    expect(campaignRoi(u.incrementalRevenueFen, 0, 0)).toBeNull();
  });

  it('puts a fixed share in the holdout, the same way every time', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `member-${i}`);
    const held = ids.filter((id) => inHoldout('camp-1', id, 10));
    expect(held.length / ids.length).toBeGreaterThan(0.09);
    expect(held.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inHoldout('camp-1', id, 10))).toEqual(held);
    expect(ids.filter((id) => inHoldout('camp-2', id, 10))).not.toEqual(held); // another campaign, another draw
    expect(ids.some((id) => inHoldout('camp-1', id, 0))).toBe(false);
  });
});

describe('crc32', () => {
  it("is the IEEE CRC-32 the databases compute (MariaDB: CRC32('a:b') = 809608712)", () => {
    expect(crc32('a:b')).toBe(809608712);
    expect(crc32('123456789')).toBe(0xcbf43926); // the standard check value
    expect(crc32('')).toBe(0);
  });
});
