import { Injectable, Logger } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager } from 'typeorm';
import {
  expectedVisitsIfAlive,
  fitBgNbd,
  LIFECYCLE_LABELS,
  LOYALTY_LABELS,
  normalizePhone,
  pAlive,
  RFM_SEGMENT_NAMES,
  type BgNbdFit,
} from '@tableside/shared';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { Store } from '../stores/entities/store.entity';
import { SettingsService } from '../settings/settings.service';
import { InsightModel, InsightXt, MemberInsight } from './entities/member-insight.entity';
import { InsightClustersService } from './insight-clusters.service';
import { Dialect, literal, MYSQL, SQLITE } from './insight-dialect';
import { InsightSummaryService } from './insight-summary.service';

dayjs.extend(utc);
dayjs.extend(timezone);

export const InsightErrors = {
  BAD_DATE: (d: string) => new AppError('INSIGHT_DATE_INVALID', 400, `日期格式应为 YYYY-MM-DD：${d}`),
  NO_VISITS: () => new AppError('INSIGHT_NO_VISITS', 409, '截至该日期还没有任何消费记录，无法计算'),
  NO_INSIGHT: () =>
    new AppError('INSIGHT_NOT_REFRESHED', 404, '该会员还没有洞察数据：请先运行 insights:refresh'),
  MEMBER_NOT_FOUND: (ref: string) => new AppError('MEMBER_NOT_FOUND', 404, `会员不存在：${ref}`),
  BUSY: () => new AppError('INSIGHT_REFRESH_RUNNING', 409, '会员洞察正在刷新，请稍后再试'),
};

export interface RefreshReport {
  asOf: string;
  members: number;
  withVisits: number;
  model: BgNbdFit | null;
  ms: number;
}

export interface MemberInsightJson {
  ref: string;
  recencyDays: number | null;
  frequency: number;
  monetaryFen: number;
  r: number | null;
  f: number | null;
  m: number | null;
  rfmSegment: string | null;
  lifecycle: string;
  pAlive: number | null;
  expectedVisits30: number | null;
  expectedVisits90: number | null;
  avgIntervalDays: number | null;
  nextVisitOn: string | null;
  cluster: string | null;
}

