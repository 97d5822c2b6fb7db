import { Injectable, Logger } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
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
/** The refresh's MySQL named lock, one per database (see `session`). */
export const REFRESH_LOCK = "CONCAT('tableside_refresh:', SHA1(DATABASE()))";

export interface RefreshReport {
  asOf: string;
  members: number;
  withVisits: number;
  model: BgNbdFit | null;
  ms: number;
  /** Wall time of each step, for the benchmark and the logs. */
  phasesMs: Record<string, number>;
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
      FROM visit v${this.tx.isMysql ? ' FORCE INDEX (ix_visit_member_habits)' : ''}
      WHERE v.member_id IS NOT NULL AND v.status = 'OK' AND v.occurred_at < :until
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
   * Seven set-based statements over the tables, nothing per member in Node:
   *  1. one INSERT … SELECT grouping the visits by member (streamed over a covering index on MySQL);
   *  2. the R/F/M quintile boundaries (4 + 4 + 4 single-row index lookups);
   *  3. BG/NBD fitted over the grouped (x, t_x, T), and the eq. 10 numerator per distinct (x, T);
   *  4. k-means on a sample, giving a nearest-centroid SQL expression;
   *  5. one UPDATE … JOIN that writes the scores, segments, loyalty, layers (now and 30 days ago),
   *     next visit, P(alive) (now and 30 days ago), expected visits and the cluster;
   *  6. the favourite store; 7. the dashboard summary.
   * One refresh at a time (a second one is refused while the first runs). Statements commit one by
   * one; the dashboard reads the summary written at the end, so it shows the last complete refresh.
   */
  async refresh(asOfArg?: string): Promise<RefreshReport> {
    const started = Date.now();
    const phasesMs: Record<string, number> = {};
    let mark = started;
    const phase = (name: string) => {
      phasesMs[name] = Date.now() - mark;
      mark = Date.now();
    };
    const w = await this.window(asOfArg);
    const session = await this.session();
    let second: QueryRunner | null = null;
    try {
      const em = session.em;
      const s = this.sql;
      const settings = await this.settings.get(em);
      const asOfDay = s.dayOf(':asOf');
      const params = {
        asOf: w.asOf,
        until: w.until,
        since365: w.since365,
        until30: w.until30,
        since365prev: w.since365prev,
        now: new Date(),
      };
      const mysql = this.tx.isMysql;
      // MySQL: the two heavy statements run as two halves of the members (by id) on two
      // connections at once — one core each; SQLite: one connection, one part.
      second = mysql ? this.ds.createQueryRunner() : null;
      if (second) await second.connect();
      const ems = second ? [em, second.manager] : [em];
      for (const e of ems)
        if (mysql) await e.query('SET SESSION tmp_table_size = 1073741824, max_heap_table_size = 1073741824');
      const split = mysql ? await this.midpoint(em) : null;
      const parts = split === null ? [''] : [' < :split', ' >= :split'];
      const inParts = (run: (e: EntityManager, range: string) => Promise<unknown>) =>
        Promise.all(parts.map((range, i) => run(ems[i], range)));
      const partParams = { ...params, split };
      for (const t of ['insight_stage', 'insight_favourite']) await em.query(`DROP TABLE IF EXISTS ${t}`);

      // 1. The raw figures of every member who came into a stage table: one GROUP BY over the
      //    visits, streamed off the covering index on MySQL (no join, no sort); and each member's
      //    favourite store over the 365 days.
      const d = s.day('v.occurred_at', w.offsetMinutes);
      const h = s.hour('v.occurred_at', w.offsetMinutes);
      const in365 = 'v.occurred_at >= :since365';
      const count365 = (cond: string) => `SUM(CASE WHEN ${in365} AND (${cond}) THEN 1 ELSE 0 END)`;
      const share = (col: string) => `CASE WHEN a.freq > 0 THEN a.${col} * 1.0 / a.freq ELSE NULL END`;
      const force = mysql ? ' FORCE INDEX (ix_visit_member_habits)' : '';
      const aggregate = (range: string) => `
          SELECT a.member_id AS member_id, ${asOfDay} - a.last_day AS recency_days,
            a.freq AS frequency, a.mon AS monetary_fen, a.days - 1 AS repeat_days,
            a.first_day AS first_day, a.last_day AS last_day,
            CASE WHEN a.days_prev > 0 THEN a.days_prev - 1 ELSE NULL END AS prev_repeat_days,
            a.last_prev AS prev_last_day, a.freq_prev AS prev_frequency, a.mon_prev AS prev_monetary_fen,
            CASE WHEN a.days > 1 THEN (a.last_day - a.first_day) * 1.0 / (a.days - 1) ELSE NULL END AS avg_interval_days,
            ${share('lunch')} AS lunch_share, ${share('dinner')} AS dinner_share, ${share('late')} AS late_share,
            ${share('weekend')} AS weekend_share, ${share('coupon')} AS coupon_share,
            CASE WHEN a.party_n > 0 THEN a.party_sum * 1.0 / a.party_n ELSE NULL END AS avg_party_size
          FROM (
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
              ${count365('v.coupon_count > 0')} AS coupon,
              SUM(CASE WHEN ${in365} AND v.party_size > 0 THEN v.party_size ELSE 0 END) AS party_sum,
              ${count365('v.party_size > 0')} AS party_n
            FROM visit v${force}
            WHERE v.member_id IS NOT NULL AND v.status = 'OK' AND v.occurred_at < :until
              AND v.member_id NOT IN (SELECT dm.id FROM member dm WHERE dm.deleted_at IS NOT NULL)
              ${range ? `AND v.member_id${range}` : ''}
            GROUP BY v.member_id
          ) a`;
      // Empty tables of the right shape first, then the parts fill them side by side.
      await this.query(
        em,
        `CREATE TABLE insight_stage ${mysql ? '(PRIMARY KEY (member_id)) ' : ''}AS ${aggregate('')} LIMIT 0`,
        partParams,
      );
      await this.query(
        em,
        `CREATE TABLE insight_favourite ${mysql ? '(PRIMARY KEY (member_id)) ' : ''}AS ${this.favouriteStores('')} LIMIT 0`,
        partParams,
      );
      if (!mysql) {
        await em.query('CREATE UNIQUE INDEX ix_insight_stage ON insight_stage (member_id)');
        await em.query('CREATE UNIQUE INDEX ix_insight_favourite ON insight_favourite (member_id)');
      }
      await inParts(async (e, range) => {
        await this.query(e, `INSERT INTO insight_stage ${aggregate(range)}`, partParams);
        await this.query(e, `INSERT INTO insight_favourite ${this.favouriteStores(range)}`, partParams);
      });
      phase('aggregate');

      // 2. R, F, M scored 1–5 by quintile among members who came (ties share a score).
      const scores = await this.quintiles(em);
      phase('quintiles');

      // 3. BG/NBD (days) over the grouped triples; the eq. 10 numerator per distinct (x, T).
      const model = await this.fitModel(em, params);
      phase('bgnbd');

      // 4. Clusters: fitted on a sample, assigned in the INSERT below.
      const clusters = await this.clusters.prepare(em, scores);
      phase('clusters');

      // 5. Every figure per member, computed once from the stage row, the (x, T) table and the
      //    favourite store, written in one INSERT … SELECT.
      const hi = (c: string) => `(${c}) >= 3`;
      const [R, F, M] = [scores.r, scores.f, scores.m];
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
      const prevDay = `(${asOfDay} - 30)`;
      const alive = (x: string, tx: string, T: string) => {
        if (!model) return 'NULL';
        const [r, alpha, a, b] = [model.r, model.alpha, model.a, model.b].map(literal);
        return `(CASE WHEN ${x} = 0 THEN 1.0 ELSE 1.0 / (1.0 + EXP(${s.least(
          '700',
          `LN(${a}) - LN(${b} + ${x} - 1) + (${r} + ${x}) * (LN(${alpha} + ${T}) - LN(${alpha} + ${tx}))`,
        )})) END)`;
      };
      const came = (expr: string) => `CASE WHEN first_day IS NULL THEN NULL ELSE ${expr} END`;
      const pNow = alive('repeat_days', 'last_day - first_day', `${asOfDay} - first_day`);
      const columns: Record<string, string> = {
        member_id: 'm.id',
        join_store_id: 'm.join_store_id',
        as_of: ':asOf',
        recency_days: 'recency_days',
        frequency: 'COALESCE(frequency, 0)',
        monetary_fen: 'COALESCE(monetary_fen, 0)',
        r_score: R,
        f_score: F,
        m_score: M,
        rfm_segment: came(`CASE WHEN ${hi(M)} THEN CASE WHEN ${hi(R)}
            THEN CASE WHEN ${hi(F)} THEN '${RFM_SEGMENT_NAMES[0]}' ELSE '${RFM_SEGMENT_NAMES[1]}' END
            ELSE CASE WHEN ${hi(F)} THEN '${RFM_SEGMENT_NAMES[2]}' ELSE '${RFM_SEGMENT_NAMES[3]}' END END
          ELSE CASE WHEN ${hi(R)}
            THEN CASE WHEN ${hi(F)} THEN '${RFM_SEGMENT_NAMES[4]}' ELSE '${RFM_SEGMENT_NAMES[5]}' END
            ELSE CASE WHEN ${hi(F)} THEN '${RFM_SEGMENT_NAMES[6]}' ELSE '${RFM_SEGMENT_NAMES[7]}' END END END`),
        loyalty: came(`CASE WHEN ${hi(M)} THEN CASE WHEN ${hi(F)} THEN 'HEAVY_LOYAL' ELSE 'HEAVY_FICKLE' END
          ELSE CASE WHEN ${hi(F)} THEN 'LIGHT_LOYAL' ELSE 'LIGHT_FICKLE' END END`),
        lifecycle: layer({
          first: 'first_day',
          recency: 'recency_days',
          age: `${asOfDay} - first_day`,
          interval: 'avg_interval_days',
          freq: 'frequency',
          mon: 'monetary_fen',
        }),
        lifecycle_prev: layer({
          first: 'prev_last_day',
          recency: `${prevDay} - prev_last_day`,
          age: `${prevDay} - first_day`,
          interval: `CASE WHEN prev_repeat_days > 0 THEN (prev_last_day - first_day) * 1.0 / prev_repeat_days END`,
          freq: 'prev_frequency',
          mon: 'prev_monetary_fen',
        }),
        repeat_days: 'COALESCE(repeat_days, 0)',
        first_day: 'first_day',
        last_day: 'last_day',
        prev_repeat_days: 'prev_repeat_days',
        prev_last_day: 'prev_last_day',
        prev_frequency: 'COALESCE(prev_frequency, 0)',
        prev_monetary_fen: 'COALESCE(prev_monetary_fen, 0)',
        avg_interval_days: 'avg_interval_days',
        next_visit_on: `CASE WHEN avg_interval_days IS NULL THEN NULL
          ELSE ${s.dateOf(`last_day + ${s.floor('avg_interval_days + 0.5')}`)} END`,
        p_alive: came(pNow),
        p_alive_prev: `CASE WHEN prev_last_day IS NULL THEN NULL
          ELSE ${alive('prev_repeat_days', 'prev_last_day - first_day', `${prevDay} - first_day`)} END`,
        expected_visits30: came(`q.n30 * ${pNow}`),
        expected_visits90: came(`q.n90 * ${pNow}`),
        favourite_store_id: 'f.store_id',
        lunch_share: 'lunch_share',
        dinner_share: 'dinner_share',
        late_share: 'late_share',
        weekend_share: 'weekend_share',
        coupon_share: 'coupon_share',
        avg_party_size: 'avg_party_size',
        cluster: clusters ? `CASE WHEN frequency > 0 THEN ${clusters.sql} END` : 'NULL',
        updated_at: ':now',
      };
      const target = mysql ? 'member_insight_next' : 'member_insight';
      const insert = (range: string) =>
        `INSERT INTO ${target} (${Object.keys(columns).join(', ')})
          SELECT ${Object.values(columns).join(',\n')}
          FROM member m
          LEFT JOIN insight_stage st ON st.member_id = m.id
          LEFT JOIN insight_xt q ON q.x = st.repeat_days AND q.t = ${asOfDay} - st.first_day
          LEFT JOIN insight_favourite f ON f.member_id = m.id
          WHERE m.deleted_at IS NULL${range ? ` AND m.id${range}` : ''}`;
      const insertParams = {
        ...partParams,
        ...(clusters?.params ?? {}),
        newDays: settings.lifecycleNewDays,
        dormantDays: settings.lifecycleDormantDays,
        lostDays: settings.lifecycleLostDays,
        coreMinVisits: settings.coreMinVisits,
        coreMinSpendFen: settings.coreMinSpendFen,
      };
      if (mysql) {
        await this.shadowTable(em);
        await inParts((e, range) => this.query(e, insert(range), insertParams));
      } else {
        // SQLite: replace the rows in one transaction — readers see the old figures until COMMIT.
        await em.query('BEGIN');
        try {
          await em.query('DELETE FROM member_insight');
          await this.query(em, insert(''), insertParams);
          await em.query('COMMIT');
        } catch (e) {
          await em.query('ROLLBACK');
          throw e;
        }
      }
      phase('score');
      // MySQL: the new rows get their indexes (one sorted build each) and replace the old table in
      // one atomic RENAME — segments and member pages read the previous figures until then.
      if (mysql) await this.swapIn(em);
      phase('index');

      // 6. Cluster sizes and the dashboard's summary.
      await this.clusters.count(em);
      await this.summary.build(em, w.asOf);
      for (const t of ['insight_stage', 'insight_favourite']) await em.query(`DROP TABLE IF EXISTS ${t}`);
      phase('summary');
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
        phasesMs,
      };
    } finally {
      await second?.release();
      await session.release();
    }
  }

  /**
   * The refresh after an import: as of today; when another refresh is running it already covers
   * (or will be followed by) the new rows, so this one steps aside instead of failing the import.
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

  /**
   * One refresh at a time, on one connection: MySQL takes a named lock on a dedicated connection
   * (across processes) and every statement runs there; SQLite has one connection and a flag. The
   * lock is named after the database (MySQL's named locks are server-wide, and two chains — or a
   * chain and its staging copy — on one server must not wait for each other), hashed to stay within
   * the 64 characters a lock name may have.
   */
  private async session(): Promise<{ em: EntityManager; release: () => Promise<void> }> {
    if (this.tx.isMysql) {
      const runner = this.ds.createQueryRunner();
      await runner.connect();
      const [row] = (await runner.query(`SELECT GET_LOCK(${REFRESH_LOCK}, 0) AS got`)) as {
        got: number | string;
      }[];
      if (Number(row?.got) !== 1) {
        await runner.release();
        throw InsightErrors.BUSY();
      }
      return {
        em: runner.manager,
        release: async () => {
          await runner.query(`SELECT RELEASE_LOCK(${REFRESH_LOCK})`).catch(() => undefined);
          await runner.release();
        },
      };
    }
    if (InsightsService.running) throw InsightErrors.BUSY();
    InsightsService.running = true;
    // SQLite has one connection: hold it for the whole refresh, so no request's transaction starts
    // in the middle of the refresh's statements (its own BEGIN/COMMIT stays its own).
    let leave!: () => void;
    await new Promise<void>((entered) => {
      void this.tx.exclusive(
        () =>
          new Promise<void>((done) => {
            leave = done;
            entered();
          }),
      );
    });
    return {
      em: this.ds.manager,
      release: async () => {
        InsightsService.running = false;
        leave();
      },
    };
  }
  private static running = false;

  /**
   * R/F/M 1–5 by quintile among members who came, ties sharing a score — the same answer as
   * ceil(5 × CUME_DIST()), from 4 boundary values per figure instead of a window over every row:
   * score ≥ k exactly when the value reaches the one at sorted position ⌊(k−1)·N/5⌋ (0-based).
   * Returns SQL expressions over the row's own columns.
   */
  private async quintiles(em: EntityManager): Promise<{ r: string; f: string; m: string }> {
    // The distribution of each figure among members who came (a few thousand distinct values at
    // most), cumulated here: score ≥ k from the value at sorted position ⌊(k−1)·N/5⌋ (0-based).
    const distribution = async (col: string, desc: boolean) =>
      (
        (await em.query(
          `SELECT ${col} AS v, COUNT(*) AS n FROM insight_stage WHERE first_day IS NOT NULL
            GROUP BY ${col} ORDER BY ${col}${desc ? ' DESC' : ''}`,
        )) as { v: number | string; n: number | string }[]
      ).map((r) => ({ v: Number(r.v), n: Number(r.n) }));
    const bounds = (dist: { v: number; n: number }[]) => {
      const total = dist.reduce((a, b) => a + b.n, 0);
      const out: number[] = [];
      for (let k = 2; k <= 5; k++) {
        const position = Math.floor(((k - 1) * total) / 5);
        let seen = 0;
        const hit = dist.find((x) => (seen += x.n) > position)!;
        out.push(hit.v);
      }
      return out; // boundaries for scores 2, 3, 4, 5
    };
    const rd = await distribution('recency_days', true);
    if (!rd.length) return { r: 'NULL', f: 'NULL', m: 'NULL' };
    const r = bounds(rd);
    const f = bounds(await distribution('frequency', false));
    const m = bounds(await distribution('monetary_fen', false));
    const score = (col: string, b: number[], cmp: '>=' | '<=') =>
      `(CASE WHEN first_day IS NULL THEN NULL ${[3, 2, 1, 0]
        .map((i) => `WHEN ${col} ${cmp} ${literal(b[i])} THEN ${i + 2}`)
        .join(' ')} ELSE 1 END)`;
    return {
      r: score('recency_days', r, '<='),
      f: score('frequency', f, '>='),
      m: score('monetary_fen', m, '>='),
    };
  }

  /**
   * Per member, the store visited most over the 365 days (ties: the latest visit): per (member,
   * store) counts stream off the covering index; the best is the largest "count|latest|store"
   * string (counts zero-padded so that strings order like numbers).
   */
  private favouriteStores(range: string): string {
    const mysql = this.tx.isMysql;
    const key = mysql
      ? `CONCAT(LPAD(COUNT(*), 9, '0'), '|', DATE_FORMAT(MAX(v.occurred_at), '%Y%m%d%H%i%s%f'), '|', v.store_id)`
      : `printf('%09d', COUNT(*)) || '|' || strftime('%Y%m%d%H%M%f', MAX(v.occurred_at)) || '|' || v.store_id`;
    // MySQL: the part after the last '|'; SQLite: after 9 + 1 + 18 ('%Y%m%d%H%M%f') + 1 characters.
    const storeOf = mysql ? `SUBSTRING_INDEX(MAX(k), '|', -1)` : 'SUBSTR(MAX(k), 30)';
    return `SELECT member_id, ${storeOf} AS store_id FROM (
        SELECT v.member_id AS member_id, ${key} AS k
        FROM visit v${mysql ? ' FORCE INDEX (ix_visit_member_habits)' : ''}
        WHERE v.member_id IS NOT NULL AND v.status = 'OK' AND v.occurred_at >= :since365 AND v.occurred_at < :until
          ${range ? `AND v.member_id${range}` : ''}
        GROUP BY v.member_id, v.store_id) fx GROUP BY member_id`;
  }

  /** MySQL: the member id that splits the members in two halves (for the two connections). */
  private async midpoint(em: EntityManager): Promise<string> {
    const [{ n }] = (await em.query('SELECT COUNT(*) AS n FROM member')) as { n: number | string }[];
    const rows = (await em.query(
      `SELECT id FROM member ORDER BY id LIMIT 1 OFFSET ${Math.floor(Number(n) / 2)}`,
    )) as {
      id: string;
    }[];
    return rows[0]?.id ?? '';
  }

  /** MySQL: an empty copy of member_insight without its secondary indexes, to fill fast. */
  private async shadowTable(em: EntityManager): Promise<void> {
    await em.query('DROP TABLE IF EXISTS member_insight_next');
    await em.query('CREATE TABLE member_insight_next LIKE member_insight');
    for (const ix of await this.secondaryIndexes(em))
      await em.query(`ALTER TABLE member_insight_next DROP INDEX \`${ix.name}\``);
  }

  /** MySQL: give the filled copy member_insight's indexes, then swap it in atomically. */
  private async swapIn(em: EntityManager): Promise<void> {
    const indexes = await this.secondaryIndexes(em);
    if (indexes.length)
      await em.query(
        `ALTER TABLE member_insight_next ${indexes
          .map(
            (ix) =>
              `ADD ${ix.unique ? 'UNIQUE ' : ''}INDEX \`${ix.name}\` (${ix.columns.map((c) => `\`${c}\``).join(', ')})`,
          )
          .join(', ')}`,
      );
    await em.query('DROP TABLE IF EXISTS member_insight_old');
    await em.query(
      'RENAME TABLE member_insight TO member_insight_old, member_insight_next TO member_insight',
    );
    await em.query('DROP TABLE member_insight_old');
  }

  /** member_insight's secondary indexes as the database has them (the entity's, via migrations). */
  private async secondaryIndexes(em: EntityManager) {
    const rows = (await em.query(
      `SELECT INDEX_NAME AS name, COLUMN_NAME AS col, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq
        FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'member_insight' AND INDEX_NAME <> 'PRIMARY'
        ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    )) as { name: string; col: string; nonUnique: number | string }[];
    const out = new Map<string, { name: string; unique: boolean; columns: string[] }>();
    for (const r of rows) {
      if (!out.has(r.name)) out.set(r.name, { name: r.name, unique: Number(r.nonUnique) === 0, columns: [] });
      out.get(r.name)!.columns.push(r.col);
    }
    return [...out.values()];
  }

  /**
   * Fits BG/NBD (days) over the grouped triples and stores the model; then the eq. 10 numerator
   * (expected visits if alive) once per distinct (x, T) into `insight_xt` — the hypergeometric
   * term lives there, computed in Node; P(alive) itself is a closed form the UPDATE computes.
   * Every member who came has a row to join (the model may be null only when nobody came).
   */
  private async fitModel(em: EntityManager, params: Record<string, unknown>): Promise<BgNbdFit | null> {
    const asOfDay = this.sql.dayOf(':asOf');
    await em.query('DELETE FROM insight_xt');
    // Fitted on (t_x, T) rounded to whole weeks — a million diners group into tens of thousands of
    // triples instead of hundreds of thousands — then rescaled to days (λ per day = λ per week / 7,
    // so α_day = 7 α_week; r, a, b unchanged). insights:fit fits the exact days when asked.
    const week = (e: string) => this.sql.floor(`((${e}) + 3) / 7.0`);
    const triples = await this.query<{
      x: number | string;
      txw: number | string;
      tw: number | string;
      n: number | string;
    }>(
      em,
      `SELECT repeat_days AS x, ${week('last_day - first_day')} AS txw, ${week(`${asOfDay} - first_day`)} AS tw,
          COUNT(*) AS n
        FROM insight_stage WHERE first_day IS NOT NULL
        GROUP BY repeat_days, ${week('last_day - first_day')}, ${week(`${asOfDay} - first_day`)}`,
      params,
    );
    // No repeat visit yet (a chain's first days): nothing to learn the dropout from — no model, and
    // the figures that need one stay empty until there is history.
    if (!triples.some((r) => Number(r.x) > 0)) return null;
    const rows = (
      await this.query<{ x: number | string; t: number | string }>(
        em,
        `SELECT DISTINCT repeat_days AS x, ${asOfDay} - first_day AS t FROM insight_stage WHERE first_day IS NOT NULL`,
        params,
      )
    ).map((r) => ({ x: Number(r.x), t: Number(r.t) }));
    let model: BgNbdFit;
    let table: { x: number; t: number; n30: number; n90: number }[];
    try {
      const weekly = fitBgNbd(
        triples.map((r) => ({ x: Number(r.x), tx: Number(r.txw), T: Number(r.tw), count: Number(r.n) })),
      );
      model = { ...weekly, alpha: weekly.alpha * 7 };
      const fitted = model;
      table = rows.map(({ x, t }) => ({
        x,
        t,
        n30: expectedVisitsIfAlive(fitted, 30, x, t),
        n90: expectedVisitsIfAlive(fitted, 90, x, t),
      }));
    } catch (e) {
      // A history too thin or too odd for the model (the series did not converge): the refresh
      // goes on without it rather than failing every night.
      this.logger.warn(`BG/NBD not fitted on this history: ${(e as Error).message}`);
      return null;
    }
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
    for (let i = 0; i < table.length; i += 500) await em.insert(InsightXt, table.slice(i, i + 500));
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
