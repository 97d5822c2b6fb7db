import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager } from 'typeorm';
import {
  campaignRoi,
  describeSegmentFilter,
  isMainlandMobile,
  normalizePhone,
  measureUplift,
  validateSegmentFilter,
  type ArmCounts,
  type Interval,
  type SegmentFilter,
  type Uplift,
} from '@tableside/shared';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { ReportsDb } from '../database/database.module';
import { TransactionRunner } from '../database/transaction-runner';
import { MYSQL, SQLITE } from '../insights/insight-dialect';
import { Member } from '../members/entities/member.entity';
import { applySegmentFilter } from '../segments/segment-compiler';
import { SegmentsService } from '../segments/segments.service';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { SettingsService } from '../settings/settings.service';
import { SmsService } from '../sms/sms.service';
import { bulkStep, SQL_BATCH_FACTOR } from './bulk-step';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import { deliver, smsUnavailable, usableTemplate, wechatUnavailable } from './delivery';
import { Campaign, CampaignListMember } from './entities/campaign.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Members handled per transaction: one commit = one batch's deliveries, coupons, messages, cursor. */
export const CAMPAIGN_BATCH = 500;

export const CampaignErrors = {
  NOT_FOUND: () => new AppError('CAMPAIGN_NOT_FOUND', 404, '营销活动不存在'),
  INVALID: (why: string) => new AppError('CAMPAIGN_INVALID', 400, `营销活动设置不正确：${why}`),
};

export interface CampaignInput {
  name: string;
  audience: { all: true } | { segmentId: string } | { filter: SegmentFilter } | { phones: string[] };
  coupon?: { templateId: string; count: number };
  sms?: { text: string };
  wechat?: boolean;
  holdoutPercent?: number;
  /** ISO time to send at (null / omitted: when someone presses send). */
  scheduledAt?: string | null;
}

export interface CampaignStatus {
  id: string;
  state: string;
  audience: number;
  holdout: number;
  couponsIssued: number;
  smsQueued: number;
  wechatQueued: number;
  excluded: { consent: number; cap: number; stock: number };
}

/** Days after the start during which a visit counts for the campaign (treated and holdout alike). */
export const ATTRIBUTION_DAYS = 14;
/** What one marketing SMS costs (fen), for the ROI: Tencent Cloud's list price is about ¥0.045. */
export const SMS_COST_FEN = 5;

export interface CampaignResults {
  status: CampaignStatus;
  window: { from: string; to: string; days: number } | null;
  treated: ArmCounts;
  holdout: ArmCounts;
  couponsRedeemed: number;
  /** The campaign's SMS by state: delivered and failed come from the provider's receipts. */
  sms: { waiting: number; sent: number; delivered: number; failed: number };
  couponCostFen: number;
  smsCostFen: number;
  uplift: Uplift | null;
  roi: Interval | null;
  trend: { day: string; treatedRate: number; holdoutRate: number }[];
}

