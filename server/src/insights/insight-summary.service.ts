import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportsDb } from '../database/database.module';
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
  constructor(private readonly reports: ReportsDb) {}

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
    // One pass over member_insight grouped by every dimension the dashboard shows; the rows (a few
    // thousand combinations) are added up here, per store and for the chain.
    const bucket = `CASE WHEN mi.avg_interval_days IS NULL THEN NULL ${INTERVAL_BUCKETS.map(
      (b, i) => `WHEN mi.avg_interval_days < ${b.to ?? 1e9} THEN ${i}`,
    ).join(' ')} END`;
    const rows = (await em.query(
      `SELECT mi.join_store_id AS s, mi.lifecycle AS l, mi.lifecycle_prev AS p, mi.rfm_segment AS rfm,
          mi.loyalty AS loy, mi.cluster AS c, ${bucket} AS b, COUNT(*) AS n,
          SUM(CASE WHEN mi.first_day IS NULL THEN 0 ELSE 1 END) AS v, SUM(mi.monetary_fen) AS mon
        FROM member_insight mi
        GROUP BY mi.join_store_id, mi.lifecycle, mi.lifecycle_prev, mi.rfm_segment, mi.loyalty, mi.cluster, ${bucket}`,
    )) as Row[];
    const add = (d: SummaryData, r: Row) => {
      const n = Number(r.n);
      const mon = Number(r.mon);
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
      const rfm = d.rfm.find((y) => y.segment === r.rfm);
      if (rfm) [rfm.count, rfm.monetaryFen] = [rfm.count + n, rfm.monetaryFen + mon];
      const loyalty = d.loyalty.find((y) => y.key === r.loy);
      if (loyalty) [loyalty.count, loyalty.monetaryFen] = [loyalty.count + n, loyalty.monetaryFen + mon];
      if (r.c !== null && r.c !== undefined) {
        const c = d.clusters.find((y) => y.key === r.c);
        if (c) c.count += n;
        else d.clusters.push({ key: String(r.c), count: n });
      }
      if (r.b !== null && r.b !== undefined) d.intervals[Number(r.b)].count += n;
    };
    for (const r of rows) {
      add(of(CHAIN), r);
      if (typeof r.s === 'string') add(of(r.s), r);
    }
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
    // One pass: the top of each store (members of no store form their own partition); the chain's
    // top is the top of all of those, since it can only hold members that lead their own store.
    const ranked = (await em.query(
      `SELECT * FROM (SELECT mi.join_store_id AS s, ${cols}, ${risk} AS risk,
          ROW_NUMBER() OVER (PARTITION BY mi.join_store_id ORDER BY ${risk} DESC, mi.member_id) AS rn
        FROM member_insight mi WHERE ${riskWhere}) x WHERE x.rn <= ${AT_RISK_KEPT}`,
    )) as Row[];
    ranked.sort((a, b) => Number(b.risk) - Number(a.risk) || String(a.id).localeCompare(String(b.id)));
    for (const r of ranked.slice(0, AT_RISK_KEPT)) of(CHAIN).atRisk.push(toEntry(r));
    for (const r of ranked) if (typeof r.s === 'string') of(r.s).atRisk.push(toEntry(r));

    const now = new Date();
    await em.query('DELETE FROM insight_summary');
    for (const [storeId, data] of all) {
      data.model = model ? { r: model.r, alpha: model.alpha, a: model.a, b: model.b } : null;
      await em.insert(InsightSummary, { storeId, asOf, data: JSON.stringify(data), updatedAt: now });
    }
  }

  /**
   * The stored summary for the chain (storeId null) or one store; null before the first refresh.
   * Read from the read replica when there is one (DATABASE_REPLICA_URL).
   */
  async read(storeId: string | null): Promise<{ data: SummaryData; updatedAt: Date } | null> {
    const find = (id: string) =>
      this.reports.read((ds) => ds.getRepository(InsightSummary).findOne({ where: { storeId: id } }));
    const row = await find(storeId ?? CHAIN);
    if (row) return { data: JSON.parse(row.data) as SummaryData, updatedAt: row.updatedAt };
    // A store with no members yet, after a refresh: an empty summary of the same date.
    const chain = storeId ? await find(CHAIN) : null;
    return chain ? { data: this.empty(chain.asOf), updatedAt: chain.updatedAt } : null;
  }
}
