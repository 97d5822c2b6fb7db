/**
 * Diner clusters (seed 001's 聚类分析): k-means over standardised habit + RFM features, k chosen
 * by the mean silhouette, each cluster named in plain Chinese from its centroid. Pure functions:
 * the server fits on a sample of members and assigns every member in SQL with the centroids.
 */

/** The features, in the order of every vector here; each is a member_insight column. */
export const CLUSTER_FEATURES = [
  { key: 'rScore', column: 'r_score', label: '近度分' },
  { key: 'fScore', column: 'f_score', label: '频次分' },
  { key: 'mScore', column: 'm_score', label: '金额分' },
  { key: 'lunchShare', column: 'lunch_share', label: '午市占比' },
  { key: 'dinnerShare', column: 'dinner_share', label: '晚市占比' },
  { key: 'lateShare', column: 'late_share', label: '夜宵占比' },
  { key: 'weekendShare', column: 'weekend_share', label: '周末占比' },
  { key: 'couponShare', column: 'coupon_share', label: '用券占比' },
  { key: 'avgPartySize', column: 'avg_party_size', label: '平均人数' },
] as const;

export type ClusterFeature = (typeof CLUSTER_FEATURES)[number]['key'];
export type Centroid = Record<ClusterFeature, number>;

/** Small deterministic PRNG (mulberry32): the same data gives the same clusters. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dist2 = (p: ArrayLike<number>, q: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const d = p[i] - q[i];
    s += d * d;
  }
  return s;
};

export interface KMeansResult {
  centroids: number[][];
  labels: Int32Array;
  inertia: number;
}

/** Lloyd's k-means with k-means++ seeding; points are already standardised. */
export function kMeans(points: number[][], k: number, seed = 1, maxIter = 100): KMeansResult {
  const n = points.length;
  if (k < 1 || k > n) throw new Error(`k = ${k} needs at least k points (have ${n})`);
  const rand = seededRandom(seed);
  const centroids: number[][] = [points[Math.floor(rand() * n)].slice()];
  const nearest = new Float64Array(n).fill(Infinity);
  while (centroids.length < k) {
    const last = centroids[centroids.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], dist2(points[i], last));
      total += nearest[i];
    }
    let pick = rand() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i];
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.push(points[chosen].slice());
  }
  const labels = new Int32Array(n);
  const dims = points[0].length;
  let inertia = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    let moved = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const d = dist2(points[i], centroids[j]);
        if (d < bestD) [best, bestD] = [j, d];
      }
      if (labels[i] !== best || iter === 0) moved++;
      labels[i] = best;
      inertia += bestD;
    }
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      sizes[labels[i]]++;
      for (let d = 0; d < dims; d++) sums[labels[i]][d] += points[i][d];
    }
    for (let j = 0; j < k; j++) if (sizes[j]) centroids[j] = Array.from(sums[j], (v) => v / sizes[j]);
    if (!moved && iter > 0) break;
  }
  return { centroids, labels, inertia };
}

/** Mean silhouette (−1…1) of a labelling: how much closer each point is to its own cluster than to the next. */
export function silhouette(points: number[][], labels: ArrayLike<number>, k: number): number {
  const n = points.length;
  if (k < 2 || n < 3) return 0;
  let total = 0;
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += Math.sqrt(dist2(points[i], points[j]));
    const own = labels[i];
    if (sizes[own] <= 1) continue; // a singleton scores 0
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]) b = Math.min(b, sums[c] / sizes[c]);
    total += b === Infinity ? 0 : (b - a) / Math.max(a, b);
  }
  return total / n;
}

export interface Standardiser {
  mean: number[];
  sd: number[];
}

