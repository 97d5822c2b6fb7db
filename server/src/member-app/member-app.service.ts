import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { describeCouponRule, describeTierBenefits, formatYuan, type CouponRule } from '@tableside/shared';
import { AppError } from '../common/app-error';
import { CheckoutService } from '../checkout/checkout.service';
import { CouponsService, ruleOf } from '../coupons/coupons.service';
import { Coupon } from '../coupons/entities/coupon.entity';
import { FlashSaleService } from '../coupons/flash-sale.service';
import { MemberSessions } from '../auth/member-sessions.service';
import { CouponClaimCounter } from '../coupons/entities/coupon-claim-counter.entity';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Member } from '../members/entities/member.entity';
import { toMemberProfile } from '../members/member-profile';
import { MembersService } from '../members/members.service';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { PointsService } from '../points/points.service';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { StoreTable } from '../stores/entities/store-table.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { TiersService } from '../tiers/tiers.service';
import { Visit } from '../visits/entities/visit.entity';
import { MemberInsight } from '../insights/entities/member-insight.entity';
import { WalletEntry } from '../wallet/entities/wallet-entry.entity';
import { WECHAT_AUTH, type WechatAuthAdapter } from '../wechat/wechat-auth.adapter';
import { TokenService } from '../auth/token.service';
import type {
  ClaimableTemplateDto,
  DeleteAccountDto,
  DeletionPreviewDto,
  ExchangeDto,
  ExchangeResponseDto,
  JoinDto,
  JoinResponseDto,
  MemberCardDto,
  PayDto,
  PayResponseDto,
  PointsEntryDto,
  StoreEntryDto,
  TierInfoDto,
  UpdateProfileDto,
  VisitDto,
  WalletCouponDto,
  WalletEntryDto,
  WalletTab,
} from './dto';
import { MemberAppErrors } from './member-app.errors';

const EXPIRING_SOON_MS = 3 * 24 * 3600 * 1000;

