import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  businessDay,
  computeCouponValidity,
  TEMPLATE_STATUS_LABELS,
  type TemplateStatus,
  describeCouponRule,
  validateCouponRule,
  type CouponCandidate,
  type CouponChannel,
  type CouponRule,
} from '@tableside/shared';
import { newId } from '../common/ids';
import { refCached } from '../database/ref-cache';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { allTiers } from '../tiers/all-tiers';
import { CouponErrors } from './coupons.errors';
import { CouponClaimCounter } from './entities/coupon-claim-counter.entity';
import { CouponTemplate } from './entities/coupon-template.entity';
import { Coupon } from './entities/coupon.entity';
import { newCouponCode } from './coupon-code';
import { FlashSaleService } from './flash-sale.service';
import type { CouponTemplateDto, CouponTemplateInputDto, IssuedCouponDto } from './dto/coupon-template.dto';

export type IssueChannel = CouponChannel | 'STAFF' | 'IMPORT' | 'AUTOMATION';

export interface IssueRequest {
  templateId: string;
  memberId: string;
  channel: IssueChannel;
  ref?: string | null;
  now?: Date;
}

/** Template + tier ranks → the evaluator's rule. */
export function ruleOf(t: CouponTemplate, tierRank: Map<string, number>): CouponRule {
  return {
    type: t.type,
    valueFen: t.valueFen,
    percentOff: t.percentOff,
    maxDiscountFen: t.maxDiscountFen,
    thresholdFen: t.thresholdFen,
    weekdays: t.weekdays,
    timeWindows: t.timeWindows,
    storeIds: t.storeIds,
    minTierRank: t.minTierId ? (tierRank.get(t.minTierId) ?? null) : null,
    stacking: t.stacking,
    maxPerBill: t.maxPerBill,
  };
}

/** A flash template is claimed by diners in the claim centre, from its start time on. */
export function assertFlashOpen(t: CouponTemplate, channel: IssueChannel, now: Date): void {
  if (channel !== 'CLAIM_CENTER') throw CouponErrors.COUPON_CHANNEL_NOT_ALLOWED();
  if (t.flashStartAt && t.flashStartAt > now)
    throw CouponErrors.COUPON_FLASH_NOT_STARTED({ startsAt: t.flashStartAt.toISOString() });
}

/** What a 限时秒杀 template must be: claim-centre only, limited stock, a per-member limit. */
export function flashProblems(t: CouponTemplate): string[] {
  const problems: string[] = [];
  if (!t.stock) problems.push('秒杀券需要设置库存');
  if (!t.perMemberLimit) problems.push('秒杀券需要设置每人限领张数');
  if (t.perMemberDailyLimit) problems.push('秒杀券按每人限领控制，不能再设每日限领');
  if (!t.channels || t.channels.length !== 1 || t.channels[0] !== 'CLAIM_CENTER')
    problems.push('秒杀券只能在领券中心领取：发放渠道请只选“领券中心”');
  if (t.flashStartAt && t.validTo && t.flashStartAt >= t.validTo)
    problems.push('开抢时间必须早于有效期结束时间');
  return problems;
}

export const toIssuedDto = (c: Coupon, t: CouponTemplate): IssuedCouponDto => ({
  code: c.code,
  templateId: t.id,
  name: t.name,
  status: c.status,
  validFrom: c.validFrom.toISOString(),
  validTo: c.validTo.toISOString(),
});

