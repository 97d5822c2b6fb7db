import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LIFECYCLE_LABELS, LOYALTY_LABELS, RFM_SEGMENT_NAMES } from '@tableside/shared';
import { InsightModel, InsightSummary } from './entities/member-insight.entity';

/** Visit-interval buckets of the distribution chart, in days: [from, to). */
export const INTERVAL_BUCKETS: { label: string; from: number; to: number | null }[] = [
  { label: '7 天内', from: 0, to: 7 },
  { label: '7–14 天', from: 7, to: 14 },
  { label: '14–30 天', from: 14, to: 30 },
  { label: '30–60 天', from: 30, to: 60 },
  { label: '60–90 天', from: 60, to: 90 },
  { label: '90–180 天', from: 90, to: 180 },
  { label: '180 天以上', from: 180, to: null },
];

/** How many at-risk members a summary keeps (per store, and for the chain). */
export const AT_RISK_KEPT = 20;

export interface AtRiskEntry {
  memberId: string;
  monetaryFen: number;
  pAlive: number;
  pAlivePrev: number;
  recencyDays: number | null;
  rfmSegment: string | null;
}

export interface SummaryData {
  asOf: string;
  members: number;
  withVisits: number;
  lifecycle: { key: string; label: string; count: number; prevCount: number }[];
  transitions: { from: string; to: string; count: number }[];
  rfm: { segment: string; count: number; monetaryFen: number }[];
  loyalty: { key: string; label: string; count: number; monetaryFen: number }[];
  clusters: { key: string; count: number }[];
  intervals: { label: string; count: number }[];
  atRisk: AtRiskEntry[];
  model: { r: number; alpha: number; a: number; b: number } | null;
}

type Row = Record<string, unknown>;
const CHAIN = '';

/**
 * The dashboard's figures, written once per refresh from member_insight by a few GROUP BYs over
 * the join store: one row for the chain and one per store. A page view reads one small row.
 */
@Injectable()
export class InsightSummaryService {
  constructor(private readonly ds: DataSource) {}

  private empty(asOf: string): SummaryData {
    return {
      asOf,
      members: 0,
      withVisits: 0,
      lifecycle: Object.entries(LIFECYCLE_LABELS).map(([key, label]) => ({
        key,
        label,
        count: 0,
        prevCount: 0,
      })),
      transitions: [],
      rfm: RFM_SEGMENT_NAMES.map((segment) => ({ segment, count: 0, monetaryFen: 0 })),
      loyalty: Object.entries(LOYALTY_LABELS).map(([key, label]) => ({
        key,
        label,
        count: 0,
        monetaryFen: 0,
      })),
      clusters: [],
      intervals: INTERVAL_BUCKETS.map((b) => ({ label: b.label, count: 0 })),
      atRisk: [],
      model: null,
    };
  }