/** Column means and standard deviations (a constant column gets sd 1 so it adds nothing). */
export function standardiser(rows: number[][]): Standardiser {
  const dims = rows[0]?.length ?? 0;
  const mean = Array.from({ length: dims }, (_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
  const sd = mean.map((m, d) => {
    const v = rows.reduce((s, r) => s + (r[d] - m) ** 2, 0) / rows.length;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  return { mean, sd };
}

export interface ChosenClustering {
  k: number;
  silhouette: number;
  /** Centroids in original units, one per cluster. */
  centroids: Centroid[];
  /** Standardised centroids (what the SQL assignment compares to). */
  standardised: number[][];
  /** Share of the sample in each cluster. */
  shares: number[];
  scores: { k: number; silhouette: number }[];
}

/**
 * Fits k = kMin…kMax on the (original-unit) rows and keeps the k with the best mean silhouette,
 * measured on at most `silhouetteSample` points (silhouette is quadratic).
 */
export function chooseClustering(
  rows: number[][],
  opts: { kMin?: number; kMax?: number; seed?: number; silhouetteSample?: number } = {},
): ChosenClustering | null {
  const { kMin = 3, kMax = 7, seed = 7, silhouetteSample = 1500 } = opts;
  if (rows.length < kMin * 5) return null;
  const st = standardiser(rows);
  const points = rows.map((r) => r.map((v, d) => (v - st.mean[d]) / st.sd[d]));
  const step = Math.max(1, Math.floor(points.length / silhouetteSample));
  const sampleIdx = points.map((_p, i) => i).filter((i) => i % step === 0);
  const sample = sampleIdx.map((i) => points[i]);
  let best: { k: number; s: number; fit: KMeansResult } | null = null;
  const scores: { k: number; silhouette: number }[] = [];
  for (let k = kMin; k <= Math.min(kMax, Math.floor(points.length / 5)); k++) {
    // Several k-means++ starts; the tightest wins (one start can settle in a poor local optimum).
    let fit = kMeans(points, k, seed + k);
    for (let start = 1; start < 4; start++) {
      const other = kMeans(points, k, seed + k + 100 * start);
      if (other.inertia < fit.inertia) fit = other;
    }
    const s = silhouette(
      sample,
      sampleIdx.map((i) => fit.labels[i]),
      k,
    );
    scores.push({ k, silhouette: Math.round(s * 1000) / 1000 });
    if (!best || s > best.s + 1e-9) best = { k, s, fit };
  }
  if (!best) return null;
  const sizes = new Array<number>(best.k).fill(0);
  best.fit.labels.forEach((l) => sizes[l]++);
  return {
    k: best.k,
    silhouette: best.s,
    standardised: best.fit.centroids,
    centroids: best.fit.centroids.map(
      (c) =>
        Object.fromEntries(CLUSTER_FEATURES.map((f, d) => [f.key, c[d] * st.sd[d] + st.mean[d]])) as Centroid,
    ),
    shares: sizes.map((s) => s / points.length),
    scores,
  };
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** What a cluster is, in words a marketer uses: one line of its centroid. */
export function describeCentroid(c: Centroid): string {
  return [
    `午市 ${pct(c.lunchShare)}、晚市 ${pct(c.dinnerShare)}、夜宵 ${pct(c.lateShare)}`,
    `周末 ${pct(c.weekendShare)}`,
    `平均 ${c.avgPartySize.toFixed(1)} 人`,
    `用券 ${pct(c.couponShare)}`,
    `R/F/M ${c.rScore.toFixed(1)}/${c.fScore.toFixed(1)}/${c.mScore.toFixed(1)}`,
  ].join('；');
}

/**
 * Plain Chinese names from the centroids, each different: the first rule that fits the cluster
 * names it (工作日午餐常客, 周末家庭聚餐, 优惠敏感型…); two clusters that would share a name are told
 * apart by how much they spend (高消费 / 低消费) and then by a number.
 */
export function nameClusters(centroids: Centroid[]): string[] {
  const base = centroids.map((c): string => {
    if (c.couponShare >= 0.45) return '优惠敏感型';
    if (c.lateShare >= 0.3) return '夜宵常客';
    if (c.weekendShare >= 0.55 && c.avgPartySize >= 3.2) return '周末家庭聚餐';
    if (c.lunchShare >= 0.5 && c.weekendShare < 0.4) return c.fScore >= 3 ? '工作日午餐常客' : '工作日午餐客';
    if (c.dinnerShare >= 0.55 && c.avgPartySize >= 3.2) return '晚市聚餐客';
    if (c.rScore <= 2 && c.fScore <= 2.5) return '久未到店客';
    if (c.fScore >= 3.8 && c.mScore >= 3.8) return '高价值常客';
    if (c.weekendShare >= 0.55) return '周末休闲客';
    if (c.dinnerShare >= 0.55) return '晚市常客';
    if (c.fScore <= 2) return '偶尔来客';
    return '综合型常客';
  });
  const names: string[] = base.slice();
  for (const name of new Set(base)) {
    const same = base.map((n, i) => (n === name ? i : -1)).filter((i) => i >= 0);
    if (same.length < 2) continue;
    const bySpend = same.slice().sort((i, j) => centroids[j].mScore - centroids[i].mScore);
    bySpend.forEach((i, rank) => {
      names[i] =
        rank === 0
          ? `${name}·高消费`
          : rank === bySpend.length - 1
            ? `${name}·低消费`
            : `${name}·${rank + 1}`;
    });
  }
  return names;
}
