import {
  chooseClustering,
  CLUSTER_FEATURES,
  describeCentroid,
  kMeans,
  nameClusters,
  seededRandom,
  silhouette,
  type Centroid,
} from './clusters';

/** A diner profile in feature order: r, f, m, lunch, dinner, late, weekend, coupon, party. */
const profile = (c: Partial<Centroid>): Centroid => ({
  rScore: 3,
  fScore: 3,
  mScore: 3,
  lunchShare: 0.3,
  dinnerShare: 0.5,
  lateShare: 0.05,
  weekendShare: 0.3,
  couponShare: 0.1,
  avgPartySize: 2.5,
  ...c,
});
const vector = (c: Centroid) => CLUSTER_FEATURES.map((f) => c[f.key]);

/** n noisy diners around each profile (deterministic noise). */
function diners(profiles: Centroid[], n: number): { rows: number[][]; truth: number[] } {
  const rand = seededRandom(42);
  const rows: number[][] = [];
  const truth: number[] = [];
  profiles.forEach((p, k) => {
    for (let i = 0; i < n; i++) {
      rows.push(vector(p).map((v) => v + (rand() - 0.5) * (v > 1.5 ? 0.6 : 0.12)));
      truth.push(k);
    }
  });
  return { rows, truth };
}

const office = profile({
  lunchShare: 0.85,
  dinnerShare: 0.1,
  weekendShare: 0.05,
  fScore: 4.5,
  avgPartySize: 1.5,
});
const family = profile({
  lunchShare: 0.2,
  dinnerShare: 0.75,
  weekendShare: 0.8,
  avgPartySize: 4.5,
  mScore: 4.2,
});
const bargain = profile({ couponShare: 0.8, mScore: 1.8, fScore: 2.2 });

describe('k-means and the silhouette', () => {
  it('finds three well-separated groups exactly, whatever the seed', () => {
    const { rows, truth } = diners([office, family, bargain], 60);
    for (const seed of [1, 2, 3]) {
      const { labels } = kMeans(rows, 3, seed);
      // Same partition as the truth: every true group maps to one label, and the labels differ.
      const map = new Map<number, number>();
      truth.forEach((t, i) => {
        if (!map.has(t)) map.set(t, labels[i]);
        expect(labels[i]).toBe(map.get(t));
      });
      expect(new Set(map.values()).size).toBe(3);
    }
  });

  it('scores a true partition near 1 and a random one near 0', () => {
    const { rows, truth } = diners([office, family, bargain], 40);
    expect(silhouette(rows, truth, 3)).toBeGreaterThan(0.6);
    const rand = seededRandom(9);
    expect(
      Math.abs(
        silhouette(
          rows,
          truth.map(() => Math.floor(rand() * 3)),
          3,
        ),
      ),
    ).toBeLessThan(0.15);
  });

  it('chooses k by the silhouette: 3 groups → k = 3, 4 groups → k = 4', () => {
    const late = profile({ lateShare: 0.7, dinnerShare: 0.2, lunchShare: 0.05 });
    expect(chooseClustering(diners([office, family, bargain], 80).rows)!.k).toBe(3);
    expect(chooseClustering(diners([office, family, bargain, late], 80).rows)!.k).toBe(4);
    expect(chooseClustering([[1, 2, 3]])).toBeNull();
  });

  it('returns centroids in original units close to the profiles', () => {
    const chosen = chooseClustering(diners([office, family, bargain], 80).rows)!;
    const lunchy = chosen.centroids.find((c) => c.lunchShare > 0.6)!;
    expect(lunchy.lunchShare).toBeCloseTo(0.85, 1);
    expect(lunchy.avgPartySize).toBeCloseTo(1.5, 0);
    expect(chosen.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('cluster names', () => {
  it('names each cluster in plain Chinese from its centroid', () => {
    expect(nameClusters([office, family, bargain])).toEqual(['工作日午餐常客', '周末家庭聚餐', '优惠敏感型']);
    expect(nameClusters([profile({ lateShare: 0.5 })])).toEqual(['夜宵常客']);
    expect(nameClusters([profile({ rScore: 1.2, fScore: 1.5 })])).toEqual(['久未到店客']);
  });

  it('never gives two clusters the same name', () => {
    const names = nameClusters([
      profile({ couponShare: 0.7, mScore: 4 }),
      profile({ couponShare: 0.6, mScore: 2 }),
      profile({ couponShare: 0.5, mScore: 3 }),
    ]);
    expect(names).toEqual(['优惠敏感型·高消费', '优惠敏感型·低消费', '优惠敏感型·2']);
    expect(new Set(names).size).toBe(3);
  });

  it('describes a centroid in words', () => {
    expect(describeCentroid(office)).toBe(
      '午市 85%、晚市 10%、夜宵 5%；周末 5%；平均 1.5 人；用券 10%；R/F/M 3.0/4.5/3.0',
    );
  });
});
