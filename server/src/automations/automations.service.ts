import { Injectable, Logger } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource } from 'typeorm';
import {
  AUTOMATION_TRIGGERS,
  campaignRoi,
  describeAutomationTrigger,
  measureUplift,
  validateAutomationParams,
  type ArmCounts,
  type AutomationParams,
  type AutomationTrigger,
  type Interval,
  type Uplift,
} from '@tableside/shared';
import { SMS_COST_FEN } from '../campaigns/campaigns.service';
import { Candidate, deliver, smsUnavailable, usableTemplate, wechatUnavailable } from '../campaigns/delivery';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { MYSQL, SQLITE } from '../insights/insight-dialect';
import { SettingsService } from '../settings/settings.service';
import { Automation } from './automation.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface AutomationInput {
  name: string;
  trigger: AutomationTrigger;
  params?: AutomationParams;
  coupon?: { templateId: string; count: number } | null;
  sms?: { text: string } | null;
  wechat?: boolean;
  holdoutPercent?: number;
  enabled?: boolean;
}

export const AutomationErrors = {
  NOT_FOUND: () => new AppError('AUTOMATION_NOT_FOUND', 404, '自动营销规则不存在'),
  INVALID: (why: string) => new AppError('AUTOMATION_INVALID', 400, `自动营销设置不正确：${why}`),
};

/** Event triggers look back this far at most (a sweep that was down catches up; older events do not fire). */
export const LOOKBACK_DAYS = 2;
/** Candidates per transaction. */
const CHUNK = 500;
/** Visits within this many days after a delivery count for it (treated and holdout alike). */
export const AUTOMATION_ATTRIBUTION_DAYS = 14;

/** One candidate query: the rows it returns are members plus `occ` (and optional variables). */
interface TriggerQuery {
  sql: string;
  params: Record<string, unknown>;
  vars?: (row: Record<string, unknown>) => Record<string, string>;
}

export interface AutomationStats {
  fired: number;
  treated: number;
  holdout: number;
  excluded: number;
  couponsIssued: number;
  couponsRedeemed: number;
  smsQueued: number;
}

export interface AutomationResults {
  stats: AutomationStats;
  treated: ArmCounts;
  holdout: ArmCounts;
  uplift: Uplift | null;
  roi: Interval | null;
  couponCostFen: number;
  smsCostFen: number;
  daily: { day: string; treated: number; holdout: number }[];
}

/**
 * Automations: each enabled rule is swept on a schedule (once across instances, see the
 * scheduler). A sweep asks the database for the members the trigger fires for that have no delivery
 * row for this occurrence yet, and delivers to them in chunks — each chunk one transaction, so a
 * crash repeats nothing and the unique delivery key stops a second sweep from firing twice.
 */
@Injectable()
export class AutomationsService {
  private readonly logger = new Logger(AutomationsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
    private readonly wechatMessages: WechatMessagesService,
  ) {}

  private get dialect() {
    return this.tx.isMysql ? MYSQL : SQLITE;
  }

