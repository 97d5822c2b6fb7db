import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compiledLogLikelihood,
  expectedVisits,
  expectedVisitsIfAlive,
  fitBgNbd,
  gammaln,
  hyp2f1,
  logLikelihood,
  pAlive,
  totalLogLikelihood,
  tripleOf,
  type BgNbdParams,
  type Triple,
} from './bgnbd';

const DAY = 86_400_000;
const dayOf = (yyyymmdd: string) =>
  Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)) / DAY;

/** CDNOW sample (Fader & Hardie): customer, date; calibration ends 1997-09-30, in weeks. */
function cdnowTriples(): Triple[] {
  const text = readFileSync(join(__dirname, '..', '..', 'test-data', 'cdnow-sample.txt'), 'utf8');
  const days = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const [id, , date] = line.trim().split(/\s+/);
    if (!id || !date) continue;
    (days.get(id) ?? days.set(id, []).get(id)!).push(dayOf(date));
  }
  const grouped = new Map<string, Triple>();
  for (const d of days.values()) {
    const t = tripleOf(d, dayOf('19970930'), 7);
    if (!t) continue;
    const key = `${t.x}|${t.tx}|${t.T}`;
    const g = grouped.get(key);
    if (g) g.count++;
    else grouped.set(key, { ...t, count: 1 });
  }
  return [...grouped.values()];
}

const PAPER: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('special functions, against values derived independently', () => {
  it('ln Γ matches known values', () => {
    expect(gammaln(1)).toBeCloseTo(0, 12);
    expect(gammaln(5)).toBeCloseTo(Math.log(24), 12);
    expect(gammaln(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // ln Γ(100.5) by the recurrence Γ(z+1) = zΓ(z) from Γ(1/2) = √π.
    let byRecurrence = Math.log(Math.sqrt(Math.PI));
    for (let k = 0; k < 100; k++) byRecurrence += Math.log(k + 0.5);
    expect(gammaln(100.5)).toBeCloseTo(byRecurrence, 9);
  });

  it('₂F₁ matches closed forms across the unit interval', () => {
    const rel = (u: number, v: number) => Math.abs(u / v - 1);
    for (const z of [0.01, 0.3, 0.5, 0.7, 0.95, 0.99]) {
      expect(rel(hyp2f1(1, 1, 2, z), -Math.log(1 - z) / z)).toBeLessThan(1e-10);
      expect(rel(hyp2f1(2.7, 1.3, 1.3, z), Math.pow(1 - z, -2.7))).toBeLessThan(1e-10);
      // ₂F₁(1/2, 1/2; 3/2; z²) = arcsin(z)/z
      expect(rel(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-10);
    }
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('BG/NBD', () => {
  it('reproduces the published CDNOW fit (r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4) within 1%', () => {
    const triples = cdnowTriples();
    const fit = fitBgNbd(triples);
    expect(fit.members).toBe(2357);
    expect(fit.repeatVisits).toBe(2457);
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit[k] / PAPER[k] - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.logLikelihood / -9582.4 - 1)).toBeLessThan(0.01);
    // Grouping is exact: the same likelihood as summing diner by diner.
    expect(triples.length).toBeLessThan(2357);
  });

  it('P(alive): no repeat = alive; a long silence after many visits = probably gone', () => {
    expect(pAlive(PAPER, 0, 0, 30)).toBe(1);
    const recent = pAlive(PAPER, 4, 30, 32);
    const silent = pAlive(PAPER, 4, 5, 32);
    expect(recent).toBeGreaterThan(0.8);
    expect(silent).toBeLessThan(0.3);
    expect(silent).toBeLessThan(recent);
  });

  it('expected visits match an independent one-dimensional integral over the posterior of p', () => {
    // E[Y(t)] = P(alive) · ∫ (1/p)(1 − ((α+T)/(α+T+pt))^(r+x)) Beta(p; a, b+x) dp, with p = u^(1/a)
    // removing the singularity at 0 (derived from eq. 7 of the paper; no ₂F₁ involved).
    const byIntegral = ({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number) => {
      const logBeta = gammaln(a) + gammaln(b + x) - gammaln(a + b + x);
      const n = 200_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const u = (i + 0.5) / n;
        const p = Math.pow(u, 1 / a);
        const f =
          (1 / p) * (1 - Math.pow((alpha + T) / (alpha + T + p * t), r + x)) * Math.pow(1 - p, b + x - 1);
        sum += f / a; // dp = (1/a) u^(1/a − 1) du, which cancels p^(a−1)
      }
      return (pAlive({ r, alpha, a, b }, x, tx, T) * (sum / n)) / Math.exp(logBeta);
    };
    for (const [t, x, tx, T] of [
      [39, 2, 30.43, 38.86],
      [39, 0, 0, 38.86],
      [10, 7, 35, 39],
      [52, 1, 2, 30],
    ]) {
      const closed = expectedVisits(PAPER, t, x, tx, T);
      expect(Math.abs(closed / byIntegral(PAPER, t, x, tx, T) - 1)).toBeLessThan(2e-3);
    }
  });

  it('log-likelihood of one diner is finite and falls when the data fit worse', () => {
    expect(Number.isFinite(logLikelihood(PAPER, 0, 0, 39))).toBe(true);
    expect(logLikelihood(PAPER, 2, 38, 39)).toBeGreaterThan(logLikelihood(PAPER, 2, 1, 39) - 100);
  });
});

describe('the compiled likelihood used by the fit', () => {
  it('equals the plain per-triple sum for any parameters', () => {
    const triples = cdnowTriples();
    const total = compiledLogLikelihood(triples);
    for (const p of [
      { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      { r: 1.5, alpha: 0.3, a: 3, b: 0.2 },
      { r: 0.05, alpha: 40, a: 0.1, b: 9 },
    ])
      expect(total(p)).toBeCloseTo(totalLogLikelihood(p, triples), 6);
  });

  it('expected visits = P(alive) × the if-alive numerator (eq. 10 split as the server stores it)', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [7, 10, 50],
      [26, 34, 36],
    ])
      expect(expectedVisitsIfAlive(p, 39, x, T) * pAlive(p, x, tx, T)).toBeCloseTo(
        expectedVisits(p, 39, x, tx, T),
        10,
      );
  });
});
