import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { type StaffPrincipal } from '../auth/principals';
import { CommonErrors } from '../common/app-error';
import { ReportsDb } from '../database/database.module';
import { TransactionRunner } from '../database/transaction-runner';
import { MYSQL, SQLITE } from '../insights/insight-dialect';
import { SettingsService } from '../settings/settings.service';
import { Tier } from '../tiers/entities/tier.entity';
import type { DashboardDto, DashboardQueryDto } from './dto';
import { AdminErrors, scopeStores } from './admin-scope';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The dashboard's live figures over a date range: members, visits, revenue and coupons per
 * business day. Everything is counted by the database (GROUP BY day) — no rows come to Node.
 * Who the diners are (lifecycle, RFM, clusters…) is the insight overview, read from stored figures.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly reports: ReportsDb,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
  ) {}

  async dashboard(staff: StaffPrincipal, q: DashboardQueryDto): Promise<DashboardDto> {
    const { timeZone: tz } = await this.settings.get();
    const from = dayjs.tz(`${q.from} 00:00:00`, tz);
    const to = dayjs.tz(`${q.to} 00:00:00`, tz).add(1, 'day');
    if (!to.isAfter(from)) throw CommonErrors.VALIDATION_FAILED(undefined, '结束日期不能早于开始日期');
    if (to.diff(from, 'day') > 366) throw AdminErrors.RANGE_TOO_LONG();
    const stores = scopeStores(staff, q.storeId);
    const storeFilter = (col: string) =>
      stores ? (stores.length ? `${col} IN (:...stores)` : '1 = 0') : '1 = 1';
    const sql = this.tx.isMysql ? MYSQL : SQLITE;
    const off = from.utcOffset();
    const dayOf = (col: string) => sql.dateOf(sql.day(col, off));
    const params = { from: from.toDate(), to: to.toDate(), stores: stores ?? [] };
    // On the read replica when there is one (DATABASE_REPLICA_URL).
    const query = <T>(text: string): Promise<T[]> => this.reports.query<T>(text, params);
    type Num = number | string | null;

    // One index-only pass over the members (ix_member_tier / ix_member_join_store cover it).
    const tierRows = await query<{ tierId: string; n: Num; fresh: Num }>(
      `SELECT m.tier_id AS tierId, COUNT(*) AS n, SUM(CASE WHEN m.created_at >= :from THEN 1 ELSE 0 END) AS fresh
        FROM member m
        WHERE m.deleted_at IS NULL AND m.created_at < :to AND ${storeFilter('m.join_store_id')} GROUP BY m.tier_id`,
    );
    const visitRows = await query<{ d: string; n: Num; paid: Num }>(
      `SELECT ${dayOf('v.occurred_at')} AS d, COUNT(*) AS n, SUM(v.paid_fen) AS paid FROM visit v
        WHERE v.status = 'OK' AND v.occurred_at >= :from AND v.occurred_at < :to AND ${storeFilter('v.store_id')}
        GROUP BY ${dayOf('v.occurred_at')}`,
    );
    const issuedRows = await query<{ d: string; n: Num }>(
      `SELECT ${dayOf('c.issued_at')} AS d, COUNT(*) AS n FROM coupon c
        WHERE c.issued_at >= :from AND c.issued_at < :to
          AND ${stores ? (stores.length ? 'c.member_id IN (SELECT mm.id FROM member mm WHERE mm.join_store_id IN (:...stores))' : '1 = 0') : '1 = 1'}
        GROUP BY ${dayOf('c.issued_at')}`,
    );
    const usedRows = await query<{ d: string; n: Num }>(
      `SELECT ${dayOf('c.used_at')} AS d, COUNT(*) AS n FROM coupon c
        WHERE c.status = 'USED' AND c.used_at >= :from AND c.used_at < :to AND ${storeFilter('c.used_store_id')}
        GROUP BY ${dayOf('c.used_at')}`,
    );

    const days: string[] = [];
    for (let d = from; d.isBefore(to); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
    const point = new Map(
      days.map((day) => [day, { day, visits: 0, revenueFen: 0, couponsIssued: 0, couponsUsed: 0 }]),
    );
    let [visits, revenue, issued, used] = [0, 0, 0, 0];
    for (const r of visitRows) {
      const p = point.get(r.d);
      if (!p) continue;
      p.visits += Number(r.n);
      p.revenueFen += Number(r.paid);
      visits += Number(r.n);
      revenue += Number(r.paid);
    }
    for (const r of issuedRows) {
      const p = point.get(r.d);
      if (p) p.couponsIssued += Number(r.n);
      if (p) issued += Number(r.n);
    }
    for (const r of usedRows) {
      const p = point.get(r.d);
      if (p) p.couponsUsed += Number(r.n);
      if (p) used += Number(r.n);
    }
    const tierCount = new Map(tierRows.map((r) => [r.tierId, Number(r.n)]));
    const tierList = await this.reports.read((ds) => ds.getRepository(Tier).find({ order: { rank: 'ASC' } }));
    return {
      membersTotal: tierRows.reduce((a, r) => a + Number(r.n), 0),
      membersNew: tierRows.reduce((a, r) => a + Number(r.fresh), 0),
      visits,
      revenueFen: revenue,
      couponsIssued: issued,
      couponsUsed: used,
      redemptionRate: issued ? Math.round((used / issued) * 1000) / 1000 : 0,
      trend: [...point.values()],
      tiers: tierList.map((t) => ({ name: t.name, count: tierCount.get(t.id) ?? 0 })),
    };
  }
}