  private async q<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, values] = this.ds.driver.escapeQueryWithParameters(sql, params);
    return (await this.ds.query(text, values)) as T[];
  }

  list(): Promise<Automation[]> {
    return this.ds.getRepository(Automation).find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<Automation> {
    const a = await this.ds.getRepository(Automation).findOne({ where: { id } });
    if (!a) throw AutomationErrors.NOT_FOUND();
    return a;
  }

  private async validate(input: AutomationInput) {
    const name = typeof input?.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 64) throw AutomationErrors.INVALID('名称需 1–64 个字');
    if (!AUTOMATION_TRIGGERS.includes(input.trigger)) throw AutomationErrors.INVALID('触发条件不存在');
    const { params, problems } = validateAutomationParams(input.trigger, input.params);
    if (problems.length) throw AutomationErrors.INVALID(problems.join('；'));
    const holdout = input.holdoutPercent ?? 0;
    if (!Number.isInteger(holdout) || holdout < 0 || holdout > 50)
      throw AutomationErrors.INVALID('对照组比例应为 0–50 的整数');
    if (!input.coupon && !input.sms && !input.wechat)
      throw AutomationErrors.INVALID('至少要发券、短信或微信提醒之一');
    const reminder = input.trigger === 'COUPON_EXPIRING' || input.trigger === 'POINTS_EXPIRING';
    if (input.wechat && !reminder && !input.coupon)
      throw AutomationErrors.INVALID('微信「券到账提醒」需要同时发券');
    if (input.coupon) {
      const { count } = input.coupon;
      if (!Number.isInteger(count) || count < 1 || count > 5)
        throw AutomationErrors.INVALID('每次发券 1–5 张');
      await usableTemplate(this.ds.manager, input.coupon.templateId, new Date());
    }
    const smsText = input.sms ? (typeof input.sms.text === 'string' ? input.sms.text.trim() : '') : null;
    if (smsText !== null && (!smsText || smsText.length > 300))
      throw AutomationErrors.INVALID('短信内容需 1–300 个字');
    return {
      name,
      trigger: input.trigger,
      params,
      templateId: input.coupon?.templateId ?? null,
      couponCount: input.coupon?.count ?? 0,
      smsText,
      wechat: input.wechat === true,
      holdoutPercent: holdout,
    };
  }

  async create(input: AutomationInput, smsAvailable: boolean): Promise<Automation> {
    const v = await this.validate(input);
    if (v.smsText && !smsAvailable) throw smsUnavailable();
    if (v.wechat && !this.wechatMessages.available) throw wechatUnavailable();
    const now = new Date();
    const a: Automation = {
      id: newId(),
      ...v,
      enabled: input.enabled === true,
      enabledAt: input.enabled === true ? now : null,
      lastRunAt: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run((em) => em.insert(Automation, { ...a }));
    return this.get(a.id);
  }

  async update(id: string, input: AutomationInput, smsAvailable: boolean): Promise<Automation> {
    const before = await this.get(id);
    const v = await this.validate(input);
    if (v.smsText && !smsAvailable) throw smsUnavailable();
    if (v.wechat && !this.wechatMessages.available) throw wechatUnavailable();
    // The trigger defines what an occurrence is: changing it would make old deliveries mean something else.
    if (v.trigger !== before.trigger)
      throw AutomationErrors.INVALID('触发条件创建后不能修改（已触发的记录按原条件计算），请新建一条规则');
    await this.tx.run((em) => em.update(Automation, { id }, { ...v, updatedAt: new Date() }));
    return this.get(id);
  }

  async setEnabled(id: string, enabled: boolean, smsAvailable: boolean): Promise<Automation> {
    const a = await this.get(id);
    if (enabled && a.smsText && !smsAvailable) throw smsUnavailable();
    if (enabled && a.wechat && !this.wechatMessages.available) throw wechatUnavailable();
    if (enabled && a.templateId) await usableTemplate(this.ds.manager, a.templateId, new Date());
    if (a.enabled !== enabled) {
      const now = new Date();
      await this.tx.run((em) =>
        em.update(
          Automation,
          { id },
          {
            enabled,
            enabledAt: enabled ? now : a.enabledAt,
            lastError: enabled ? null : a.lastError,
            updatedAt: now,
          },
        ),
      );
    }
    return this.get(id);
  }

  describe(a: Automation): string {
    return describeAutomationTrigger(a.trigger, a.params);
  }

  /** Runs every enabled automation once; returns how many members each one fired for. */
  async sweep(now = new Date()): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const a of await this.ds.getRepository(Automation).find({ where: { enabled: true } })) {
      try {
        out[a.id] = await this.fire(a, now);
        await this.tx.run((em) => em.update(Automation, { id: a.id }, { lastRunAt: now, lastError: null }));
      } catch (e) {
        const why = e instanceof AppError ? e.message : '运行出错，将在下次自动重试';
        this.logger.warn(`automation ${a.id}: ${e instanceof Error ? e.message : String(e)}`);
        await this.tx.run((em) =>
          em.update(Automation, { id: a.id }, { lastRunAt: now, lastError: why.slice(0, 200) }),
        );
      }
    }
    return out;
  }

  /** Fires one automation for everybody due at `now`. */
  async fire(a: Automation, now = new Date()): Promise<number> {
    const settings = await this.settings.get();
    let fired = 0;
    for (const query of await this.queries(a, now)) {
      for (;;) {
        const rows = await this.q<Record<string, unknown>>(`${query.sql} LIMIT ${CHUNK}`, query.params);
        const seen = new Set<string>();
        const candidates: Candidate[] = [];
        for (const r of rows) {
          const key = `${String(r.id)}|${String(r.occ)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          candidates.push({
            member: {
              id: String(r.id),
              phone: (r.phone as string | null) ?? null,
              name: (r.name as string | null) ?? null,
              consentSms: Boolean(Number(r.consentSms)),
              consentWechat: Boolean(Number(r.consentWechat)),
              openid: (r.openid as string | null) ?? null,
            },
            occurrence: String(r.occ).slice(0, 40),
            vars: query.vars?.(r),
          });
        }
        if (!candidates.length) break;
        const source = {
          ...a,
          wechatTemplate:
            a.trigger === 'COUPON_EXPIRING'
              ? ('COUPON_EXPIRING' as const)
              : a.trigger === 'POINTS_EXPIRING'
                ? ('POINTS_EXPIRING' as const)
                : ('COUPON_ARRIVED' as const),
        };
        await this.tx.run((em) => deliver(em, source, candidates, settings, now));
        fired += candidates.length;
        if (rows.length < CHUNK) break;
      }
    }
    return fired;
  }

  /** The candidate queries of a trigger: members it fires for now, without a delivery for that occurrence. */
  private async queries(a: Automation, now: Date): Promise<TriggerQuery[]> {
    const { timeZone } = await this.settings.get();
    const d = this.dialect;
    const p = a.params;
    const since = new Date(
      Math.max(a.enabledAt?.getTime() ?? now.getTime(), dayjs(now).subtract(LOOKBACK_DAYS, 'day').valueOf()),
    );
    const local = dayjs(now).tz(timeZone);
    const base = { aid: a.id, now, since };
    const who =
      'm.id AS id, m.phone AS phone, m.name AS name, m.consent_sms AS consentSms, m.consent_wechat AS consentWechat, m.openid AS openid';
    /** The member has no delivery of this automation for `occ` (an SQL expression). */
    const fresh = (occ: string) =>
      `m.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM campaign_delivery x
        WHERE x.campaign_id = :aid AND x.member_id = m.id AND x.occurrence = ${occ})`;
    const days = p.days ?? 0;
    const date = (x: dayjs.Dayjs) => x.format('YYYY-MM-DD');
    switch (a.trigger) {
      case 'JOIN':
        return [
          {
            sql: `SELECT ${who}, 'join' AS occ FROM member m
              WHERE m.created_at >= :since AND m.created_at <= :now AND ${fresh("'join'")}`,
            params: base,
          },
        ];
      case 'FIRST_VISIT':
        // The first visit happened N days ago (the member's only visit before it: none).
        return [
          {
            sql: `SELECT DISTINCT ${who}, 'first' AS occ FROM visit v JOIN member m ON m.id = v.member_id
              WHERE v.status = 'OK' AND v.occurred_at >= :from AND v.occurred_at <= :to
                AND NOT EXISTS (SELECT 1 FROM visit e WHERE e.member_id = v.member_id AND e.status = 'OK'
                  AND e.occurred_at < v.occurred_at)
                AND ${fresh("'first'")}`,
            params: {
              ...base,
              from: dayjs(since).subtract(days, 'day').toDate(),
              to: dayjs(now).subtract(days, 'day').toDate(),
            },
          },
        ];
      case 'BIRTHDAY':
        // The birthday N days from today — and from yesterday, so a missed day still fires.
        return [0, 1].map((back) => {
          const birthday = local.subtract(back, 'day').add(days, 'day');
          return {
            sql: `SELECT ${who}, :occ AS occ FROM member m
              WHERE SUBSTR(m.birthday, 6, 5) = :md AND ${fresh(':occ')}`,
            params: { ...base, md: birthday.format('MM-DD'), occ: `birthday:${date(birthday)}` },
          };
        });
      case 'WIN_BACK': {
        // A lapse is identified by the last visit's day: after coming back and lapsing again, it fires again.
        const occ = d.concat("'lapse:'", 'i.last_day');
        const conds: string[] = [];
        if (p.dormantDays) conds.push('i.recency_days >= :dormant');
        if (p.pAliveBelowPercent) conds.push('i.p_alive < :palive');
        return [
          {
            sql: `SELECT ${who}, ${occ} AS occ FROM member_insight i JOIN member m ON m.id = i.member_id
              WHERE i.last_day IS NOT NULL AND (${conds.join(' OR ')}) AND ${fresh(occ)}`,
            params: { ...base, dormant: p.dormantDays, palive: (p.pAliveBelowPercent ?? 0) / 100 },
          },
        ];
      }
      case 'REPURCHASE':
        // Expected next visit N days from today (or from yesterday), not come since.
        return [0, 1].map((back) => {
          const next = local.subtract(back, 'day').add(days, 'day');
          return {
            sql: `SELECT ${who}, :occ AS occ FROM member_insight i JOIN member m ON m.id = i.member_id
              WHERE i.next_visit_on = :next AND ${fresh(':occ')}`,
            params: { ...base, next: date(next), occ: `next:${date(next)}` },
          };
        });
      case 'SPEND_TOTAL':
        // Crossed the total with a visit since the rule was switched on (not: already over it before).
        return [
          {
            sql: `SELECT ${who}, :occ AS occ FROM member m JOIN (
                SELECT member_id, SUM(paid_fen) AS total,
                  SUM(CASE WHEN occurred_at < :enabledAt THEN paid_fen ELSE 0 END) AS before_on
                FROM visit WHERE status = 'OK' AND member_id IN (
                  SELECT member_id FROM visit WHERE status = 'OK' AND occurred_at >= :since AND member_id IS NOT NULL)
                GROUP BY member_id) t ON t.member_id = m.id
              WHERE t.total >= :min AND t.before_on < :min AND ${fresh(':occ')}`,
            params: { ...base, enabledAt: a.enabledAt ?? now, min: p.minFen ?? 0, occ: `total:${p.minFen}` },
          },
        ];
      case 'VISIT':
        return [
          {
            sql: `SELECT ${who}, v.id AS occ, v.paid_fen AS paid FROM visit v JOIN member m ON m.id = v.member_id
              WHERE v.status = 'OK' AND v.occurred_at >= :since AND v.occurred_at <= :now
                AND v.paid_fen >= :min AND ${fresh('v.id')}`,
            params: { ...base, min: p.minFen ?? 0 },
            vars: (r) => ({ amount: (Number(r.paid) / 100).toFixed(2) }),
          },
        ];
      case 'TIER_UPGRADE':
        return [
          {
            sql: `SELECT ${who}, c.id AS occ, t.name AS tier FROM tier_change c
                JOIN member m ON m.id = c.member_id JOIN tier t ON t.id = c.to_tier_id
              WHERE c.direction = 'UP' AND c.created_at >= :since AND c.created_at <= :now AND ${fresh('c.id')}`,
            params: base,
            vars: (r) => ({ tier: String(r.tier) }),
          },
        ];
      case 'COUPON_EXPIRING':
        return [
          {
            sql: `SELECT ${who}, c.id AS occ, c.valid_to AS validTo, t.name AS couponName FROM coupon c
                JOIN member m ON m.id = c.member_id JOIN coupon_template t ON t.id = c.template_id
              WHERE c.status = 'AVAILABLE' AND c.valid_to > :now AND c.valid_to <= :until AND ${fresh('c.id')}`,
            params: { ...base, until: dayjs(now).add(days, 'day').toDate() },
            vars: (r) => ({
              couponName: String(r.couponName),
              expiry: dayjs(asDate(r.validTo)).tz(timeZone).format('YYYY-MM-DD'),
            }),
          },
        ];
      case 'POINTS_EXPIRING': {
        // Once per member and expiry date: the points of the earliest date to come within N days.
        const until = dayjs(now).add(days, 'day').toDate();
        const rows = await this.q<{ memberId: string; at: string | Date }>(
          `SELECT member_id AS memberId, MIN(expires_at) AS at FROM points_entry
            WHERE remaining > 0 AND expires_at > :now AND expires_at <= :until GROUP BY member_id`,
          { now, until },
        );
        const byDate = new Map<string, Date>();
        for (const r of rows) {
          const at = asDate(r.at);
          byDate.set(dayjs(at).tz(timeZone).format('YYYY-MM-DD'), at);
        }
        return [...byDate].map(([day, at]) => ({
          sql: `SELECT ${who}, :occ AS occ, SUM(e.remaining) AS points FROM points_entry e
              JOIN member m ON m.id = e.member_id
            WHERE e.remaining > 0 AND e.expires_at = :at AND ${fresh(':occ')}
            GROUP BY m.id, m.phone, m.name, m.consent_sms, m.consent_wechat, m.openid`,
          params: { ...base, at, occ: `points:${day}` },
          vars: (r) => ({ points: String(Number(r.points)), expiry: day }),
        }));
      }
    }
  }

  /** Counts per automation (all time), for the list. */
  async stats(ids: string[]): Promise<Map<string, AutomationStats>> {
    const out = new Map<string, AutomationStats>();
    if (!ids.length) return out;
    type Num = number | string | null;
    const groups = await this.q<{ id: string; g: string; n: Num }>(
      `SELECT campaign_id AS id, grp AS g, COUNT(*) AS n FROM campaign_delivery
        WHERE campaign_id IN (:...ids) GROUP BY campaign_id, grp`,
      { ids },
    );
    const coupons = await this.q<{ id: string; n: Num; used: Num }>(
      `SELECT issue_ref AS id, COUNT(*) AS n, SUM(CASE WHEN status = 'USED' THEN 1 ELSE 0 END) AS used
        FROM coupon WHERE issue_ref IN (:...ids) GROUP BY issue_ref`,
      { ids },
    );
    const sms = await this.q<{ id: string; n: Num }>(
      `SELECT campaign_id AS id, COUNT(*) AS n FROM sms_message WHERE campaign_id IN (:...ids) GROUP BY campaign_id`,
      { ids },
    );
    for (const id of ids) {
      const g = (k: string) => Number(groups.find((x) => x.id === id && x.g === k)?.n ?? 0);
      const fired = groups.filter((x) => x.id === id).reduce((s, x) => s + Number(x.n), 0);
      const c = coupons.find((x) => x.id === id);
      out.set(id, {
        fired,
        treated: g('TREATED'),
        holdout: g('HOLDOUT'),
        excluded: fired - g('TREATED') - g('HOLDOUT'),
        couponsIssued: Number(c?.n ?? 0),
        couponsRedeemed: Number(c?.used ?? 0),
        smsQueued: Number(sms.find((x) => x.id === id)?.n ?? 0),
      });
    }
    return out;
  }

  /**
   * What the automation did: for every firing, the visits in the 14 days after it, treated vs
   * holdout (who were chosen the same way and got nothing) → uplift with its 95% interval and ROI.
   */
  async results(id: string, now = new Date()): Promise<AutomationResults> {
    await this.get(id);
    const { timeZone } = await this.settings.get();
    const d = this.dialect;
    type Num = number | string | null;
    const arms = await this.q<{ g: string; members: Num; visitors: Num; rev: Num; rev2: Num }>(
      `SELECT d.grp AS g, COUNT(*) AS members, SUM(CASE WHEN v.n > 0 THEN 1 ELSE 0 END) AS visitors,
          SUM(COALESCE(v.rev, 0)) AS rev, SUM(COALESCE(v.rev, 0) * COALESCE(v.rev, 0)) AS rev2
        FROM campaign_delivery d
        LEFT JOIN (SELECT y.id AS did, COUNT(*) AS n, SUM(w.paid_fen) AS rev FROM campaign_delivery y
            JOIN visit w ON w.member_id = y.member_id AND w.status = 'OK' AND w.occurred_at > y.created_at
              AND w.occurred_at < ${d.addDays('y.created_at', AUTOMATION_ATTRIBUTION_DAYS)}
            WHERE y.campaign_id = :id AND y.grp IN ('TREATED', 'HOLDOUT') GROUP BY y.id) v ON v.did = d.id
        WHERE d.campaign_id = :id AND d.grp IN ('TREATED', 'HOLDOUT')
        GROUP BY d.grp`,
      { id },
    );
    const arm = (g: string): ArmCounts => {
      const r = arms.find((x) => x.g === g);
      return {
        members: Number(r?.members ?? 0),
        visitors: Number(r?.visitors ?? 0),
        revenueFen: Number(r?.rev ?? 0),
        revenueSqFen: Number(r?.rev2 ?? 0),
      };
    };
    const treated = arm('TREATED');
    const holdout = arm('HOLDOUT');
    const stats = (await this.stats([id])).get(id)!;
    const [used] = await this.q<{ cost: Num }>(
      `SELECT COALESCE(SUM(t.value_fen), 0) AS cost FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.issue_ref = :id AND c.status = 'USED'`,
      { id },
    );
    const couponCostFen = Number(used?.cost ?? 0);
    const smsCostFen = stats.smsQueued * SMS_COST_FEN;
    const uplift = measureUplift(treated, holdout);
    const offset = dayjs(now).tz(timeZone).utcOffset();
    const day = (col: string) => d.dateOf(d.day(col, offset));
    const from = dayjs(now).tz(timeZone).startOf('day').subtract(29, 'day');
    const fires = await this.q<{ g: string; day: string; n: Num }>(
      `SELECT grp AS g, ${day('created_at')} AS day, COUNT(*) AS n FROM campaign_delivery
        WHERE campaign_id = :id AND grp IN ('TREATED', 'HOLDOUT') AND created_at >= :from
        GROUP BY grp, ${day('created_at')}`,
      { id, from: from.toDate() },
    );
    const daily = Array.from({ length: 30 }, (_, k) => {
      const dd = from.add(k, 'day').format('YYYY-MM-DD');
      const n = (g: string) => Number(fires.find((x) => x.g === g && x.day === dd)?.n ?? 0);
      return { day: dd, treated: n('TREATED'), holdout: n('HOLDOUT') };
    });
    return {
      stats,
      treated,
      holdout,
      uplift,
      roi: uplift ? campaignRoi(uplift.incrementalRevenueFen, couponCostFen, smsCostFen) : null,
      couponCostFen,
      smsCostFen,
      daily,
    };
  }
}

/** A datetime as the driver returns it: a Date (mysql2) or UTC text (SQLite). */
function asDate(v: unknown): Date {
  return v instanceof Date ? v : dayjs.utc(String(v)).toDate();
}