  async build(em: EntityManager, asOf: string): Promise<void> {
    const model = await em.findOne(InsightModel, { where: { asOf }, order: { createdAt: 'DESC' } });
    const all = new Map<string, SummaryData>();
    const of = (store: unknown) => {
      const key = typeof store === 'string' ? store : CHAIN;
      if (!all.has(key)) all.set(key, this.empty(asOf));
      return all.get(key)!;
    };
    of(CHAIN);
    /** Each grouped row counts for its store and for the chain. */
    const each = async (sql: string, add: (d: SummaryData, r: Row) => void) => {
      for (const r of (await em.query(sql)) as Row[]) {
        add(of(CHAIN), r);
        if (typeof r.s === 'string') add(of(r.s), r);
      }
    };
    const from = 'FROM member_insight mi';
    await each(
      `SELECT mi.join_store_id AS s, mi.lifecycle AS l, mi.lifecycle_prev AS p, COUNT(*) AS n,
          SUM(CASE WHEN mi.first_day IS NULL THEN 0 ELSE 1 END) AS v
        ${from} GROUP BY mi.join_store_id, mi.lifecycle, mi.lifecycle_prev`,
      (d, r) => {
        const n = Number(r.n);
        d.members += n;
        d.withVisits += Number(r.v);
        const now = d.lifecycle.find((x) => x.key === r.l);
        const before = d.lifecycle.find((x) => x.key === r.p);
        if (now) now.count += n;
        if (before) before.prevCount += n;
        if (r.l !== r.p) {
          const t = d.transitions.find((x) => x.from === r.p && x.to === r.l);
          if (t) t.count += n;
          else d.transitions.push({ from: String(r.p), to: String(r.l), count: n });
        }
      },
    );
    await each(
      `SELECT mi.join_store_id AS s, mi.rfm_segment AS k, COUNT(*) AS n, SUM(mi.monetary_fen) AS mon
        ${from} WHERE mi.rfm_segment IS NOT NULL GROUP BY mi.join_store_id, mi.rfm_segment`,
      (d, r) => {
        const x = d.rfm.find((y) => y.segment === r.k);
        if (x) [x.count, x.monetaryFen] = [x.count + Number(r.n), x.monetaryFen + Number(r.mon)];
      },
    );
    await each(
      `SELECT mi.join_store_id AS s, mi.loyalty AS k, COUNT(*) AS n, SUM(mi.monetary_fen) AS mon
        ${from} WHERE mi.loyalty IS NOT NULL GROUP BY mi.join_store_id, mi.loyalty`,
      (d, r) => {
        const x = d.loyalty.find((y) => y.key === r.k);
        if (x) [x.count, x.monetaryFen] = [x.count + Number(r.n), x.monetaryFen + Number(r.mon)];
      },
    );
    await each(
      `SELECT mi.join_store_id AS s, mi.cluster AS k, COUNT(*) AS n
        ${from} WHERE mi.cluster IS NOT NULL GROUP BY mi.join_store_id, mi.cluster`,
      (d, r) => {
        const x = d.clusters.find((y) => y.key === r.k);
        if (x) x.count += Number(r.n);
        else d.clusters.push({ key: String(r.k), count: Number(r.n) });
      },
    );
    const bucket = `CASE ${INTERVAL_BUCKETS.map(
      (b, i) => `WHEN mi.avg_interval_days < ${b.to ?? 1e9} THEN ${i}`,
    ).join(' ')} END`;
    await each(
      `SELECT mi.join_store_id AS s, ${bucket} AS b, COUNT(*) AS n
        ${from} WHERE mi.avg_interval_days IS NOT NULL GROUP BY mi.join_store_id, ${bucket}`,
      (d, r) => {
        const x = d.intervals[Number(r.b)];
        if (x) x.count += Number(r.n);
      },
    );
    // At risk: high spenders (M ≥ 4) whose P(alive) fell by 5 points or more over the last 30 days
    // and is now under 80% — the biggest expected loss (drop × spend) first.
    const risk = `(mi.p_alive_prev - mi.p_alive) * mi.monetary_fen`;
    const riskWhere = `mi.m_score >= 4 AND mi.p_alive <= mi.p_alive_prev - 0.05 AND mi.p_alive < 0.8`;
    const cols = `mi.member_id AS id, mi.monetary_fen AS mon, mi.p_alive AS pa, mi.p_alive_prev AS pp,
      mi.recency_days AS rec, mi.rfm_segment AS seg`;
    const toEntry = (r: Row): AtRiskEntry => ({
      memberId: String(r.id),
      monetaryFen: Number(r.mon),
      pAlive: Number(r.pa),
      pAlivePrev: Number(r.pp),
      recencyDays: r.rec === null ? null : Number(r.rec),
      rfmSegment: (r.seg as string | null) ?? null,
    });
    for (const r of (await em.query(
      `SELECT ${cols} ${from} WHERE ${riskWhere} ORDER BY ${risk} DESC LIMIT ${AT_RISK_KEPT}`,
    )) as Row[])
      of(CHAIN).atRisk.push(toEntry(r));
    for (const r of (await em.query(
      `SELECT * FROM (SELECT mi.join_store_id AS s, ${cols},
          ROW_NUMBER() OVER (PARTITION BY mi.join_store_id ORDER BY ${risk} DESC) AS rn
        ${from} WHERE ${riskWhere} AND mi.join_store_id IS NOT NULL) x WHERE x.rn <= ${AT_RISK_KEPT}
        ORDER BY x.s, x.rn`,
    )) as Row[])
      of(r.s).atRisk.push(toEntry(r));

    const now = new Date();
    await em.query('DELETE FROM insight_summary');
    for (const [storeId, data] of all) {
      data.model = model ? { r: model.r, alpha: model.alpha, a: model.a, b: model.b } : null;
      await em.insert(InsightSummary, { storeId, asOf, data: JSON.stringify(data), updatedAt: now });
    }
  }

  /** The stored summary for the chain (storeId null) or one store; null before the first refresh. */
  async read(storeId: string | null): Promise<{ data: SummaryData; updatedAt: Date } | null> {
    const repo = this.ds.getRepository(InsightSummary);
    const row = await repo.findOne({ where: { storeId: storeId ?? CHAIN } });
    if (row) return { data: JSON.parse(row.data) as SummaryData, updatedAt: row.updatedAt };
    // A store with no members yet, after a refresh: an empty summary of the same date.
    const chain = storeId ? await repo.findOne({ where: { storeId: CHAIN } }) : null;
    return chain ? { data: this.empty(chain.asOf), updatedAt: chain.updatedAt } : null;
  }
}
