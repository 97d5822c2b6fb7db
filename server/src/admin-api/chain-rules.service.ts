import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { describeTierBenefits } from '@tableside/shared';
import { AuditService } from '../audit/audit.service';
import { type StaffPrincipal } from '../auth/principals';
import { AppError } from '../common/app-error';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { SettingsService } from '../settings/settings.service';
import { Tier } from '../tiers/entities/tier.entity';
import type { SettingsDto, TierAdminDto, UpdateSettingsDto, UpdateTierDto } from './dto';
import { AdminErrors } from './admin-scope';

/** Head office's rules: tiers and the chain settings. */
@Injectable()
export class ChainRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  async tierList(): Promise<TierAdminDto[]> {
    const tiers = await this.ds.getRepository(Tier).find({ order: { rank: 'ASC' } });
    const counts = await this.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .select('m.tier_id', 'tierId')
      .addSelect('COUNT(*)', 'n')
      .where('m.deleted_at IS NULL')
      .groupBy('m.tier_id')
      .getRawMany<{ tierId: string; n: unknown }>();
    const giftIds = tiers.map((t) => t.benefits?.birthdayTemplateId).filter((x): x is string => !!x);
    const gifts = giftIds.length
      ? await this.ds.getRepository(CouponTemplate).find({ where: { id: In(giftIds) } })
      : [];
    return tiers.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      rank: t.rank,
      thresholdFen: t.thresholdFen,
      pointsMultiplierPercent: t.pointsMultiplierPercent,
      memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
      birthdayTemplateId: t.benefits?.birthdayTemplateId ?? null,
      benefits: describeTierBenefits({
        pointsMultiplierPercent: t.pointsMultiplierPercent,
        memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
        birthdayGiftName: gifts.find((g) => g.id === t.benefits?.birthdayTemplateId)?.name ?? null,
      }),
      members: Number(counts.find((c) => c.tierId === t.id)?.n ?? 0),
    }));
  }

  async updateTier(staff: StaffPrincipal, id: string, dto: UpdateTierDto): Promise<TierAdminDto[]> {
    await this.tx.run(async (em) => {
      const tiers = await em.find(Tier, { order: { rank: 'ASC' } });
      const t = tiers.find((x) => x.id === id);
      if (!t) throw AdminErrors.TIER_NOT_FOUND();
      if (
        dto.birthdayTemplateId &&
        !(await em.exists(CouponTemplate, { where: { id: dto.birthdayTemplateId } }))
      )
        throw AdminErrors.TEMPLATE_NOT_FOUND();
      const { memberPricePercentOff, birthdayTemplateId, ...plain } = dto;
      const next = {
        ...t,
        ...plain,
        benefits: {
          memberPricePercentOff: memberPricePercentOff ?? t.benefits?.memberPricePercentOff ?? 0,
          birthdayTemplateId:
            birthdayTemplateId !== undefined ? birthdayTemplateId : (t.benefits?.birthdayTemplateId ?? null),
        },
      };
      const thresholds = tiers.map((x) => (x.id === id ? next.thresholdFen : x.thresholdFen));
      if (thresholds.some((v, i) => i > 0 && v <= thresholds[i - 1]))
        throw AdminErrors.TIER_THRESHOLDS_OUT_OF_ORDER();
      await em.update(
        Tier,
        { id },
        {
          name: next.name,
          thresholdFen: next.thresholdFen,
          pointsMultiplierPercent: next.pointsMultiplierPercent,
          benefits: next.benefits,
        },
      );
      await this.audit.record(
        staff,
        { action: 'tier.update', targetType: 'tier', targetId: id, detail: { ...dto } },
        em,
      );
    });
    return this.tierList();
  }

  private toSettings(s: ChainSettings): SettingsDto {
    return {
      chainName: s.chainName,
      pointsPerYuan: s.pointsPerYuan,
      pointsExpiryYears: s.pointsExpiryYears,
      tierWindowMonths: s.tierWindowMonths,
      memberCodeStepSeconds: s.memberCodeStepSeconds,
      welcomeTemplateId: s.welcomeTemplateId,
      lifecycleNewDays: s.lifecycleNewDays,
      lifecycleDormantDays: s.lifecycleDormantDays,
      lifecycleLostDays: s.lifecycleLostDays,
      coreMinVisits: s.coreMinVisits,
      coreMinSpendFen: s.coreMinSpendFen,
      capPer7Days: s.capPer7Days,
      capPer30Days: s.capPer30Days,
      quietStartHour: s.quietStartHour,
      quietEndHour: s.quietEndHour,
      campaignApprovalAbove: s.campaignApprovalAbove,
    };
  }

  async getSettings(): Promise<SettingsDto> {
    return this.toSettings(await this.settings.get());
  }

  async updateSettings(staff: StaffPrincipal, dto: UpdateSettingsDto): Promise<SettingsDto> {
    const current = await this.settings.get();
    // The layers must stay in order: a diner turns dormant before they are lost.
    const dormant = dto.lifecycleDormantDays ?? current.lifecycleDormantDays;
    const lost = dto.lifecycleLostDays ?? current.lifecycleLostDays;
    if (dormant >= lost)
      throw new AppError(
        'LIFECYCLE_THRESHOLDS_OUT_OF_ORDER',
        400,
        `沉睡天数（${dormant}）必须小于流失天数（${lost}）`,
      );
    const cap7 = dto.capPer7Days ?? current.capPer7Days;
    const cap30 = dto.capPer30Days ?? current.capPer30Days;
    if (cap7 > cap30)
      throw new AppError(
        'MARKETING_CAPS_OUT_OF_ORDER',
        400,
        `7 天上限（${cap7}）不能大于 30 天上限（${cap30}）`,
      );
    if ((dto.quietStartHour ?? current.quietStartHour) === (dto.quietEndHour ?? current.quietEndHour))
      throw new AppError('QUIET_HOURS_EMPTY', 400, '免打扰的开始和结束不能是同一个钟点');
    await this.tx.run(async (em) => {
      if (
        dto.welcomeTemplateId &&
        !(await em.exists(CouponTemplate, { where: { id: dto.welcomeTemplateId } }))
      )
        throw new AppError('COUPON_TEMPLATE_NOT_FOUND', 404, '券模板不存在');
      await em.update(
        ChainSettings,
        { id: 1 },
        {
          ...dto,
          ...(dto.welcomeTemplateId === '' ? { welcomeTemplateId: null } : {}),
          updatedAt: new Date(),
        },
      );
      await this.audit.record(staff, { action: 'settings.update', detail: { ...dto } }, em);
    });
    return this.getSettings();
  }
}