/** Everything the diner's mini-program does beyond login and the member code. */
@Injectable()
export class MemberAppService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly members: MembersService,
    private readonly coupons: CouponsService,
    private readonly points: PointsService,
    private readonly tiers: TiersService,
    private readonly settings: SettingsService,
    private readonly checkout: CheckoutService,
    private readonly idempotency: IdempotencyService,
    private readonly tokens: TokenService,
    @Inject(WECHAT_AUTH) private readonly wechat: WechatAuthAdapter,
    private readonly flash: FlashSaleService,
    private readonly sessions: MemberSessions,
  ) {}

  // ---- entry and joining ---------------------------------------------------------------------

  async entry(storeCode: string, tableNo?: string): Promise<StoreEntryDto> {
    const store = await this.ds.getRepository(Store).findOne({ where: { code: storeCode, active: true } });
    if (!store) throw MemberAppErrors.STORE_NOT_FOUND();
    const table = tableNo
      ? await this.ds.getRepository(StoreTable).findOne({ where: { storeId: store.id, tableNo } })
      : null;
    return {
      id: store.id,
      code: store.code,
      name: store.name,
      address: store.address,
      tableNo: table?.tableNo ?? null,
    };
  }

  /** Does this placeholder member have anything of its own yet? (Then it cannot be merged away.) */
  private async hasActivity(em: EntityManager, memberId: string): Promise<boolean> {
    for (const entity of [Visit, PointsEntry, WalletEntry, Coupon] as const) {
      if (await em.exists(entity as typeof Visit, { where: { memberId } })) return true;
    }
    return false;
  }

  /**
   * Completes joining: the phone from WeChat's phone authorisation, marketing consent as its own
   * choice, an optional birthday. A phone that already belongs to a member without WeChat (an
   * imported member) is linked to this WeChat account instead of creating a duplicate.
   * The welcome gift is given once per member, whatever is retried.
   */
  async join(memberId: string, dto: JoinDto): Promise<JoinResponseDto> {
    const phone = dto.phoneCode ? await this.wechat.phoneNumber(dto.phoneCode) : null;
    const now = new Date();
    const { target, linked, already } = await this.tx.run(async (em) => {
      let me = await this.members.get(memberId, em);
      // A returning member (new device, second tap): recognised, and nothing they chose is overwritten.
      if (me.phone) return { target: me.id, linked: false, already: true };
      let linkedExisting = false;
      if (phone && me.phone !== phone) {
        const other = await em.findOne(Member, { where: { phone, deletedAt: IsNull() } });
        if (other) {
          if ((other.openid && other.openid !== me.openid) || (await this.hasActivity(em, me.id)))
            throw MemberAppErrors.PHONE_BELONGS_TO_ANOTHER();
          const { openid, unionid } = me;
          await em.delete(Member, { id: me.id });
          // Race-safe: only a member with no WeChat account yet can be linked; of two WeChat
          // accounts authorising the same phone at once, exactly one wins, the other is refused.
          const linked = await em
            .createQueryBuilder()
            .update(Member)
            .set({ openid, unionid, updatedAt: now })
            .where('id = :id AND openid IS NULL AND deleted_at IS NULL', { id: other.id })
            .execute();
          if (linked.affected !== 1) throw MemberAppErrors.PHONE_BELONGS_TO_ANOTHER();
          me = await this.members.get(other.id, em);
          linkedExisting = true;
        } else {
          await em.update(Member, { id: me.id }, { phone, updatedAt: now });
        }
      }
      // Consent is recorded once, as chosen here; a member who already chose (e.g. linked after an
      // import that carried consent, or changed it in 我的) keeps their choice.
      const chooseConsent = !me.consentUpdatedAt;
      await em.update(
        Member,
        { id: me.id },
        {
          ...(chooseConsent
            ? {
                consentSms: dto.consentMarketing,
                consentWechat: dto.consentMarketing,
                consentUpdatedAt: now,
                consentChannel: 'MINIAPP',
              }
            : {}),
          ...(dto.birthday && !me.birthday ? { birthday: dto.birthday } : {}),
          ...(dto.name && !me.name ? { name: dto.name } : {}),
          updatedAt: now,
        },
      );
      return { target: me.id, linked: linkedExisting, already: false };
    });
    const welcomeGift = already ? undefined : await this.giveWelcomeGift(target);
    const m = await this.members.get(target);
    return {
      accessToken: await this.tokens.signMember(m.id, m.tokenVersion),
      member: toMemberProfile(m, await this.ds.getRepository(Tier).findOne({ where: { id: m.tierId } })),
      linkedExisting: linked,
      alreadyMember: already,
      ...(welcomeGift ? { welcomeGift } : {}),
    };
  }

  private async giveWelcomeGift(memberId: string): Promise<string | undefined> {
    const { welcomeTemplateId } = await this.settings.get();
    if (!welcomeTemplateId) return undefined;
    try {
      return await this.idempotency.run(`member:${memberId}:welcome`, 'welcome-gift', {}, async (em) => {
        const { template } = await this.coupons.issueIn(em, {
          templateId: welcomeTemplateId,
          memberId,
          channel: 'AUTOMATION',
          ref: 'welcome',
        });
        return template.name;
      });
    } catch (e) {
      // Out of stock or ended: joining still succeeds, just without the gift.
      if (e instanceof AppError && e.status < 500) return undefined;
      throw e;
    }
  }

  // ---- the card ------------------------------------------------------------------------------

  /** Benefits described from the data the rules apply (never free text). */
  private async tierInfo(em: EntityManager, t: Tier): Promise<TierInfoDto> {
    const giftId = t.benefits?.birthdayTemplateId;
    const gift = giftId ? await em.findOne(CouponTemplate, { where: { id: giftId } }) : null;
    return {
      code: t.code,
      name: t.name,
      rank: t.rank,
      thresholdFen: t.thresholdFen,
      pointsMultiplierPercent: t.pointsMultiplierPercent,
      memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
      benefits: describeTierBenefits({
        pointsMultiplierPercent: t.pointsMultiplierPercent,
        memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
        birthdayGiftName: gift?.name ?? null,
      }),
    };
  }

  async card(memberId: string): Promise<MemberCardDto> {
    await this.points.settleExpiry(this.tx, memberId);
    const em = this.ds.manager;
    const now = new Date();
    const m = await this.members.get(memberId);
    const tiers = await em.find(Tier, { order: { rank: 'ASC' } });
    const tier = tiers.find((t) => t.id === m.tierId) ?? tiers[0];
    const next = tiers.find((t) => t.rank > tier.rank) ?? null;
    const settings = await this.settings.get();
    const available = await em.find(Coupon, {
      where: { memberId, status: 'AVAILABLE', validTo: MoreThan(now) },
      select: { id: true, validTo: true },
    });
    return {
      profile: toMemberProfile(m, tier),
      tier: await this.tierInfo(em, tier),
      nextTier: next ? await this.tierInfo(em, next) : null,
      growthFen: await this.tiers.growthFen(em, memberId, now),
      tierWindowMonths: settings.tierWindowMonths,
      balanceFen: m.balancePrincipalFen + m.balanceBonusFen,
      availableCoupons: available.length,
      expiringSoon: available.filter((c) => c.validTo.getTime() - now.getTime() < EXPIRING_SOON_MS).length,
      registered: !!m.phone,
      chainName: settings.chainName,
    };
  }

  // ---- coupons ------------------------------------------------------------------------------

  private async describe(em: EntityManager, templates: CouponTemplate[]) {
    const ranks = await this.coupons.tierRanks(em);
    const storeIds = [...new Set(templates.flatMap((t) => t.storeIds ?? []))];
    const stores = storeIds.length ? await em.find(Store, { where: { id: In(storeIds) } }) : [];
    const storeName = new Map(stores.map((s) => [s.id, s.name]));
    return (t: CouponTemplate) => {
      const rule: CouponRule = { ...ruleOf(t, ranks), itemName: t.itemName };
      return {
        rule,
        summary: describeCouponRule(rule),
        storeNames: (t.storeIds ?? []).map((id) => storeName.get(id) ?? '已关闭门店'),
      };
    };
  }

  async wallet(memberId: string, tab: WalletTab): Promise<WalletCouponDto[]> {
    const em = this.ds.manager;
    const now = new Date();
    const where =
      tab === 'available'
        ? [{ memberId, status: 'AVAILABLE' as const, validTo: MoreThan(now) }]
        : tab === 'used'
          ? [{ memberId, status: 'USED' as const }]
          : [
              { memberId, status: In(['EXPIRED', 'REVOKED']) },
              { memberId, status: 'AVAILABLE' as const, validTo: LessThanOrEqual(now) },
            ];
    const rows = await em.find(Coupon, {
      where: where as never,
      order:
        tab === 'available' ? { validTo: 'ASC' } : tab === 'used' ? { usedAt: 'DESC' } : { validTo: 'DESC' },
      take: 100,
    });
    return this.toWalletDtos(em, rows, now);
  }

  private async toWalletDtos(em: EntityManager, rows: Coupon[], now: Date): Promise<WalletCouponDto[]> {
    const templateIds = [...new Set(rows.map((c) => c.templateId))];
    const templates = templateIds.length
      ? await em.find(CouponTemplate, { where: { id: In(templateIds) } })
      : [];
    const byId = new Map(templates.map((t) => [t.id, t]));
    const describe = await this.describe(em, templates);
    return rows.map((c) => {
      const t = byId.get(c.templateId)!;
      const expired = c.status === 'AVAILABLE' && c.validTo <= now;
      return {
        code: c.code,
        templateId: t.id,
        name: t.name,
        status: expired ? 'EXPIRED' : c.status,
        validFrom: c.validFrom.toISOString(),
        validTo: c.validTo.toISOString(),
        expiringSoon:
          c.status === 'AVAILABLE' && !expired && c.validTo.getTime() - now.getTime() < EXPIRING_SOON_MS,
        description: t.description,
        usedAt: c.usedAt?.toISOString() ?? null,
        ...describe(t),
      };
    });
  }

  async coupon(memberId: string, code: string): Promise<WalletCouponDto> {
    const c = await this.ds.getRepository(Coupon).findOne({ where: { code, memberId } });
    if (!c) throw MemberAppErrors.COUPON_NOT_YOURS();
    return (await this.toWalletDtos(this.ds.manager, [c], new Date()))[0];
  }

  /** Templates offered on a channel, with this member's state for each. */
  private async offers(
    memberId: string,
    channel: 'CLAIM_CENTER' | 'POINTS_EXCHANGE',
  ): Promise<ClaimableTemplateDto[]> {
    const em = this.ds.manager;
    const now = new Date();
    if (channel === 'POINTS_EXCHANGE') await this.points.settleExpiry(this.tx, memberId);
    const member = await this.members.get(memberId);
    const all = await em.find(CouponTemplate, { where: { active: true }, order: { createdAt: 'ASC' } });
    const offered = all.filter(
      (t) =>
        t.channels?.includes(channel) &&
        (!t.validTo || t.validTo > now) &&
        (channel !== 'POINTS_EXCHANGE' || (t.pointsCost ?? 0) > 0),
    );
    if (!offered.length) return [];
    const counters = await em.find(CouponClaimCounter, {
      where: { memberId, templateId: In(offered.map((t) => t.id)), period: 'ALL' },
    });
    const owned = await em
      .createQueryBuilder(Coupon, 'c')
      .select('c.template_id', 'templateId')
      .addSelect('COUNT(*)', 'n')
      .where('c.member_id = :memberId', { memberId })
      .andWhere('c.template_id IN (:...ids)', { ids: offered.map((t) => t.id) })
      .groupBy('c.template_id')
      .getRawMany<{ templateId: string; n: string | number }>();
    const flashSold = new Map<string, number>();
    const flashMine = new Map<string, number>();
    for (const t of offered.filter((x) => x.flashStartAt)) {
      const live = await this.flash.live(t.id, memberId);
      if (!live) continue;
      flashSold.set(t.id, live.sold);
      flashMine.set(t.id, live.mine);
    }
    const tiers = await em.find(Tier);
    const rankOf = new Map(tiers.map((t) => [t.id, t.rank]));
    const describe = await this.describe(em, offered);
    return offered.map((t) => {
      const claimed = Math.max(
        flashMine.get(t.id) ?? 0,
        counters.find((c) => c.templateId === t.id)?.count ??
          Number(owned.find((o) => o.templateId === t.id)?.n ?? 0),
      );
      // A flash sale's live figure is the Redis gate's (it runs ahead of MySQL by the batch in flight).
      const issued = Math.max(t.issuedCount, flashSold.get(t.id) ?? 0);
      const stockLeft = t.stock === null ? null : Math.max(0, t.stock - issued);
      const startsIn = t.flashStartAt ? Math.ceil((t.flashStartAt.getTime() - now.getTime()) / 1000) : null;
      const tooLow = !!t.minTierId && (rankOf.get(member.tierId) ?? 0) < (rankOf.get(t.minTierId) ?? 0);
      const state = tooLow
        ? 'TIER_TOO_LOW'
        : startsIn !== null && startsIn > 0
          ? 'NOT_STARTED'
          : stockLeft === 0
            ? 'OUT_OF_STOCK'
            : t.perMemberLimit && claimed >= t.perMemberLimit
              ? 'LIMIT_REACHED'
              : channel === 'POINTS_EXCHANGE' && member.pointsBalance < (t.pointsCost ?? 0)
                ? 'INSUFFICIENT_POINTS'
                : 'CLAIMABLE';
      const { rule, summary } = describe(t);
      return {
        templateId: t.id,
        name: t.name,
        summary,
        description: t.description,
        state,
        startsAt: t.flashStartAt?.toISOString() ?? null,
        startsInSeconds: startsIn !== null && startsIn > 0 ? startsIn : null,
        stockLeft,
        claimed,
        perMemberLimit: t.perMemberLimit,
        minTierName: t.minTierId ? (tiers.find((x) => x.id === t.minTierId)?.name ?? null) : null,
        pointsCost: t.pointsCost,
        rule,
      };
    });
  }

  claimCenter(memberId: string) {
    return this.offers(memberId, 'CLAIM_CENTER');
  }

  exchangeOffers(memberId: string) {
    return this.offers(memberId, 'POINTS_EXCHANGE');
  }

  /** Points for a coupon in one transaction: the coupon is issued (stock, limits) and the points taken, or neither. */
  async exchange(memberId: string, dto: ExchangeDto): Promise<ExchangeResponseDto> {
    return this.idempotency.run(`member:${memberId}:exchange`, dto.requestId, dto, async (em) => {
      const t = await this.coupons.getTemplate(dto.templateId, em);
      if (!t.pointsCost || !t.channels?.includes('POINTS_EXCHANGE'))
        throw MemberAppErrors.EXCHANGE_NOT_AVAILABLE();
      const { coupon } = await this.coupons.issueIn(em, {
        templateId: t.id,
        memberId,
        channel: 'POINTS_EXCHANGE',
        ref: dto.requestId,
      });
      await this.points.debit(
        em,
        {
          memberId,
          points: t.pointsCost,
          source: 'EXCHANGE',
          reason: `积分兑换 ${t.name}`,
          idempotencyKey: `exchange:${coupon.id}`,
          refType: 'coupon',
          refId: coupon.id,
        },
        'REDEEM',
      );
      const m = await em.findOneOrFail(Member, { where: { id: memberId } });
      return { code: coupon.code, name: t.name, pointsSpent: t.pointsCost, pointsBalance: m.pointsBalance };
    });
  }

  // ---- paying at the table -------------------------------------------------------------------

  /**
   * The same checkout as the cashier and the POS (one transaction, coupons used once, points and
   * tier), with the diner as the member, paid from stored value. (WeChat Pay: PaymentsService.)
   */
  async pay(memberId: string, dto: PayDto): Promise<PayResponseDto> {
    const store = await this.ds.getRepository(Store).findOne({ where: { code: dto.storeCode } });
    if (!store) throw MemberAppErrors.STORE_NOT_FOUND();
    const res = await this.checkout.commit(
      {
        channel: 'MINIAPP',
        storeId: store.id,
        scope: `member:${memberId}`,
        canActOn: () => false,
      },
      {
        requestId: dto.requestId,
        memberId,
        couponCodes: dto.couponCodes,
        amountFen: dto.amountFen,
        orderRef: `${dto.tableNo ? `T${dto.tableNo}-` : ''}MP-${dto.requestId.slice(-12)}`,
        payAllFromBalance: true,
      },
    );
    const m = await this.members.get(memberId);
    return {
      redemptionId: res.redemptionId,
      amountFen: dto.amountFen,
      discountFen: res.discountFen,
      payableFen: res.payableFen,
      method: dto.method,
      pointsEarned: res.pointsEarned,
      pointsBalance: m.pointsBalance,
      balanceFen: m.balancePrincipalFen + m.balanceBonusFen,
    };
  }

  // ---- me ------------------------------------------------------------------------------------

  /** Signs the diner out everywhere: every token issued so far stops working. */
  async logout(memberId: string): Promise<void> {
    await this.ds.getRepository(Member).increment({ id: memberId }, 'tokenVersion', 1);
    await this.sessions.revoke(memberId);
  }

  async updateProfile(memberId: string, dto: UpdateProfileDto) {
    const now = new Date();
    const consentChanged = dto.consentSms !== undefined || dto.consentWechat !== undefined;
    await this.ds.getRepository(Member).update(
      { id: memberId },
      {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.birthday !== undefined ? { birthday: dto.birthday } : {}),
        ...(dto.gender !== undefined ? { gender: dto.gender } : {}),
        ...(dto.consentSms !== undefined ? { consentSms: dto.consentSms } : {}),
        ...(dto.consentWechat !== undefined ? { consentWechat: dto.consentWechat } : {}),
        ...(consentChanged ? { consentUpdatedAt: now, consentChannel: 'MINIAPP' } : {}),
        updatedAt: now,
      },
    );
    const m = await this.members.get(memberId);
    return toMemberProfile(m, await this.ds.getRepository(Tier).findOne({ where: { id: m.tierId } }));
  }

  /** The points ledger as the diner reads it: what happened and where, never internal references. */
  async pointsHistory(memberId: string, limit = 50): Promise<PointsEntryDto[]> {
    await this.points.settleExpiry(this.tx, memberId);
    const rows = await this.ds.getRepository(PointsEntry).find({
      where: { memberId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    const visitIds = [...new Set(rows.filter((p) => p.refType === 'visit' && p.refId).map((p) => p.refId!))];
    const visits = visitIds.length
      ? await this.ds.getRepository(Visit).find({ where: { id: In(visitIds) } })
      : [];
    const storeIds = [...new Set(visits.map((v) => v.storeId))];
    const stores = storeIds.length
      ? await this.ds.getRepository(Store).find({ where: { id: In(storeIds) } })
      : [];
    const visitOf = new Map(visits.map((v) => [v.id, v]));
    const storeOf = new Map(stores.map((x) => [x.id, x.name]));
    return rows.map((p) => {
      const visit = p.refType === 'visit' && p.refId ? visitOf.get(p.refId) : undefined;
      const storeName = visit ? (storeOf.get(visit.storeId) ?? null) : null;
      const title = (() => {
        switch (p.type) {
          case 'EARN':
            return visit ? `消费 ${formatYuan(visit.paidFen)}` : '消费积分';
          case 'REVERSE':
            return visit ? `撤销消费 ${formatYuan(visit.paidFen)}，积分退回` : '撤销消费，积分退回';
          case 'REDEEM':
            return p.reason.startsWith('积分兑换')
              ? p.reason.replace('积分兑换 ', '兑换「') + '」'
              : '积分抵用';
          case 'EXPIRE':
            return p.reason || '积分到期';
          case 'ADJUST':
            return p.source === 'IMPORT'
              ? '原会员系统积分转入'
              : p.source === 'CAMPAIGN'
                ? p.reason || '活动赠送积分'
                : `门店调整${p.reason.startsWith('人工调整：') ? `：${p.reason.slice(5)}` : ''}`;
          default:
            return '积分变动';
        }
      })();
      return {
        id: p.id,
        type: p.type,
        points: p.points,
        balanceAfter: p.balanceAfter,
        title,
        storeName,
        reason: p.reason,
        expiresAt: p.expiresAt?.toISOString() ?? null,
        createdAt: p.createdAt.toISOString(),
      };
    });
  }

  async walletLedger(memberId: string, limit = 50): Promise<WalletEntryDto[]> {
    const rows = await this.ds.getRepository(WalletEntry).find({
      where: { memberId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map((w) => ({
      id: w.id,
      type: w.type,
      amountFen: w.principalFen + w.bonusFen,
      principalFen: w.principalFen,
      bonusFen: w.bonusFen,
      balanceAfterFen: Number(w.principalAfterFen) + Number(w.bonusAfterFen),
      reason: w.reason,
      createdAt: w.createdAt.toISOString(),
    }));
  }

  async visits(memberId: string, limit = 50): Promise<VisitDto[]> {
    const rows = await this.ds.getRepository(Visit).find({
      where: { memberId },
      order: { occurredAt: 'DESC' },
      take: limit,
    });
    const stores = rows.length
      ? await this.ds
          .getRepository(Store)
          .find({ where: { id: In([...new Set(rows.map((v) => v.storeId))]) } })
      : [];
    return rows.map((v) => ({
      id: v.id,
      storeName: stores.find((s) => s.id === v.storeId)?.name ?? '',
      amountFen: v.amountFen,
      discountFen: v.discountFen,
      paidFen: v.paidFen,
      pointsEarned: v.pointsEarned,
      status: v.status,
      occurredAt: v.occurredAt.toISOString(),
    }));
  }

  // ---- account deletion (注销) --------------------------------------------------------------

  async deletionPreview(memberId: string): Promise<DeletionPreviewDto> {
    const m = await this.members.get(memberId);
    const availableCoupons = await this.ds.getRepository(Coupon).count({
      where: { memberId, status: 'AVAILABLE', validTo: MoreThan(new Date()) },
    });
    const balanceFen = m.balancePrincipalFen + m.balanceBonusFen;
    const notices = [
      '注销后，你的手机号、昵称、生日等个人信息将被删除，无法恢复。',
      '消费记录和积分、储值流水会以匿名方式保留，用于门店对账。',
    ];
    if (m.pointsBalance > 0) notices.push(`你还有 ${m.pointsBalance} 积分，注销后将作废。`);
    if (availableCoupons > 0) notices.push(`你还有 ${availableCoupons} 张未使用的券，注销后将作废。`);
    if (balanceFen > 0)
      notices.push(
        `你的储值余额还有 ${formatYuan(balanceFen)}（其中本金 ${formatYuan(m.balancePrincipalFen)}，赠送 ${formatYuan(
          m.balanceBonusFen,
        )}）。注销后无法在小程序中使用；如需退还本金，请在注销前联系门店办理。`,
      );
    return {
      balanceFen,
      principalFen: m.balancePrincipalFen,
      bonusFen: m.balanceBonusFen,
      pointsBalance: m.pointsBalance,
      availableCoupons,
      notices,
    };
  }

  /**
   * Anonymises the member: personal fields erased, WeChat unlinked, coupons revoked, visits
   * detached. Ledger rows and the member row's balances stay, so the books still add up.
   */
  async deleteAccount(memberId: string, dto: DeleteAccountDto): Promise<{ deleted: true }> {
    if (!dto.confirm) throw MemberAppErrors.DELETE_NOT_CONFIRMED();
    const now = new Date();
    await this.tx.run(async (em) => {
      const m = await this.members.get(memberId, em);
      const balanceFen = m.balancePrincipalFen + m.balanceBonusFen;
      if (balanceFen > 0 && dto.acknowledgeBalanceFen !== balanceFen)
        throw MemberAppErrors.DELETE_BALANCE_NOT_ACKNOWLEDGED({ balanceFen });
      await em.update(
        Member,
        { id: memberId },
        {
          phone: null,
          name: null,
          birthday: null,
          gender: 'U',
          openid: null,
          unionid: null,
          externalId: null,
          tags: [],
          consentSms: false,
          consentWechat: false,
          consentUpdatedAt: now,
          consentChannel: 'MINIAPP',
          codeSecret: randomBytes(20).toString('hex'),
          tokenVersion: m.tokenVersion + 1,
          deletedAt: now,
          updatedAt: now,
        },
      );
      await em.update(Coupon, { memberId, status: 'AVAILABLE' }, { status: 'REVOKED' });
      await em.update(Visit, { memberId }, { memberId: null });
      // The profile built from their visits goes too (segments never count a deleted diner).
      await em.delete(MemberInsight, { memberId });
    });
    await this.sessions.revoke(memberId);
    return { deleted: true };
  }
}