@Injectable()
export class CouponsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
    private readonly flash: FlashSaleService,
  ) {}

  async tierRanks(em: EntityManager = this.ds.manager): Promise<Map<string, number>> {
    const tiers = await allTiers(em);
    return new Map(tiers.map((t) => [t.id, t.rank]));
  }

  // ---- templates ---------------------------------------------------------------------------

  /** Maps the public template JSON to a row; store codes and tier code are resolved to ids. */
  async templateFromInput(
    em: EntityManager,
    input: CouponTemplateInputDto,
    base?: CouponTemplate,
  ): Promise<CouponTemplate> {
    let storeIds: string[] | null = null;
    if (input.storeCodes?.length) {
      const stores = await em.find(Store, { where: { code: In(input.storeCodes) } });
      const missing = input.storeCodes.filter((c) => !stores.some((s) => s.code === c));
      if (missing.length)
        throw CouponErrors.STORE_NOT_FOUND({ storeCodes: missing }, `门店不存在：${missing.join('、')}`);
      storeIds = stores.map((s) => s.id);
    }
    let minTierId: string | null = null;
    let minTierRank: number | null = null;
    if (input.minTier) {
      const tier = await em.findOne(Tier, { where: { code: input.minTier } });
      if (!tier)
        throw CouponErrors.TIER_NOT_FOUND({ minTier: input.minTier }, `会员等级不存在：${input.minTier}`);
      minTierId = tier.id;
      minTierRank = tier.rank;
    }
    const now = new Date();
    const t = em.create(CouponTemplate, {
      ...(base ?? { id: newId(), issuedCount: 0, createdAt: now }),
      name: input.name,
      type: input.type,
      valueFen: input.valueFen ?? null,
      percentOff: input.percentOff ?? null,
      maxDiscountFen: input.maxDiscountFen ?? null,
      thresholdFen: input.thresholdFen ?? null,
      itemName: input.itemName ?? null,
      validFrom: input.validFrom ? new Date(input.validFrom) : null,
      validTo: input.validTo ? new Date(input.validTo) : null,
      flashStartAt: input.flashStartAt ? new Date(input.flashStartAt) : null,
      validDays: input.validDays ?? null,
      weekdays: input.weekdays?.length ? [...new Set(input.weekdays)].sort() : null,
      timeWindows: input.timeWindows?.length
        ? input.timeWindows.map((w) => ({ from: w.from, to: w.to }))
        : null,
      storeIds,
      minTierId,
      stacking: input.stacking ?? 'EXCLUSIVE',
      maxPerBill: input.maxPerBill ?? null,
      stock: input.stock ?? null,
      perMemberLimit: input.perMemberLimit ?? null,
      perMemberDailyLimit: input.perMemberDailyLimit ?? null,
      channels: input.channels?.length ? input.channels : null,
      pointsCost: input.pointsCost ?? null,
      description: input.description ?? null,
      // Status moves through publish/pause/archive; an edit keeps it.
      ...(base
        ? { status: base.status, active: base.active }
        : (() => {
            const status: TemplateStatus = input.status ?? (input.active === false ? 'PAUSED' : 'PUBLISHED');
            return { status, active: status === 'PUBLISHED' };
          })()),
      updatedAt: now,
    });
    const problems = validateCouponRule({ ...ruleOf(t, new Map()), minTierRank });
    if (t.validFrom && t.validTo && t.validFrom >= t.validTo) problems.push('有效期结束时间必须晚于开始时间');
    if (!t.validTo && !t.validDays) problems.push('请设置有效期：固定结束时间或领取后 N 天有效');
    if (t.type === 'ITEM' && !t.itemName) problems.push('兑换券需要填写兑换的菜品名称');
    if (t.channels?.includes('POINTS_EXCHANGE') && !t.pointsCost) problems.push('积分兑换券需要设置所需积分');
    if (t.flashStartAt) problems.push(...flashProblems(t));
    if (base && !!base.flashStartAt !== !!t.flashStartAt && base.issuedCount > 0)
      problems.push('已经发出券的模板不能改变是否为秒杀券：请新建一个模板');
    if (problems.length)
      throw CouponErrors.COUPON_TEMPLATE_INVALID({ problems }, `券模板设置不正确：${problems.join('；')}`);
    return t;
  }

  async createTemplate(input: CouponTemplateInputDto): Promise<CouponTemplate> {
    return this.tx.run(async (em) => {
      const t = await this.templateFromInput(em, input);
      await em.insert(CouponTemplate, t);
      return t;
    });
  }

  /**
   * Saves an edit: only the template's own settings are written (never the issued/used counters,
   * which other transactions move), and the stock only if it is not below what was already issued
   * — one conditional UPDATE, so a claim racing the edit cannot oversell.
   */
  async updateTemplate(id: string, input: CouponTemplateInputDto): Promise<CouponTemplate> {
    return this.tx.run(async (em) => {
      const base = await this.getTemplate(id, em);
      const next = await this.templateFromInput(em, input, base);
      // The Redis gate first: it refuses a stock below what it has already granted.
      if (next.flashStartAt && next.stock !== null)
        await this.flash.setStock(id, next.stock, next.perMemberLimit);
      const { id: _id, issuedCount: _issued, createdAt: _created, ...columns } = next;
      const res = await em
        .createQueryBuilder()
        .update(CouponTemplate)
        .set(columns)
        .where('id = :id', { id })
        .andWhere(next.stock === null ? '1 = 1' : 'issued_count <= :stock', { stock: next.stock })
        .execute();
      if (res.affected !== 1) {
        const now = await this.getTemplate(id, em);
        throw CouponErrors.COUPON_STOCK_BELOW_ISSUED(
          { issuedCount: now.issuedCount },
          `库存不能少于已发放的 ${now.issuedCount} 张`,
        );
      }
      return this.getTemplate(id, em);
    });
  }

  /** publish / pause / archive (and back from archive to paused). */
  async setStatus(id: string, status: TemplateStatus): Promise<CouponTemplate> {
    return this.tx.run(async (em) => {
      const t = await this.getTemplate(id, em);
      const allowed: Record<TemplateStatus, TemplateStatus[]> = {
        DRAFT: ['PUBLISHED', 'ARCHIVED'],
        PUBLISHED: ['PAUSED', 'ARCHIVED'],
        PAUSED: ['PUBLISHED', 'ARCHIVED'],
        ARCHIVED: ['PAUSED'],
      };
      if (!allowed[t.status].includes(status))
        throw CouponErrors.COUPON_TEMPLATE_STATUS(
          { from: t.status, to: status },
          `${TEMPLATE_STATUS_LABELS[t.status]}的券不能直接改为${TEMPLATE_STATUS_LABELS[status]}`,
        );
      if (status === 'PUBLISHED' && t.validTo && t.validTo <= new Date())
        throw CouponErrors.COUPON_TEMPLATE_EXPIRED(undefined, '有效期已经结束，不能发布：请先修改有效期');
      await em.update(
        CouponTemplate,
        { id },
        { status, active: status === 'PUBLISHED', updatedAt: new Date() },
      );
      return this.getTemplate(id, em);
    });
  }

  async getTemplate(id: string, em: EntityManager = this.ds.manager): Promise<CouponTemplate> {
    const t = await em.findOne(CouponTemplate, { where: { id } });
    if (!t) throw CouponErrors.COUPON_TEMPLATE_NOT_FOUND();
    return t;
  }

  async toTemplateDto(t: CouponTemplate, em: EntityManager = this.ds.manager): Promise<CouponTemplateDto> {
    return (await this.toTemplateDtos([t], em))[0];
  }

  /** The templates as admin shows them, with each one's used count (one index-only GROUP BY). */
  async toTemplateDtos(
    ts: CouponTemplate[],
    em: EntityManager = this.ds.manager,
  ): Promise<CouponTemplateDto[]> {
    const used = await this.usedCounts(
      em,
      ts.map((t) => t.id),
    );
    return Promise.all(ts.map((t) => this.templateDto(t, used.get(t.id) ?? 0, em)));
  }

  /**
   * Coupons used per template, counted from the coupons themselves: a counter on the template row
   * would make every bill of a chain-wide campaign wait for that one row's lock (measured: the till's
   * commits went from 332/s to 491/s without it, docs/benchmarks.md).
   */
  private async usedCounts(em: EntityManager, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await em.query(
      `SELECT template_id AS id, COUNT(*) AS n FROM coupon WHERE template_id IN (${ids.map(() => '?').join(', ')}) AND status = 'USED' GROUP BY template_id`,
      ids,
    )) as { id: string; n: string | number }[];
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  private async templateDto(
    t: CouponTemplate,
    usedCount: number,
    em: EntityManager,
  ): Promise<CouponTemplateDto> {
    const stores = t.storeIds?.length ? await em.find(Store, { where: { id: In(t.storeIds) } }) : [];
    const tier = t.minTierId ? await em.findOne(Tier, { where: { id: t.minTierId } }) : null;
    const ranks = await this.tierRanks(em);
    return {
      id: t.id,
      name: t.name,
      type: t.type,
      valueFen: t.valueFen,
      percentOff: t.percentOff,
      maxDiscountFen: t.maxDiscountFen,
      thresholdFen: t.thresholdFen,
      validFrom: t.validFrom?.toISOString() ?? null,
      validTo: t.validTo?.toISOString() ?? null,
      flashStartAt: t.flashStartAt?.toISOString() ?? null,
      validDays: t.validDays,
      weekdays: t.weekdays,
      timeWindows: t.timeWindows,
      storeCodes: stores.length ? stores.map((s) => s.code) : null,
      minTier: tier?.code ?? null,
      stacking: t.stacking,
      maxPerBill: t.maxPerBill,
      stock: t.stock,
      perMemberLimit: t.perMemberLimit,
      perMemberDailyLimit: t.perMemberDailyLimit,
      channels: t.channels,
      itemName: t.itemName,
      pointsCost: t.pointsCost,
      description: t.description,
      // From the status (an insert on MySQL can leave the raw 0/1 of a defaulted column on the object).
      active: t.status === 'PUBLISHED',
      status: t.status,
      issuedCount: t.issuedCount,
      usedCount,
      summary: describeCouponRule({
        ...ruleOf(t, ranks),
        ...(t.itemName ? { itemName: t.itemName } : {}),
      } as CouponRule),
    };
  }

  // ---- issuing ----------------------------------------------------------------------------

  /** Increments a member's claim counter unless it is at `limit` (conditional UPDATE: race-safe). */
  private async bumpCounter(
    em: EntityManager,
    memberId: string,
    templateId: string,
    period: string,
    limit: number,
  ): Promise<boolean> {
    await em
      .createQueryBuilder()
      .insert()
      .into(CouponClaimCounter)
      .values({ id: newId(), memberId, templateId, period, count: 0 })
      .orIgnore()
      .execute();
    const res = await em
      .createQueryBuilder()
      .update(CouponClaimCounter)
      .set({ count: () => 'count + 1' })
      .where('member_id = :memberId AND template_id = :templateId AND period = :period AND count < :limit', {
        memberId,
        templateId,
        period,
        limit,
      })
      .execute();
    return res.affected === 1;
  }

  /**
   * Issues one coupon inside the caller's transaction. Never exceeds the stock or the per-member
   * limits, however many requests race: each is a conditional UPDATE whose row count decides.
   */
  async issueIn(em: EntityManager, req: IssueRequest): Promise<{ coupon: Coupon; template: CouponTemplate }> {
    const now = req.now ?? new Date();
    const t = await this.getTemplate(req.templateId, em);
    if (!t.active) throw CouponErrors.COUPON_TEMPLATE_INACTIVE();
    if (t.validTo && t.validTo <= now) throw CouponErrors.COUPON_TEMPLATE_EXPIRED();
    // Staff grants and automations are push distribution: they need the template's CAMPAIGN
    // channel like a campaign does (a points-exchange-only coupon is never handed out for free).
    const channel: CouponChannel | null =
      req.channel === 'STAFF' || req.channel === 'AUTOMATION'
        ? 'CAMPAIGN'
        : req.channel === 'IMPORT'
          ? null
          : req.channel;
    if (channel && t.channels && !t.channels.includes(channel))
      throw CouponErrors.COUPON_CHANNEL_NOT_ALLOWED();
    if (t.flashStartAt) assertFlashOpen(t, req.channel, now);
    const member = await em.findOne(Member, { where: { id: req.memberId } });
    if (!member || member.deletedAt) throw CouponErrors.COUPON_NOT_FOUND(undefined, '会员不存在');
    // Serialise one member's issues: the claim counters below are then taken in one order and
    // 30 parallel claims by one diner queue instead of deadlocking (MySQL; SQLite is serial).
    if (this.tx.isMysql) await em.query('SELECT id FROM member WHERE id = ? FOR UPDATE', [member.id]);
    if (t.minTierId && channel) {
      const ranks = await this.tierRanks(em);
      if ((ranks.get(member.tierId) ?? 0) < (ranks.get(t.minTierId) ?? 0))
        throw CouponErrors.COUPON_TIER_TOO_LOW();
    }
    const { timeZone } = await this.settings.get(em);
    if (t.perMemberLimit && !(await this.bumpCounter(em, member.id, t.id, 'ALL', t.perMemberLimit))) {
      throw CouponErrors.COUPON_LIMIT_REACHED({ limit: t.perMemberLimit });
    }
    if (
      t.perMemberDailyLimit &&
      !(await this.bumpCounter(em, member.id, t.id, businessDay(now, timeZone), t.perMemberDailyLimit))
    ) {
      throw CouponErrors.COUPON_DAILY_LIMIT_REACHED({ limit: t.perMemberDailyLimit });
    }
    // The hot row last, so its lock is held for the shortest time.
    const stockRes = await em
      .createQueryBuilder()
      .update(CouponTemplate)
      .set({ issuedCount: () => 'issued_count + 1' })
      .where('id = :id AND (stock IS NULL OR issued_count < stock)', { id: t.id })
      .execute();
    if (stockRes.affected !== 1) throw CouponErrors.COUPON_OUT_OF_STOCK();
    const validity = computeCouponValidity(
      { validFrom: t.validFrom, validTo: t.validTo, validDays: t.validDays },
      now,
      timeZone,
    );
    for (let attempt = 0; ; attempt++) {
      const coupon = em.create(Coupon, {
        id: newId(),
        code: newCouponCode(),
        templateId: t.id,
        memberId: member.id,
        status: 'AVAILABLE',
        validFrom: validity.validFrom,
        validTo: validity.validTo,
        issuedAt: now,
        issueChannel: req.channel,
        issueRef: req.ref ?? null,
        usedAt: null,
        usedStoreId: null,
        usedVisitId: null,
        usedByStaffId: null,
      });
      try {
        await em.insert(Coupon, coupon);
        return { coupon, template: t };
      } catch (e) {
        if (isUniqueViolation(e) && attempt < 3) continue; // a 63-bit code collision: draw again
        throw e;
      }
    }
  }

  async issue(req: IssueRequest): Promise<IssuedCouponDto> {
    const { coupon, template } = await this.tx.run((em) => this.issueIn(em, req));
    return toIssuedDto(coupon, template);
  }

  // ---- reading for checkout ---------------------------------------------------------------

  /** Coupons by code with their templates, as evaluator candidates. */
  async candidatesByCodes(
    em: EntityManager,
    codes: string[],
  ): Promise<{ candidates: CouponCandidate[]; coupons: Coupon[] }> {
    if (!codes.length) return { candidates: [], coupons: [] };
    const coupons = await em.find(Coupon, { where: { code: In(codes) } });
    return { candidates: await this.toCandidates(em, coupons), coupons };
  }

  async availableForMember(em: EntityManager, memberId: string, limit = 50): Promise<Coupon[]> {
    return em.find(Coupon, {
      where: { memberId, status: 'AVAILABLE' },
      order: { validTo: 'ASC' },
      take: limit,
    });
  }

  async toCandidates(em: EntityManager, coupons: Coupon[]): Promise<CouponCandidate[]> {
    const templateIds = [...new Set(coupons.map((c) => c.templateId))];
    const load = (m: EntityManager, id: string) => m.findOne(CouponTemplate, { where: { id } });
    // Rules from the reference cache; a template this transaction created is read through it.
    const templates = await Promise.all(
      templateIds.map(
        async (id) => (await refCached(em, 'templates', id, (m) => load(m, id))) ?? load(em, id),
      ),
    );
    const byId = new Map(templates.filter((t) => !!t).map((t) => [t.id, t]));
    const ranks = await this.tierRanks(em);
    return coupons.map((c) => {
      const t = byId.get(c.templateId)!;
      return {
        code: c.code,
        name: t.name,
        templateId: t.id,
        status: c.status,
        validFrom: c.validFrom,
        validTo: c.validTo,
        ownerMemberId: c.memberId,
        rule: ruleOf(t, ranks),
      };
    });
  }
}
