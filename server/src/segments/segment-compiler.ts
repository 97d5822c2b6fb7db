import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  SEGMENT_FIELDS,
  validateSegmentFilter,
  type SegmentCondition,
  type SegmentField,
  type SegmentFilter,
} from '@tableside/shared';
import { AppError } from '../common/app-error';

dayjs.extend(utc);
dayjs.extend(timezone);

export const SegmentErrors = {
  INVALID: (problems: string[]) =>
    new AppError('SEGMENT_FILTER_INVALID', 400, `筛选条件不正确：${problems.join('；')}`, { problems }),
  NOT_FOUND: () => new AppError('SEGMENT_NOT_FOUND', 404, '客群不存在'),
};

/**
 * The SQL column (or expression) behind each catalogue field. Only these strings ever reach the
 * SQL text; every value goes in as a bound parameter. `m` is member, `mi` member_insight.
 */
const COLUMN: Record<SegmentCondition['field'], string> = {
  tier: 'm.tier_id',
  joinStore: 'm.join_store_id',
  joinChannel: 'm.join_channel',
  tag: 'm.tags',
  birthdayMonth: 'SUBSTR(m.birthday, 6, 2)',
  joinedOn: 'm.created_at',
  consentSms: 'm.consent_sms',
  consentWechat: 'm.consent_wechat',
  pointsBalance: 'm.points_balance',
  rfmSegment: 'mi.rfm_segment',
  lifecycle: 'mi.lifecycle',
  recencyDays: 'mi.recency_days',
  frequency: 'mi.frequency',
  monetaryFen: 'mi.monetary_fen',
  rScore: 'mi.r_score',
  fScore: 'mi.f_score',
  mScore: 'mi.m_score',
  pAlive: 'mi.p_alive',
  expectedVisits30: 'mi.expected_visits30',
  avgIntervalDays: 'mi.avg_interval_days',
  nextVisitOn: 'mi.next_visit_on',
  loyalty: 'mi.loyalty',
  cluster: 'mi.cluster',
  favouriteStore: 'mi.favourite_store_id',
  lunchShare: 'mi.lunch_share',
  dinnerShare: 'mi.dinner_share',
  lateShare: 'mi.late_share',
  weekendShare: 'mi.weekend_share',
  couponShare: 'mi.coupon_share',
  avgPartySize: 'mi.avg_party_size',
};

const CMP = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Adds a validated segment filter to a member query (alias `m`; the insight is joined as `mi`).
 * Values are converted to what the column holds: tier and store codes to ids through sub-selects,
 * birthday months to two digits, dates to the business day's bounds, booleans to 1/0.
 */
export function applySegmentFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter: SegmentFilter,
  timeZone: string,
  opts: { insightOnly?: boolean } = {},
): SelectQueryBuilder<T> {
  const problems = validateSegmentFilter(filter);
  if (problems.length) throw SegmentErrors.INVALID(problems);
  if (!opts.insightOnly && filter.all.some((c) => COLUMN[c.field].startsWith('mi.')))
    qb.leftJoin('member_insight', 'mi', 'mi.member_id = m.id');
  filter.all.forEach((c, i) => {
    const p = `seg${i}`;
    const col = COLUMN[c.field];
    const scale = (SEGMENT_FIELDS[c.field] as SegmentField).scale;
    const toDb = (v: unknown): unknown => {
      if (c.field === 'birthdayMonth') return String(v).padStart(2, '0');
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (scale && typeof v === 'number') return v / scale;
      return v;
    };
    // Codes people know → ids the member row holds.
    const idOf = (codes: string) =>
      c.field === 'tier'
        ? `(SELECT t.id FROM tier t WHERE t.code IN (${codes}))`
        : `(SELECT s.id FROM store s WHERE s.code IN (${codes}))`;
    if (c.field === 'tier' || c.field === 'joinStore' || c.field === 'favouriteStore') {
      const values = Array.isArray(c.value) ? c.value : [c.value];
      const clause = `${col} ${c.op === 'neq' ? 'NOT IN' : 'IN'} ${idOf(`:...${p}`)}`;
      qb.andWhere(c.op === 'neq' ? `(${col} IS NULL OR ${clause})` : clause, { [p]: values });
      return;
    }
    if (c.field === 'joinedOn') {
      const start = (d: string) => dayjs.tz(`${d} 00:00:00`, timeZone).toDate();
      const end = (d: string) => dayjs.tz(`${d} 00:00:00`, timeZone).add(1, 'day').toDate();
      const [a, b] = c.op === 'between' ? (c.value as string[]) : [c.value as string, c.value as string];
      if (c.op === 'gte' || c.op === 'between') qb.andWhere(`${col} >= :${p}a`, { [`${p}a`]: start(a) });
      if (c.op === 'lte' || c.op === 'between') qb.andWhere(`${col} < :${p}b`, { [`${p}b`]: end(b) });
      return;
    }
    switch (c.op) {
      case 'empty':
        qb.andWhere(`${col} IS NULL`);
        return;
      case 'notEmpty':
        qb.andWhere(`${col} IS NOT NULL`);
        return;
      case 'between': {
        const [a, b] = c.value as unknown[];
        qb.andWhere(`${col} >= :${p}a AND ${col} <= :${p}b`, { [`${p}a`]: toDb(a), [`${p}b`]: toDb(b) });
        return;
      }
      case 'in':
        qb.andWhere(`${col} IN (:...${p})`, { [p]: (c.value as unknown[]).map(toDb) });
        return;
      case 'contains': {
        // Tags are a JSON array of strings: match the quoted tag; LIKE wildcards in it are escaped.
        const quoted = JSON.stringify(String(c.value)).replace(/[!%_]/g, (ch) => `!${ch}`);
        qb.andWhere(`${col} LIKE :${p} ESCAPE '!'`, { [p]: `%${quoted}%` });
        return;
      }
      default:
        qb.andWhere(`${col} ${CMP[c.op as keyof typeof CMP]} :${p}`, { [p]: toDb(c.value) });
    }
  });
  return qb;
}

/**
 * Whether a filter can be counted on member_insight alone (alias `mi`, no member row read): every
 * condition is a stored figure and none asks for "no data" (a member without figures yet has no
 * row there, but matches "empty" when counted from the member table). Deleted members' rows are
 * removed with the member, and the refresh writes none for them.
 */
export function countsOnInsightAlone(filter: SegmentFilter): boolean {
  return filter.all.every((c) => COLUMN[c.field]?.startsWith('mi.') && c.op !== 'empty');
}
