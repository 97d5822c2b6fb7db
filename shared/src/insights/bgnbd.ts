/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): each diner visits as a
 * Poisson process with rate λ ~ Gamma(r, α) while "alive", and after each visit drops out with
 * probability p ~ Beta(a, b). From a diner's (x, t_x, T) — repeat visits, time of the last, time
 * since the first — the model gives P(alive) and the expected visits in the next t.
 *
 * Pure functions, no I/O: the server feeds grouped triples from SQL and writes results back.
 */

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One distinct (x, t_x, T) and how many diners share it: a million diners fit as a few thousand rows. */
export interface Triple {
  x: number;
  tx: number;
  T: number;
  count: number;
}

// ---- special functions -------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7; ~15 significant digits). */
export function gammaln(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - gammaln(1 - z);
  const x = z - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed (terms computed
 * by their ratio, no factorials) until a term no longer changes the sum. The model only needs
 * z = t / (α + T + t), well inside the unit disc for forecasts shorter than the history; the
 * series still converges (slowly) up to z → 1.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 2_000_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  throw new Error('hyp2f1 did not converge');
}

const logAddExp = (u: number, v: number) => {
  const m = Math.max(u, v);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(u - m) + Math.exp(v - m));
};

// ---- the model ---------------------------------------------------------------------------

/** Log-likelihood of one diner (eq. 6 of the paper, in logs for stability). */
export function logLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

export function totalLogLikelihood(p: BgNbdParams, triples: Triple[]): number {
  let sum = 0;
  for (const t of triples) sum += t.count * logLikelihood(p, t.x, t.tx, t.T);
  return sum;
}

/**
 * Σ count × LL(x, t_x, T), the same sum as `totalLogLikelihood`, prepared once for many parameter
 * sets: the terms that depend only on x, t_x or T are computed once per distinct value and
 * parameter set, so each triple costs one exp and one log. A million members fit in seconds.
 */
export function compiledLogLikelihood(triples: Triple[]): (p: BgNbdParams) => number {
  const index = (values: number[]) => {
    const distinct = [...new Set(values)];
    const at = new Map(distinct.map((v, i) => [v, i]));
    return { distinct, of: Int32Array.from(values, (v) => at.get(v)!) };
  };
  const xs = index(triples.map((t) => t.x));
  const txs = index(triples.map((t) => t.tx));
  const Ts = index(triples.map((t) => t.T));
  const counts = Float64Array.from(triples, (t) => t.count);
  const xv = xs.distinct;
  const head = new Float64Array(xv.length); // a1 + a2
  const lnB = new Float64Array(xv.length); // ln a − ln(b + x − 1), x > 0
  const lnTx = new Float64Array(txs.distinct.length);
  const lnT = new Float64Array(Ts.distinct.length);
  return ({ r, alpha, a, b }) => {
    const lnAlpha = Math.log(alpha);
    const fixed = gammaln(a + b) - gammaln(b) - gammaln(r);
    for (let i = 0; i < xv.length; i++) {
      const x = xv[i];
      head[i] = fixed + gammaln(r + x) + r * lnAlpha + gammaln(b + x) - gammaln(a + b + x);
      lnB[i] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    }
    txs.distinct.forEach((v, i) => (lnTx[i] = Math.log(alpha + v)));
    Ts.distinct.forEach((v, i) => (lnT[i] = Math.log(alpha + v)));
    let sum = 0;
    for (let k = 0; k < counts.length; k++) {
      const xi = xs.of[k];
      const rx = r + xv[xi];
      const a3 = -rx * lnT[Ts.of[k]];
      const a4 = lnB[xi] - rx * lnTx[txs.of[k]];
      sum += counts[k] * (head[xi] + logAddExp(a3, a4));
    }
    return sum;
  };
}