/**
 * Per-member insight, refreshed set-based: one INSERT … SELECT over the visits, window functions
 * for the quintile scores, CASE updates for segments and lifecycle, and the BG/NBD fitted over
 * grouped (x, t_x, T) triples — never a loop over members, never all members in the Node heap.
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger(InsightsService.name);
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
    private readonly clusters: InsightClustersService,
    private readonly summary: InsightSummaryService,
  ) {}

  private get sql(): Dialect {
    return this.tx.isMysql ? MYSQL : SQLITE;
  }

  /** `asOf` (default: today in the business zone) → its day window and the zone offset. */
  private async window(asOf?: string) {
    const { timeZone } = await this.settings.get();
    const day = asOf ?? dayjs().tz(timeZone).format('YYYY-MM-DD');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || dayjs(day).format('YYYY-MM-DD') !== day)
      throw InsightErrors.BAD_DATE(day);
    const start = dayjs.tz(`${day} 00:00:00`, timeZone);
    return {
      asOf: day,
      until: start.add(1, 'day').toDate(),
      since365: start.subtract(364, 'day').toDate(),
      until30: start.subtract(29, 'day').toDate(),
      since365prev: start.subtract(364 + 30, 'day').toDate(),
      offsetMinutes: start.utcOffset(),
    };
  }

  private async query<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [q, p] = this.ds.driver.escapeQueryWithParameters(sql, params);
    return (await em.query(q, p)) as T[];
  }

  /** Per member with a valid visit up to `until`: first/last business day, distinct days, 365-day F and M. */
  private visitAggregate(offsetMinutes: number): string {
    const d = this.sql.day('v.occurred_at', offsetMinutes);
    return `SELECT v.member_id AS member_id, MIN(${d}) AS first_day, MAX(${d}) AS last_day,
        COUNT(DISTINCT ${d}) AS days,
        SUM(CASE WHEN v.occurred_at >= :since365 THEN 1 ELSE 0 END) AS freq,
        SUM(CASE WHEN v.occurred_at >= :since365 THEN v.paid_fen ELSE 0 END) AS mon
      FROM visit v
      WHERE v.status = 'OK' AND v.member_id IS NOT NULL AND v.occurred_at < :until
      GROUP BY v.member_id`;
  }

  /**
   * BG/NBD on the visits up to `asOf` (DESIGN.md §6 `insights:fit`): repeat visits are distinct
   * visit days after the first; `unit` 'day' or 'week'.
   */
  async fit(asOfArg: string, unit: 'day' | 'week'): Promise<BgNbdFit> {
    const w = await this.window(asOfArg);
    const rows = await this.query<{
      x: number | string;
      txd: number | string;
      td: number | string;
      n: number | string;
    }>(
      this.ds.manager,
      `SELECT a.days - 1 AS x, a.last_day - a.first_day AS txd, ${this.sql.dayOf(':asOf')} - a.first_day AS td,
          COUNT(*) AS n
        FROM (${this.visitAggregate(w.offsetMinutes)}) a
        GROUP BY a.days - 1, a.last_day - a.first_day, ${this.sql.dayOf(':asOf')} - a.first_day`,
      { asOf: w.asOf, until: w.until, since365: w.since365 },
    );
    if (!rows.length) throw InsightErrors.NO_VISITS();
    const per = unit === 'week' ? 7 : 1;
    return fitBgNbd(
      rows.map((r) => ({
        x: Number(r.x),
        tx: Number(r.txd) / per,
        T: Number(r.td) / per,
        count: Number(r.n),
      })),
    );
  }

  /**
   * Recomputes every member's figures as of `asOf` (default today); later visits are ignored.
   * One refresh at a time (a second one is refused while the first runs). Statements are set-based
   * and commit one by one; the dashboard reads the summary written at the end, so it shows the last
   * complete refresh throughout.
   */
  async refresh(asOfArg?: string): Promise<RefreshReport> {
    const started = Date.now();
    const w = await this.window(asOfArg);
    const release = await this.lock();
    try {
      const s = this.sql;
      const settings = await this.settings.get();
      const em = this.ds.manager;
      const asOfDay = s.dayOf(':asOf');
      const prevDay = `(${asOfDay} - 30)`;
      const params = {
        asOf: w.asOf,
        until: w.until,
        since365: w.since365,
        until30: w.until30,
        since365prev: w.since365prev,
        now: new Date(),
      };
      if (this.tx.isMysql) {
        // The per-member GROUP BY over the visits is one big temporary table: keep it in memory.
        await em.query('SET SESSION tmp_table_size = 1073741824, max_heap_table_size = 1073741824');
        await em.query('TRUNCATE TABLE member_insight');
      } else await em.query('DELETE FROM member_insight');

      // 1. Raw figures for every member, one statement over the visits.
      const d = s.day('v.occurred_at', w.offsetMinutes);
      const h = s.hour('v.occurred_at', w.offsetMinutes);
      const in365 = 'v.occurred_at >= :since365';
      const count365 = (cond: string) => `SUM(CASE WHEN ${in365} AND (${cond}) THEN 1 ELSE 0 END)`;
      const share = (col: string) => `CASE WHEN a.freq > 0 THEN a.${col} * 1.0 / a.freq ELSE NULL END`;
      await this.query(
        em,
        `INSERT INTO member_insight (member_id, as_of, recency_days, frequency, monetary_fen, lifecycle,
            lifecycle_prev, repeat_days, first_day, last_day, prev_repeat_days, prev_last_day, prev_frequency,
            prev_monetary_fen, avg_interval_days, lunch_share, dinner_share, late_share, weekend_share,
            coupon_share, avg_party_size, updated_at)
          SELECT m.id, :asOf, ${asOfDay} - a.last_day, COALESCE(a.freq, 0), COALESCE(a.mon, 0), 'NONE', 'NONE',
            COALESCE(a.days - 1, 0), a.first_day, a.last_day,
            CASE WHEN a.days_prev > 0 THEN a.days_prev - 1 ELSE NULL END, a.last_prev,
            COALESCE(a.freq_prev, 0), COALESCE(a.mon_prev, 0),
            CASE WHEN a.days > 1 THEN (a.last_day - a.first_day) * 1.0 / (a.days - 1) ELSE NULL END,
            ${share('lunch')}, ${share('dinner')}, ${share('late')}, ${share('weekend')}, ${share('coupon')},
            CASE WHEN a.party_n > 0 THEN a.party_sum * 1.0 / a.party_n ELSE NULL END, :now
          FROM member m LEFT JOIN (
            SELECT v.member_id AS member_id, MIN(${d}) AS first_day, MAX(${d}) AS last_day,
              COUNT(DISTINCT ${d}) AS days,
              COUNT(DISTINCT CASE WHEN v.occurred_at < :until30 THEN ${d} END) AS days_prev,
              MAX(CASE WHEN v.occurred_at < :until30 THEN ${d} END) AS last_prev,
              SUM(CASE WHEN ${in365} THEN 1 ELSE 0 END) AS freq,
              SUM(CASE WHEN ${in365} THEN v.paid_fen ELSE 0 END) AS mon,
              SUM(CASE WHEN v.occurred_at >= :since365prev AND v.occurred_at < :until30 THEN 1 ELSE 0 END) AS freq_prev,
              SUM(CASE WHEN v.occurred_at >= :since365prev AND v.occurred_at < :until30 THEN v.paid_fen ELSE 0 END)
                AS mon_prev,
              ${count365(`${h} BETWEEN 10 AND 14`)} AS lunch,
              ${count365(`${h} BETWEEN 16 AND 21`)} AS dinner,
              ${count365(`${h} >= 22 OR ${h} < 4`)} AS late,
              ${count365(s.weekend('v.occurred_at', w.offsetMinutes))} AS weekend,
              ${count365("v.coupon_codes <> '[]'")} AS coupon,
              SUM(CASE WHEN ${in365} AND v.party_size > 0 THEN v.party_size ELSE 0 END) AS party_sum,
              ${count365('v.party_size > 0')} AS party_n
            FROM visit v
            WHERE v.status = 'OK' AND v.member_id IS NOT NULL AND v.occurred_at < :until
            GROUP BY v.member_id
          ) a ON a.member_id = m.id
          WHERE m.deleted_at IS NULL`,
        params,
      );
      // 2. R, F, M scored 1–5 by quintile among members who came (ties share a score: CUME_DIST).
      const ranked = `SELECT member_id,
          ${s.floor('CUME_DIST() OVER (ORDER BY recency_days DESC) * 5 + 0.999999')} AS rs,
          ${s.floor('CUME_DIST() OVER (ORDER BY frequency) * 5 + 0.999999')} AS fs,
          ${s.floor('CUME_DIST() OVER (ORDER BY monetary_fen) * 5 + 0.999999')} AS ms
        FROM member_insight WHERE first_day IS NOT NULL`;
      await em.query(
        this.tx.isMysql
          ? `UPDATE member_insight mi JOIN (${ranked}) q ON q.member_id = mi.member_id
               SET mi.r_score = LEAST(q.rs, 5), mi.f_score = LEAST(q.fs, 5), mi.m_score = LEAST(q.ms, 5)`
          : `UPDATE member_insight SET r_score = MIN(q.rs, 5), f_score = MIN(q.fs, 5), m_score = MIN(q.ms, 5)
               FROM (${ranked}) AS q WHERE q.member_id = member_insight.member_id`,
      );
      // 3. The 8 RFM segments, the loyalty matrix, the five layers now and 30 days ago, the next visit.
      const hi = (c: string) => `${c} >= 3`;
      const layer = (o: {
        first: string;
        recency: string;
        age: string;
        interval: string;
        freq: string;
        mon: string;
      }) => `CASE WHEN ${o.first} IS NULL THEN 'NONE'
          WHEN ${o.recency} >= :lostDays THEN 'LOST'
          WHEN ${o.age} <= :newDays THEN 'NEW'
          WHEN ${o.recency} >= :dormantDays
            OR (${o.interval} IS NOT NULL AND ${o.recency} >= 14 AND ${o.recency} > 2 * ${o.interval}) THEN 'DORMANT'
          WHEN ${o.freq} >= :coreMinVisits AND ${o.mon} >= :coreMinSpendFen THEN 'CORE'
          ELSE 'POTENTIAL' END`;
      await this.query(
        em,
        `UPDATE member_insight SET
            rfm_segment = CASE WHEN first_day IS NULL THEN NULL
              WHEN ${hi('m_score')} THEN CASE WHEN ${hi('r_score')}
                THEN CASE WHEN ${hi('f_score')} THEN '${RFM_SEGMENT_NAMES[0]}' ELSE '${RFM_SEGMENT_NAMES[1]}' END
                ELSE CASE WHEN ${hi('f_score')} THEN '${RFM_SEGMENT_NAMES[2]}' ELSE '${RFM_SEGMENT_NAMES[3]}' END END
              ELSE CASE WHEN ${hi('r_score')}
                THEN CASE WHEN ${hi('f_score')} THEN '${RFM_SEGMENT_NAMES[4]}' ELSE '${RFM_SEGMENT_NAMES[5]}' END
                ELSE CASE WHEN ${hi('f_score')} THEN '${RFM_SEGMENT_NAMES[6]}' ELSE '${RFM_SEGMENT_NAMES[7]}' END END END,
            loyalty = CASE WHEN first_day IS NULL THEN NULL
              WHEN ${hi('m_score')} THEN CASE WHEN ${hi('f_score')} THEN 'HEAVY_LOYAL' ELSE 'HEAVY_FICKLE' END
              ELSE CASE WHEN ${hi('f_score')} THEN 'LIGHT_LOYAL' ELSE 'LIGHT_FICKLE' END END,
            lifecycle = ${layer({
              first: 'first_day',
              recency: 'recency_days',
              age: `${asOfDay} - first_day`,
              interval: 'avg_interval_days',
              freq: 'frequency',
              mon: 'monetary_fen',
            })},
            lifecycle_prev = ${layer({
              first: 'prev_last_day',
              recency: `${prevDay} - prev_last_day`,
              age: `${prevDay} - first_day`,
              interval: `CASE WHEN prev_repeat_days > 0 THEN (prev_last_day - first_day) * 1.0 / prev_repeat_days END`,
              freq: 'prev_frequency',
              mon: 'prev_monetary_fen',
            })},
            next_visit_on = CASE WHEN avg_interval_days IS NULL THEN NULL
              ELSE ${s.dateOf(`last_day + ${s.floor('avg_interval_days + 0.5')}`)} END`,
        {
          ...params,
          newDays: settings.lifecycleNewDays,
          dormantDays: settings.lifecycleDormantDays,
          lostDays: settings.lifecycleLostDays,
          coreMinVisits: settings.coreMinVisits,
          coreMinSpendFen: settings.coreMinSpendFen,
        },
      );
      // 4. Habits: the store visited most over the 365 days (ties: the latest visit).
      await this.favouriteStores(em, params);
      // 5. BG/NBD over grouped (x, t_x, T) in days, then P(alive) and expected visits set-based.
      const model = await this.fitAndScore(em, params);
      // 6. Clusters and the dashboard's summary.
      await this.clusters.refresh(em);
      await this.summary.build(em, w.asOf);
      const counts = await this.query<{ n: number | string; v: number | string }>(
        em,
        'SELECT COUNT(*) AS n, SUM(CASE WHEN first_day IS NULL THEN 0 ELSE 1 END) AS v FROM member_insight',
        {},
      );
      return {
        asOf: w.asOf,
        members: Number(counts[0]?.n ?? 0),
        withVisits: Number(counts[0]?.v ?? 0),
        model,
        ms: Date.now() - started,
      };
    } finally {
      await release();
    }
  }

  /**
   * The refresh that follows an import: as of today; when another refresh is running it already
   * covers (or will be followed by) the new rows, so this one steps aside instead of failing the import.
   */
  async refreshAfterImport(): Promise<void> {
    try {
      await this.refresh();
    } catch (e) {
      // The rows are in; figures catch up at the next refresh. Never fail the import for it.
      if (!(e instanceof AppError && e.code === 'INSIGHT_REFRESH_RUNNING'))
        this.logger.warn(`导入后的会员洞察刷新失败：${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** One refresh at a time, across processes (MySQL named lock) or within this process (SQLite). */
  private async lock(): Promise<() => Promise<void>> {
    if (this.tx.isMysql) {
      const runner = this.ds.createQueryRunner();
      await runner.connect();
      const [row] = (await runner.query("SELECT GET_LOCK('tableside_insight_refresh', 0) AS got")) as {
        got: number | string;
      }[];
      if (Number(row?.got) !== 1) {
        await runner.release();
        throw InsightErrors.BUSY();
      }
      return async () => {
        await runner.query("SELECT RELEASE_LOCK('tableside_insight_refresh')").catch(() => undefined);
        await runner.release();
      };
    }
    if (InsightsService.running) throw InsightErrors.BUSY();
    InsightsService.running = true;
    return async () => {
      InsightsService.running = false;
    };
  }
  private static running = false;

  private async favouriteStores(em: EntityManager, params: Record<string, unknown>): Promise<void> {
    const ranked = `SELECT member_id, store_id FROM (
        SELECT v.member_id AS member_id, v.store_id AS store_id,
          ROW_NUMBER() OVER (PARTITION BY v.member_id ORDER BY COUNT(*) DESC, MAX(v.occurred_at) DESC) AS rn
        FROM visit v
        WHERE v.status = 'OK' AND v.member_id IS NOT NULL AND v.occurred_at >= :since365 AND v.occurred_at < :until
        GROUP BY v.member_id, v.store_id) x WHERE x.rn = 1`;
    await this.query(
      em,
      this.tx.isMysql
        ? `UPDATE member_insight mi JOIN (${ranked}) q ON q.member_id = mi.member_id SET mi.favourite_store_id = q.store_id`
        : `UPDATE member_insight SET favourite_store_id = q.store_id FROM (${ranked}) AS q
             WHERE q.member_id = member_insight.member_id`,
      params,
    );
  }

  /**
   * Fits BG/NBD (days) over the grouped triples, stores the model, then writes P(alive) now and 30
   * days ago with the closed form in SQL, and expected visits = P(alive) × the eq. 10 numerator,
   * computed in Node once per distinct (x, T) — where the hypergeometric term lives — and joined.
   */
  private async fitAndScore(em: EntityManager, params: Record<string, unknown>): Promise<BgNbdFit | null> {
    const s = this.sql;
    const asOfDay = s.dayOf(':asOf');
    const triples = await this.query<{
      x: number | string;
      txd: number | string;
      td: number | string;
      n: number | string;
    }>(
      em,
      `SELECT repeat_days AS x, last_day - first_day AS txd, ${asOfDay} - first_day AS td, COUNT(*) AS n
        FROM member_insight WHERE first_day IS NOT NULL
        GROUP BY repeat_days, last_day - first_day, ${asOfDay} - first_day`,
      params,
    );
    if (!triples.length) return null;
    const model = fitBgNbd(
      triples.map((r) => ({ x: Number(r.x), tx: Number(r.txd), T: Number(r.td), count: Number(r.n) })),
    );
    await em.insert(InsightModel, {
      id: newId(),
      asOf: params.asOf as string,
      unit: 'day',
      r: model.r,
      alpha: model.alpha,
      a: model.a,
      b: model.b,
      logLikelihood: model.logLikelihood,
      members: model.members,
      repeatVisits: model.repeatVisits,
      createdAt: new Date(),
    });
    const [r, alpha, a, b] = [model.r, model.alpha, model.a, model.b].map(literal);
    const alive = (x: string, tx: string, T: string) =>
      `CASE WHEN ${x} = 0 THEN 1.0 ELSE 1.0 / (1.0 + EXP(${s.least(
        '700',
        `LN(${a}) - LN(${b} + ${x} - 1) + (${r} + ${x}) * (LN(${alpha} + ${T}) - LN(${alpha} + ${tx}))`,
      )})) END`;
    const prevDay = `(${asOfDay} - 30)`;
    await this.query(
      em,
      `UPDATE member_insight SET
          p_alive = ${alive('repeat_days', 'last_day - first_day', `${asOfDay} - first_day`)},
          p_alive_prev = CASE WHEN prev_last_day IS NULL THEN NULL
            ELSE ${alive('prev_repeat_days', 'prev_last_day - first_day', `${prevDay} - first_day`)} END
        WHERE first_day IS NOT NULL`,
      params,
    );
    // Expected visits: the numerator per distinct (x, T), then one joined UPDATE.
    await em.query('DELETE FROM insight_xt');
    const pairs = await this.query<{ x: number | string; t: number | string }>(
      em,
      `SELECT DISTINCT repeat_days AS x, ${asOfDay} - first_day AS t FROM member_insight WHERE first_day IS NOT NULL`,
      params,
    );
    for (let i = 0; i < pairs.length; i += 500) {
      await em.insert(
        InsightXt,
        pairs.slice(i, i + 500).map((p) => {
          const [x, t] = [Number(p.x), Number(p.t)];
          return {
            x,
            t,
            n30: expectedVisitsIfAlive(model, 30, x, t),
            n90: expectedVisitsIfAlive(model, 90, x, t),
          };
        }),
      );
    }
    await this.query(
      em,
      this.tx.isMysql
        ? `UPDATE member_insight mi JOIN insight_xt q ON q.x = mi.repeat_days AND q.t = ${asOfDay} - mi.first_day
             SET mi.expected_visits30 = q.n30 * mi.p_alive, mi.expected_visits90 = q.n90 * mi.p_alive`
        : `UPDATE member_insight SET expected_visits30 = q.n30 * member_insight.p_alive,
             expected_visits90 = q.n90 * member_insight.p_alive
           FROM insight_xt q WHERE q.x = member_insight.repeat_days AND q.t = ${asOfDay} - member_insight.first_day`,
      params,
    );
    return model;
  }

  /**
   * A member's stored figures for the admin panel, with the P(alive) curve: how the probability
   * falls if they stay away 0…180 more days (BG/NBD of the last refresh, in days).
   */
  async panel(memberId: string) {
    const i = await this.ds.getRepository(MemberInsight).findOne({ where: { memberId } });
    if (!i) return null;
    const model = await this.ds
      .getRepository(InsightModel)
      .findOne({ where: { asOf: i.asOf }, order: { createdAt: 'DESC' } });
    const curve =
      model && i.firstDay !== null && i.lastDay !== null && i.recencyDays !== null
        ? [0, 15, 30, 45, 60, 90, 120, 150, 180].map((d) => {
            const T = i.lastDay! - i.firstDay! + i.recencyDays! + d;
            return {
              days: d,
              pAlive: Math.round(pAlive(model, i.repeatDays, i.lastDay! - i.firstDay!, T) * 1000) / 1000,
            };
          })
        : [];
    return {
      asOf: i.asOf,
      recencyDays: i.recencyDays,
      frequency: i.frequency,
      monetaryFen: i.monetaryFen,
      rScore: i.rScore,
      fScore: i.fScore,
      mScore: i.mScore,
      rfmSegment: i.rfmSegment,
      lifecycle: i.lifecycle,
      lifecycleLabel: LIFECYCLE_LABELS[i.lifecycle] ?? i.lifecycle,
      pAlive: i.pAlive,
      expectedVisits30: i.expectedVisits30,
      expectedVisits90: i.expectedVisits90,
      avgIntervalDays: i.avgIntervalDays,
      nextVisitOn: i.nextVisitOn,
      pAliveCurve: curve,
      loyaltyLabel: i.loyalty ? (LOYALTY_LABELS[i.loyalty] ?? i.loyalty) : null,
      clusterName: i.cluster ? ((await this.clusters.names())[i.cluster] ?? i.cluster) : null,
      favouriteStoreName: i.favouriteStoreId
        ? ((await this.ds.getRepository(Store).findOne({ where: { id: i.favouriteStoreId } }))?.name ?? null)
        : null,
      lunchShare: i.lunchShare,
      dinnerShare: i.dinnerShare,
      lateShare: i.lateShare,
      weekendShare: i.weekendShare,
      couponShare: i.couponShare,
      avgPartySize: i.avgPartySize,
    };
  }

  /** The stored figures of one member, by phone or external_id (DESIGN.md §6 `insights:member`). */
  async member(ref: string): Promise<MemberInsightJson> {
    const phone = normalizePhone(ref);
    const m = await this.ds.getRepository(Member).findOne({ where: phone ? { phone } : { externalId: ref } });
    if (!m) throw InsightErrors.MEMBER_NOT_FOUND(ref);
    const i = await this.ds.getRepository(MemberInsight).findOne({ where: { memberId: m.id } });
    if (!i) throw InsightErrors.NO_INSIGHT();
    const round = (v: number | null, d: number) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);
    return {
      ref,
      recencyDays: i.recencyDays,
      frequency: i.frequency,
      monetaryFen: i.monetaryFen,
      r: i.rScore,
      f: i.fScore,
      m: i.mScore,
      rfmSegment: i.rfmSegment,
      lifecycle: i.lifecycle,
      pAlive: round(i.pAlive, 4),
      expectedVisits30: round(i.expectedVisits30, 3),
      expectedVisits90: round(i.expectedVisits90, 3),
      avgIntervalDays: round(i.avgIntervalDays, 1),
      nextVisitOn: i.nextVisitOn,
      cluster: i.cluster,
    };
  }
}
