import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager } from 'typeorm';
import {
  expectedVisits,
  fitBgNbd,
  LIFECYCLE_LABELS,
  normalizePhone,
  pAlive,
  RFM_SEGMENT_NAMES,
  type BgNbdFit,
  type Triple,
} from '@tableside/shared';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import { InsightModel, MemberInsight } from './entities/member-insight.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

export const InsightErrors = {
  BAD_DATE: (d: string) => new AppError('INSIGHT_DATE_INVALID', 400, `日期格式应为 YYYY-MM-DD：${d}`),
  NO_VISITS: () => new AppError('INSIGHT_NO_VISITS', 409, '截至该日期还没有任何消费记录，无法计算'),
  NO_INSIGHT: () =>
    new AppError('INSIGHT_NOT_REFRESHED', 404, '该会员还没有洞察数据：请先运行 insights:refresh'),
  MEMBER_NOT_FOUND: (ref: string) => new AppError('MEMBER_NOT_FOUND', 404, `会员不存在：${ref}`),
};

/** Lifecycle boundaries (days): DESIGN.md §3. */
export const LIFECYCLE = { newDays: 30, dormantDays: 30, lostDays: 90 } as const;

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

/** SQL that means the same on MySQL/MariaDB and SQLite (day numbers, floor). */
interface Dialect {
  /** Business-day number of a UTC datetime column (whole days; differences are day counts). */
  day(col: string, offsetMinutes: number): string;
  /** Day number of a YYYY-MM-DD parameter. */
  dayOf(param: string): string;
  /** YYYY-MM-DD of a day-number expression. */
  dateOf(expr: string): string;
  floor(expr: string): string;
}

const MYSQL: Dialect = {
  day: (col, off) => `TO_DAYS(DATE_ADD(${col}, INTERVAL ${off} MINUTE))`,
  dayOf: (p) => `TO_DAYS(${p})`,
  dateOf: (e) => `DATE_FORMAT(FROM_DAYS(${e}), '%Y-%m-%d')`,
  floor: (e) => `FLOOR(${e})`,
};
const SQLITE: Dialect = {
  day: (col, off) => `CAST(julianday(date(${col}, '${off >= 0 ? '+' : ''}${off} minutes')) - 0.5 AS INTEGER)`,
  dayOf: (p) => `CAST(julianday(${p}) - 0.5 AS INTEGER)`,
  dateOf: (e) => `date((${e}) + 0.5)`,
  floor: (e) => `CAST(${e} AS INTEGER)`,
};

/**
 * Per-member insight, refreshed set-based: one INSERT … SELECT over the visits, window functions
 * for the quintile scores, CASE updates for segments and lifecycle, and the BG/NBD fitted over
 * grouped (x, t_x, T) triples — never a loop over members, never all members in the Node heap.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
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

  /** Recomputes every member's figures as of `asOf` (default today); later visits are ignored. */
  async refresh(asOfArg?: string): Promise<RefreshReport> {
    const started = Date.now();
    const w = await this.window(asOfArg);
    const s = this.sql;
    const asOfDay = s.dayOf(':asOf');
    const params = { asOf: w.asOf, until: w.until, since365: w.since365, now: new Date() };
    let model: BgNbdFit | null = null;
    await this.tx.run(async (em) => {
      await em.query('DELETE FROM member_insight');
      // 1. Raw figures for every member, one statement.
      await this.query(
        em,
        `INSERT INTO member_insight (member_id, as_of, recency_days, frequency, monetary_fen, lifecycle,
            repeat_days, first_day, last_day, avg_interval_days, updated_at)
          SELECT m.id, :asOf, ${asOfDay} - a.last_day, COALESCE(a.freq, 0), COALESCE(a.mon, 0), 'NONE',
            COALESCE(a.days - 1, 0), a.first_day, a.last_day,
            CASE WHEN a.days > 1 THEN (a.last_day - a.first_day) * 1.0 / (a.days - 1) ELSE NULL END, :now
          FROM member m LEFT JOIN (${this.visitAggregate(w.offsetMinutes)}) a ON a.member_id = m.id
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
      // 3. The 8 RFM segments, lifecycle and the expected next visit.
      const hi = (c: string) => `${c} >= 3`;
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
            lifecycle = CASE WHEN first_day IS NULL THEN 'NONE'
              WHEN recency_days >= :lostDays THEN 'LOST'
              WHEN ${asOfDay} - first_day <= :newDays THEN 'NEW'
              WHEN recency_days >= :dormantDays
                OR (avg_interval_days IS NOT NULL AND recency_days >= 14 AND recency_days > 2 * avg_interval_days)
                THEN 'DORMANT'
              ELSE 'ACTIVE' END,
            next_visit_on = CASE WHEN avg_interval_days IS NULL THEN NULL
              ELSE ${s.dateOf(`last_day + ${s.floor('avg_interval_days + 0.5')}`)} END`,
        { ...params, ...LIFECYCLE },
      );
      // 4. BG/NBD over grouped (x, t_x, T) in days; each distinct triple's answers written back.
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
      if (!triples.length) return;
      const grouped: Triple[] = triples.map((r) => ({
        x: Number(r.x),
        tx: Number(r.txd),
        T: Number(r.td),
        count: Number(r.n),
      }));
      model = fitBgNbd(grouped);
      await em.insert(InsightModel, {
        id: newId(),
        asOf: w.asOf,
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
      for (const t of grouped) {
        await this.query(
          em,
          `UPDATE member_insight SET p_alive = :pa, expected_visits30 = :e30, expected_visits90 = :e90
            WHERE first_day = ${asOfDay} - :td AND last_day = ${asOfDay} - :td + :txd AND repeat_days = :x`,
          {
            ...params,
            pa: pAlive(model, t.x, t.tx, t.T),
            e30: expectedVisits(model, 30, t.x, t.tx, t.T),
            e90: expectedVisits(model, 90, t.x, t.tx, t.T),
            td: t.T,
            txd: t.tx,
            x: t.x,
          },
        );
      }
    });
    const counts = await this.query<{ n: number | string; v: number | string }>(
      this.ds.manager,
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