/** P(still a customer | x, t_x, T). A diner with no repeat visit is taken as alive (the model's own answer). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * The numerator of eq. 10: expected visits in the next `t` for a diner still alive, which depends
 * on x and T only. Expected visits = this × P(alive) (the denominator of eq. 10 is 1 / P(alive)).
 */
export function expectedVisitsIfAlive(p: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const powered = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  return Math.max(0, head * (1 - powered * hyp2f1(r + x, b + x, a + b + x - 1, z)));
}

/** Expected visits in the next `t` (same unit as T), given (x, t_x, T) — eq. 10 of the paper. */
export function expectedVisits(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const powered = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const numerator = head * (1 - powered * hyp2f1(r + x, b + x, a + b + x - 1, z));
  const denom =
    x > 0
      ? 1 +
        Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)))
      : 1;
  return Math.max(0, numerator / denom);
}

// ---- fitting -----------------------------------------------------------------------------

/** Nelder–Mead on f (minimised). Small, deterministic, enough for four well-behaved parameters. */
function nelderMead(f: (v: number[]) => number, start: number[], maxIter = 4000, tol = 1e-10): number[] {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.5 : v)))];
  let values = simplex.map(f);
  let checkpoint = Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((_v, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) < tol * (Math.abs(values[0]) + tol)) break;
    // Stalled: a whole stretch of iterations gained (relatively) nothing — e.g. drifting along a
    // flat ridge towards a boundary when the data show almost no drop-out. Stop there.
    if (iter % 100 === 0) {
      if (checkpoint - values[0] < 1e-9 * Math.abs(values[0])) break;
      checkpoint = values[0];
    }
    const centroid = Array.from(
      { length: n },
      (_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j], 0) / n,
    );
    const at = (k: number) => centroid.map((c, j) => c + k * (simplex[n][j] - c));
    const reflected = at(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = at(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? at(-0.5) : at(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) [simplex[n], values[n]] = [contracted, fc];
      else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j])),
        );
        values = simplex.map(f);
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))];
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  members: number;
  repeatVisits: number;
}

/**
 * Maximum-likelihood fit over grouped triples, in log-parameters (so every parameter stays positive),
 * started from the paper's neighbourhood and then restarted from its own answer once.
 */
export function fitBgNbd(triples: Triple[]): BgNbdFit {
  const members = triples.reduce((s, t) => s + t.count, 0);
  const repeatVisits = triples.reduce((s, t) => s + t.count * t.x, 0);
  if (!members) throw new Error('no members to fit');
  const meanT = triples.reduce((s, t) => s + t.count * t.T, 0) / members;
  const toParams = (v: number[]): BgNbdParams => ({
    r: Math.exp(v[0]),
    alpha: Math.exp(v[1]),
    a: Math.exp(v[2]),
    b: Math.exp(v[3]),
  });
  const total = compiledLogLikelihood(triples);
  const objective = (v: number[]) => {
    // Parameters within e^±20: beyond, the model no longer changes in any way the data can show.
    if (v.some((x) => !Number.isFinite(x) || Math.abs(x) > 20)) return Infinity;
    const ll = total(toParams(v));
    return Number.isFinite(ll) ? -ll : Infinity;
  };
  let v = nelderMead(objective, [0, Math.log(Math.max(meanT, 1e-6)), 0, 0]);
  v = nelderMead(objective, v);
  const params = toParams(v);
  return { ...params, logLikelihood: total(params), members, repeatVisits };
}

/**
 * (x, t_x, T) of a diner from the days they came, in `unit` days (1 = days, 7 = weeks): repeat
 * visits are distinct visit days after the first; T runs from the first visit to `asOf`.
 */
export function tripleOf(visitDays: number[], asOfDay: number, unit: number): Omit<Triple, 'count'> | null {
  const days = [...new Set(visitDays.filter((d) => d <= asOfDay))].sort((p, q) => p - q);
  if (!days.length) return null;
  const first = days[0];
  return { x: days.length - 1, tx: (days[days.length - 1] - first) / unit, T: (asOfDay - first) / unit };
}