/**
 * Campaigns run as durable, resumable work: the audience is walked in member-id order, one
 * transaction per batch writes the deliveries (unique per campaign and member), the coupons, the
 * SMS outbox rows, the counters and the cursor together. A process killed mid-run loses only its
 * open transaction; the next run continues from the cursor. Workers sharing a run take turns on
 * the campaign row (locked for the batch), so no member is handled twice.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
    private readonly segments: SegmentsService,
    private readonly sms: SmsService,
    private readonly wechat: WechatMessagesService,
    private readonly reports: ReportsDb,
  ) {}

  async create(input: CampaignInput): Promise<Campaign> {
    const name = typeof input?.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 64) throw CampaignErrors.INVALID('名称需 1–64 个字');
    const a = input.audience as Record<string, unknown> | undefined;
    if (!a || typeof a !== 'object') throw CampaignErrors.INVALID('缺少受众（audience）');
    const phones = 'phones' in a ? uploadedPhones(a.phones) : null;
    if ('segmentId' in a) await this.segments.get(String(a.segmentId));
    else if ('filter' in a) {
      const problems = validateSegmentFilter(a.filter);
      if (problems.length) throw CampaignErrors.INVALID(problems.join('；'));
    } else if (!phones && a.all !== true)
      throw CampaignErrors.INVALID('受众应为 all / segmentId / filter / phones 之一');
    let scheduledAt: Date | null = null;
    if (input.scheduledAt !== undefined && input.scheduledAt !== null) {
      scheduledAt = new Date(String(input.scheduledAt));
      const soon = Date.now() + 60_000;
      if (Number.isNaN(scheduledAt.getTime())) throw CampaignErrors.INVALID('定时发送时间格式不正确');
      if (scheduledAt.getTime() < soon) throw CampaignErrors.INVALID('定时发送时间应晚于现在至少 1 分钟');
      if (scheduledAt.getTime() > Date.now() + 90 * 86_400_000)
        throw CampaignErrors.INVALID('定时发送最多提前 90 天');
    }
    const holdout = input.holdoutPercent ?? 0;
    if (!Number.isInteger(holdout) || holdout < 0 || holdout > 50)
      throw CampaignErrors.INVALID('对照组比例应为 0–50 的整数');
    if (!input.coupon && !input.sms && !input.wechat)
      throw CampaignErrors.INVALID('至少要发券、短信或微信提醒之一');
    if (input.wechat) {
      if (!this.wechat.available) throw wechatUnavailable();
      if (!input.coupon) throw CampaignErrors.INVALID('微信「券到账提醒」需要同时发券');
    }
    if (input.coupon) {
      const { templateId, count } = input.coupon;
      if (!Number.isInteger(count) || count < 1 || count > 5) throw CampaignErrors.INVALID('每人发券 1–5 张');
      await usableTemplate(this.ds.manager, templateId, new Date());
    }
    if (input.sms) {
      // Until the SMS provider is connected, a real deployment must not queue messages that would
      // never leave: refuse, and say why. (The demo's simulator "sends" them, labelled as such.)
      if (!this.sms.available) throw smsUnavailable();
      const text = typeof input.sms.text === 'string' ? input.sms.text.trim() : '';
      if (!text || text.length > 300) throw CampaignErrors.INVALID('短信内容需 1–300 个字');
    }
    const now = new Date();
    const id = newId();
    // An uploaded list is resolved to members now; the numbers themselves are not kept.
    const listed = phones ? await this.membersByPhone(phones.valid) : [];
    const c: Campaign = {
      id,
      name,
      audience: phones
        ? { list: { uploaded: phones.uploaded, invalid: phones.invalid, matched: listed.length } }
        : a,
      scheduledAt,
      templateId: input.coupon?.templateId ?? null,
      couponCount: input.coupon?.count ?? 0,
      smsText: input.sms?.text.trim() ?? null,
      wechat: input.wechat === true,
      wechatQueued: 0,
      holdoutPercent: holdout,
      state: 'READY',
      cursor: '',
      expectedAudience: 0,
      audienceCount: 0,
      holdoutCount: 0,
      treatedCount: 0,
      couponsIssued: 0,
      smsQueued: 0,
      excludedConsent: 0,
      excludedCap: 0,
      excludedStock: 0,
      failure: null,
      approvedBy: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await em.save(Campaign, em.create(Campaign, c));
      for (let i = 0; i < listed.length; i += 500)
        await em.insert(
          CampaignListMember,
          listed.slice(i, i + 500).map((memberId) => ({ campaignId: id, memberId })),
        );
    });
    return c;
  }

  /** Member ids of these numbers (deleted members excluded). */
  private async membersByPhone(phones: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < phones.length; i += 1000) {
      const rows = await this.ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .select('m.id', 'id')
        .where('m.phone IN (:...p) AND m.deleted_at IS NULL', { p: phones.slice(i, i + 1000) })
        .getRawMany<{ id: string }>();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  async get(id: string): Promise<Campaign> {
    const c = await this.ds.getRepository(Campaign).findOne({ where: { id } });
    if (!c) throw CampaignErrors.NOT_FOUND();
    return c;
  }

  status(c: Campaign): CampaignStatus {
    return {
      id: c.id,
      state: c.state,
      audience: c.audienceCount,
      holdout: c.holdoutCount,
      couponsIssued: c.couponsIssued,
      smsQueued: c.smsQueued,
      wechatQueued: c.wechatQueued,
      excluded: { consent: c.excludedConsent, cap: c.excludedCap, stock: c.excludedStock },
    };
  }

  /** The audience's filter (null: every member). */
  private async filterOf(c: Campaign): Promise<SegmentFilter | null> {
    const a = c.audience;
    if ('segmentId' in a) return (await this.segments.get(String(a.segmentId))).filter;
    if ('filter' in a) return a.filter as SegmentFilter;
    return null;
  }

  /** Runs (or resumes) the campaign to the end in this process; other processes may share it. */
  async run(
    id: string,
    opts: { batch?: number; onBatch?: (c: Campaign) => void } = {},
  ): Promise<CampaignStatus> {
    let c = await this.get(id);
    if (c.state === 'DONE') return this.status(c);
    const filter = await this.filterOf(c);
    const settings = await this.settings.get();
    for (;;) {
      const done = await this.tx.run((em) =>
        this.step(em, id, filter, settings, opts.batch ?? CAMPAIGN_BATCH),
      );
      c = await this.get(id);
      opts.onBatch?.(c);
      if (done) break;
    }
    return this.status(c);
  }

  /** One batch in one transaction; true when the audience is exhausted. */
  private async step(
    em: EntityManager,
    id: string,
    filter: SegmentFilter | null,
    settings: ChainSettings,
    size: number,
  ): Promise<boolean> {
    // Workers take turns: the campaign row is held until this batch commits.
    if (this.tx.isMysql) await em.query('SELECT id FROM campaign WHERE id = ? FOR UPDATE', [id]);
    const c = await em.findOneOrFail(Campaign, { where: { id } });
    if (c.state === 'DONE') return true;
    const now = new Date();
    const qb = em
      .getRepository(Member)
      .createQueryBuilder('m')
      .select(['m.id', 'm.phone', 'm.name', 'm.consentSms', 'm.consentWechat', 'm.openid'])
      .where('m.deleted_at IS NULL AND m.id > :cursor', { cursor: c.cursor })
      .orderBy('m.id', 'ASC')
      .take(size);
    if (filter) applySegmentFilter(qb, filter, settings.timeZone);
    if ('list' in c.audience)
      qb.andWhere('m.id IN (SELECT l.member_id FROM campaign_list_member l WHERE l.campaign_id = :cid)', {
        cid: c.id,
      });
    if (this.tx.isMysql) return bulkStep(em, c, qb, settings, now, size * SQL_BATCH_FACTOR);
    const batch = await qb.getMany();
    if (!batch.length) {
      await em.update(Campaign, { id }, { state: 'DONE', finishedAt: now, updatedAt: now });
      return true;
    }
    const out = await deliver(
      em,
      c,
      batch.map((member) => ({ member, occurrence: '' })),
      settings,
      now,
    );
    await em.update(
      Campaign,
      { id },
      {
        state: 'RUNNING',
        cursor: batch[batch.length - 1].id,
        startedAt: c.startedAt ?? now,
        audienceCount: c.audienceCount + batch.length,
        holdoutCount: c.holdoutCount + out.groups.HOLDOUT,
        treatedCount: c.treatedCount + out.groups.TREATED,
        couponsIssued: c.couponsIssued + out.coupons,
        smsQueued: c.smsQueued + out.sms,
        wechatQueued: c.wechatQueued + out.wechat,
        excludedConsent: c.excludedConsent + out.groups.NO_CONSENT,
        excludedCap: c.excludedCap + out.groups.CAPPED,
        excludedStock: c.excludedStock + out.groups.NO_STOCK,
        updatedAt: now,
      },
    );
    return false;
  }

  /** The audience as a member query (null filter: every member); a stored list needs its campaign. */
  private async audienceQuery(audience: Record<string, unknown>, campaignId?: string) {
    const { timeZone } = await this.settings.get();
    const qb = this.ds.getRepository(Member).createQueryBuilder('m').where('m.deleted_at IS NULL');
    if ('phones' in audience) {
      const { valid } = uploadedPhones(audience.phones);
      return qb.andWhere(valid.length ? 'm.phone IN (:...listPhones)' : '1 = 0', { listPhones: valid });
    }
    if ('list' in audience)
      return qb.andWhere(
        'm.id IN (SELECT l.member_id FROM campaign_list_member l WHERE l.campaign_id = :cid)',
        {
          cid: campaignId ?? '',
        },
      );
    const filter = await this.filterOf({ audience } as Campaign);
    return filter ? applySegmentFilter(qb, filter, timeZone) : qb;
  }

  /** What a send would do, before sending: sizes, exclusions, costs. */
  async preview(input: CampaignInput) {
    const a = input.audience as Record<string, unknown>;
    if ('filter' in a) {
      const problems = validateSegmentFilter(a.filter);
      if (problems.length) throw CampaignErrors.INVALID(problems.join('；'));
    }
    const settings = await this.settings.get();
    const n = async (extra?: (qb: Awaited<ReturnType<CampaignsService['audienceQuery']>>) => void) => {
      const qb = await this.audienceQuery(a);
      extra?.(qb);
      const row = await qb.select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
      return Number(row?.n ?? 0);
    };
    const audience = await n();
    const smsOk = '(m.consent_sms = :yes AND m.phone IS NOT NULL)';
    const wxOk = '(m.consent_wechat = :yes AND m.openid IS NOT NULL)';
    const reach = [input.sms ? smsOk : null, input.wechat ? wxOk : null].filter(Boolean).join(' OR ');
    const excludedConsent = reach ? await n((qb) => qb.andWhere(`NOT (${reach})`, { yes: true })) : 0;
    const now = new Date();
    const touches = (since: string) =>
      `(SELECT COUNT(*) FROM campaign_delivery d WHERE d.member_id = m.id AND d.grp = 'TREATED' AND d.created_at >= :${since})`;
    const excludedCap = await n((qb) => {
      if (reach) qb.andWhere(`(${reach})`, { yes: true });
      qb.andWhere(`(${touches('s7')} >= :c7 OR ${touches('s30')} >= :c30)`, {
        s7: dayjs(now).subtract(7, 'day').toDate(),
        s30: dayjs(now).subtract(30, 'day').toDate(),
        c7: settings.capPer7Days,
        c30: settings.capPer30Days,
      });
    });
    const eligible = Math.max(0, audience - excludedConsent - excludedCap);
    const holdout = Math.round((eligible * (input.holdoutPercent ?? 0)) / 100);
    const treated = eligible - holdout;
    let couponLiabilityFen = 0;
    let stockLeft: number | null = null;
    if (input.coupon) {
      const t = await usableTemplate(this.ds.manager, input.coupon.templateId, now);
      couponLiabilityFen = treated * input.coupon.count * (t.valueFen ?? 0);
      stockLeft = t.stock === null ? null : Math.max(0, t.stock - t.issuedCount);
    }
    return {
      audience,
      excludedConsent,
      excludedCap,
      holdout,
      treated,
      smsCostFen: input.sms ? treated * SMS_COST_FEN : 0,
      couponLiabilityFen,
      stockLeft,
    };
  }

  private readonly runningHere = new Set<string>();
  /** Set when a queue carries the runs (Redis): the run goes to whichever worker takes it. */
  enqueueRun: ((id: string) => Promise<void>) | null = null;

  /**
   * Starts the run in the background of this process (the admin watches the progress). `by` is
   * who presses send: above the chain's approval size only an HQ admin may (and is recorded as the
   * approver); null is the system resuming a run that was already sent.
   */
  async start(id: string, by: { id: string; role: string } | null = null): Promise<Campaign> {
    const c = await this.get(id);
    if (c.state === 'DONE') throw new AppError('CAMPAIGN_FINISHED', 409, '该活动已经发送完毕');
    if (c.state === 'SCHEDULED' && by)
      throw new AppError('CAMPAIGN_SCHEDULED', 409, '该活动已定时，到时间会自动发送');
    let expected = c.expectedAudience;
    if (!expected) {
      const qb = await this.audienceQuery(c.audience, c.id);
      const row = await qb.select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
      expected = Number(row?.n ?? 0);
      await this.tx.run((em) => em.update(Campaign, { id }, { expectedAudience: expected }));
    }
    if (by && c.state === 'READY') {
      const { campaignApprovalAbove } = await this.settings.get();
      if (expected > campaignApprovalAbove) {
        if (by.role !== 'HQ_ADMIN')
          throw new AppError(
            'CAMPAIGN_NEEDS_APPROVAL',
            403,
            `受众 ${expected} 人，超过 ${campaignApprovalAbove} 人的活动需要总部管理员批准后发送`,
            { audience: expected, limit: campaignApprovalAbove },
          );
        await this.tx.run((em) => em.update(Campaign, { id }, { approvedBy: by.id }));
      }
      // A scheduled campaign is confirmed now (and approved, above) and sent by the scheduler at its time.
      if (c.scheduledAt && c.scheduledAt.getTime() > Date.now()) {
        await this.tx.run((em) =>
          em.update(Campaign, { id, state: 'READY' }, { state: 'SCHEDULED', updatedAt: new Date() }),
        );
        return this.get(id);
      }
    }
    if (this.enqueueRun) {
      await this.enqueueRun(id);
      return this.get(id);
    }
    if (!this.runningHere.has(id)) {
      this.runningHere.add(id);
      void this.run(id)
        .catch(async (e: unknown) => {
          const why = e instanceof AppError ? e.message : '发送中断，可重新点「继续发送」从中断处继续';
          await this.tx
            .run((em) =>
              em.update(
                Campaign,
                { id },
                { state: 'FAILED', failure: why.slice(0, 200), updatedAt: new Date() },
              ),
            )
            .catch(() => undefined);
        })
        .finally(() => this.runningHere.delete(id));
    }
    return this.get(id);
  }

  /**
   * Starts the scheduled campaigns whose time has come (run by the scheduler once a minute across
   * instances; the state flip is conditional, so a campaign starts once). Returns how many.
   */
  async startDue(now = new Date()): Promise<number> {
    const due = await this.ds
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .where("c.state = 'SCHEDULED' AND c.scheduled_at <= :now", { now })
      .getMany();
    let n = 0;
    for (const c of due) {
      const res = await this.tx.run((em) =>
        em.update(Campaign, { id: c.id, state: 'SCHEDULED' }, { state: 'RUNNING', updatedAt: now }),
      );
      if (res.affected !== 1) continue;
      await this.start(c.id);
      n++;
    }
    return n;
  }

  async list(): Promise<Campaign[]> {
    return this.ds.getRepository(Campaign).find({ order: { createdAt: 'DESC' }, take: 200 });
  }

  /** The audience in words. */
  async audienceLabel(c: Campaign): Promise<string> {
    const a = c.audience;
    if ('segmentId' in a) {
      const seg = await this.segments.get(String(a.segmentId)).catch(() => null);
      return seg ? `客群：${seg.name}` : '客群（已删除）';
    }
    if ('list' in a) {
      const l = a.list as { uploaded: number; matched: number };
      return `上传名单：${l.uploaded} 个号码，其中会员 ${l.matched} 位`;
    }
    if ('filter' in a)
      return `条件：${describeSegmentFilter(a.filter as SegmentFilter, await this.segments.names())}`;
    return '全部会员';
  }

  /**
   * What the campaign did: visits and revenue of the treated and of the holdout within the
   * attribution window after the start, the uplift with its 95% interval, and the ROI after the
   * coupon (nominal value of the redeemed coupons) and SMS costs. Counted by the database.
   */
  async results(id: string): Promise<CampaignResults> {
    const c = await this.get(id);
    const { timeZone } = await this.settings.get();
    const empty: ArmCounts = { members: 0, visitors: 0, revenueFen: 0, revenueSqFen: 0 };
    // The counting reads the read replica when there is one (DATABASE_REPLICA_URL).
    const q = <T>(sql: string, params: Record<string, unknown>): Promise<T[]> =>
      this.reports.query<T>(sql, params);
    if (!c.startedAt)
      return {
        status: this.status(c),
        window: null,
        treated: empty,
        holdout: empty,
        couponsRedeemed: 0,
        sms: { waiting: 0, sent: 0, delivered: 0, failed: 0 },
        couponCostFen: 0,
        smsCostFen: 0,
        uplift: null,
        roi: null,
        trend: [],
      };
    const from = c.startedAt;
    const to = dayjs(from).add(ATTRIBUTION_DAYS, 'day').toDate();
    type Num = number | string | null;
    const arms = await q<{ g: string; members: Num; visitors: Num; rev: Num; rev2: Num }>(
      `SELECT d.grp AS g, COUNT(*) AS members, SUM(CASE WHEN v.n > 0 THEN 1 ELSE 0 END) AS visitors,
          SUM(COALESCE(v.rev, 0)) AS rev, SUM(COALESCE(v.rev, 0) * COALESCE(v.rev, 0)) AS rev2
        FROM campaign_delivery d
        LEFT JOIN (SELECT member_id, COUNT(*) AS n, SUM(paid_fen) AS rev FROM visit
          WHERE status = 'OK' AND occurred_at >= :from AND occurred_at < :to AND member_id IS NOT NULL
          GROUP BY member_id) v ON v.member_id = d.member_id
        WHERE d.campaign_id = :id AND d.grp IN ('TREATED', 'HOLDOUT')
        GROUP BY d.grp`,
      { id, from, to },
    );
    const arm = (g: string): ArmCounts => {
      const r = arms.find((x) => x.g === g);
      return r
        ? {
            members: Number(r.members),
            visitors: Number(r.visitors ?? 0),
            revenueFen: Number(r.rev ?? 0),
            revenueSqFen: Number(r.rev2 ?? 0),
          }
        : empty;
    };
    const treated = arm('TREATED');
    const holdout = arm('HOLDOUT');
    const [used] = await q<{ n: Num; cost: Num }>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(t.value_fen), 0) AS cost
        FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.issue_ref = :id AND c.status = 'USED'`,
      { id },
    );
    const couponCostFen = Number(used?.cost ?? 0);
    const smsCostFen = c.smsQueued * SMS_COST_FEN;
    const states = await q<{ status: string; n: Num }>(
      'SELECT status, COUNT(*) AS n FROM sms_message WHERE campaign_id = :id GROUP BY status',
      { id },
    );
    const st = (...k: string[]) =>
      states.filter((x) => k.includes(x.status)).reduce((a, x) => a + Number(x.n), 0);
    const sms = {
      waiting: st('QUEUED', 'SENDING'),
      sent: st('SENT'),
      delivered: st('DELIVERED'),
      failed: st('FAILED'),
    };
    const uplift = measureUplift(treated, holdout);
    // Each day of the window: the share of each group that came (business days).
    const offset = dayjs(from).tz(timeZone).utcOffset();
    const dialect = this.tx.isMysql ? MYSQL : SQLITE;
    const day = (col: string) => dialect.dateOf(dialect.day(col, offset));
    const daily = await q<{ g: string; day: string; n: Num }>(
      `SELECT d.grp AS g, ${day('v.occurred_at')} AS day, COUNT(DISTINCT v.member_id) AS n
        FROM campaign_delivery d JOIN visit v ON v.member_id = d.member_id
        WHERE d.campaign_id = :id AND d.grp IN ('TREATED', 'HOLDOUT') AND v.status = 'OK'
          AND v.occurred_at >= :from AND v.occurred_at < :to
        GROUP BY d.grp, ${day('v.occurred_at')}`,
      { id, from, to },
    );
    const trend: CampaignResults['trend'] = [];
    for (let k = 0; k < ATTRIBUTION_DAYS; k++) {
      const d = dayjs(from).tz(timeZone).add(k, 'day').format('YYYY-MM-DD');
      const n = (g: string) => Number(daily.find((x) => x.g === g && x.day === d)?.n ?? 0);
      trend.push({
        day: d,
        treatedRate: treated.members ? n('TREATED') / treated.members : 0,
        holdoutRate: holdout.members ? n('HOLDOUT') / holdout.members : 0,
      });
    }
    return {
      status: this.status(c),
      window: { from: from.toISOString(), to: to.toISOString(), days: ATTRIBUTION_DAYS },
      treated,
      holdout,
      couponsRedeemed: Number(used?.n ?? 0),
      sms,
      couponCostFen,
      smsCostFen,
      uplift,
      roi: uplift ? campaignRoi(uplift.incrementalRevenueFen, couponCostFen, smsCostFen) : null,
      trend,
    };
  }
}

/** Most numbers one upload may hold (also under SQLite's limit of bound parameters per query). */
export const MAX_UPLOADED_PHONES = 30_000;

/** An uploaded list: mainland mobiles normalised and de-duplicated; what is not one is counted, never guessed. */
export function uploadedPhones(raw: unknown): { uploaded: number; invalid: number; valid: string[] } {
  if (!Array.isArray(raw) || !raw.length) throw CampaignErrors.INVALID('上传的名单是空的');
  if (raw.length > MAX_UPLOADED_PHONES)
    throw CampaignErrors.INVALID(`一次最多上传 ${MAX_UPLOADED_PHONES} 个号码（这次 ${raw.length} 个）`);
  const valid = new Set<string>();
  let invalid = 0;
  for (const x of raw) {
    const n = typeof x === 'string' && isMainlandMobile(x) ? normalizePhone(x) : null;
    if (n) valid.add(n);
    else invalid++;
  }
  if (!valid.size) throw CampaignErrors.INVALID('名单里没有一个有效的手机号（11 位大陆手机号）');
  return { uploaded: raw.length, invalid, valid: [...valid] };
}
