import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentMember, MemberAuth } from '../auth/guards';
import type { MemberPrincipal } from '../auth/principals';
import { TokenService } from '../auth/token.service';
import { ClaimCouponDto, IssuedCouponDto } from '../coupons/dto/coupon-template.dto';
import { CouponsService } from '../coupons/coupons.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { TransactionRunner } from '../database/transaction-runner';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { WECHAT_AUTH, type WechatAuthAdapter } from '../wechat/wechat-auth.adapter';
import { MemberCodeDto, MemberLoginDto, MemberLoginResponseDto, MemberProfileDto } from './dto/member.dto';
import { Member } from './entities/member.entity';
import { toMemberProfile } from './member-profile';
import { MembersService } from './members.service';
import { MemberErrors } from './members.errors';
import { assertFlashOpen, toIssuedDto } from '../coupons/coupons.service';
import { CouponErrors } from '../coupons/coupons.errors';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { FlashSaleService } from '../coupons/flash-sale.service';
import { computeCouponValidity } from '@tableside/shared';

/** What the diner's mini-program calls. */
@ApiTags('member-app')
@Controller('member')
export class MemberAppController {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly members: MembersService,
    private readonly coupons: CouponsService,
    private readonly idempotency: IdempotencyService,
    private readonly tokens: TokenService,
    private readonly limits: RateLimitService,
    private readonly flash: FlashSaleService,
    @Inject(WECHAT_AUTH) private readonly wechat: WechatAuthAdapter,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberLoginResponseDto })
  async login(@Body() dto: MemberLoginDto, @Req() req: FastifyRequest): Promise<MemberLoginResponseDto> {
    await this.limits.hit('memberLoginIp', req.ip ?? 'unknown');
    const { openid, unionid } = await this.wechat.code2session(dto.code);
    const existing = await this.ds.getRepository(Member).findOne({ where: { openid } });
    let member = existing;
    if (!member) {
      const store = dto.storeCode
        ? await this.ds.getRepository(Store).findOne({ where: { code: dto.storeCode } })
        : null;
      member = await this.tx.run((em) =>
        this.members.create(em, {
          openid,
          unionid: unionid ?? null,
          joinChannel: 'TABLE_QR',
          joinStoreId: store?.id ?? null,
        }),
      );
    }
    const tier = await this.ds.getRepository(Tier).findOne({ where: { id: member.tierId } });
    return {
      accessToken: await this.tokens.signMember(member.id, member.tokenVersion),
      isNew: !existing,
      member: toMemberProfile(member, tier),
      simulator: this.wechat.label,
    };
  }

  /**
   * Opening the mini-program (any device): WeChat's code → the member's session if this WeChat
   * account is already a member; 404 MEMBER_NOT_REGISTERED otherwise. Creates nothing.
   */
  @Post('auth/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberLoginResponseDto })
  async resume(@Body() dto: MemberLoginDto, @Req() req: FastifyRequest): Promise<MemberLoginResponseDto> {
    await this.limits.hit('memberLoginIp', req.ip ?? 'unknown');
    const { openid } = await this.wechat.code2session(dto.code);
    const member = await this.ds.getRepository(Member).findOne({ where: { openid } });
    if (!member || member.deletedAt || !member.phone) throw MemberErrors.MEMBER_NOT_REGISTERED();
    const tier = await this.ds.getRepository(Tier).findOne({ where: { id: member.tierId } });
    return {
      accessToken: await this.tokens.signMember(member.id, member.tokenVersion),
      isNew: false,
      member: toMemberProfile(member, tier),
      simulator: this.wechat.label,
    };
  }

  @Get('me')
  @MemberAuth()
  @ApiOkResponse({ type: MemberProfileDto })
  async me(@CurrentMember() p: MemberPrincipal): Promise<MemberProfileDto> {
    const m = await this.members.get(p.memberId);
    return toMemberProfile(m, await this.ds.getRepository(Tier).findOne({ where: { id: m.tierId } }));
  }

  @Get('code')
  @MemberAuth()
  @ApiOkResponse({ type: MemberCodeDto })
  async code(@CurrentMember() p: MemberPrincipal): Promise<MemberCodeDto> {
    return this.members.currentCode(await this.members.get(p.memberId));
  }

  /** Claim centre: instant, and a double tap with the same requestId claims once. */
  @Post('coupons/claim')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: IssuedCouponDto })
  async claim(@CurrentMember() p: MemberPrincipal, @Body() dto: ClaimCouponDto): Promise<IssuedCouponDto> {
    await this.limits.hit('claimMember', p.memberId, '领券太频繁了，请稍后再试');
    if (this.flash.enabled) {
      const t = await this.flash.template(dto.templateId);
      if (t.flashStartAt) return this.flashClaim(t, p.memberId, dto.requestId ?? null);
    }
    const issue = async (em: Parameters<CouponsService['issueIn']>[0]) => {
      const { coupon, template } = await this.coupons.issueIn(em, {
        templateId: dto.templateId,
        memberId: p.memberId,
        channel: 'CLAIM_CENTER',
      });
      return toIssuedDto(coupon, template);
    };
    if (dto.requestId) return this.idempotency.run(`member:${p.memberId}:claim`, dto.requestId, dto, issue);
    return this.tx.run(issue);
  }

  /** 秒杀 through the Redis gate: the same checks as issueIn, then one Lua step decides. */
  private async flashClaim(
    t: CouponTemplate,
    memberId: string,
    requestId: string | null,
  ): Promise<IssuedCouponDto> {
    const now = new Date();
    if (!t.active) throw CouponErrors.COUPON_TEMPLATE_INACTIVE();
    if (t.validTo && t.validTo <= now) throw CouponErrors.COUPON_TEMPLATE_EXPIRED();
    assertFlashOpen(t, 'CLAIM_CENTER', now);
    if (t.minTierId) {
      const ranks = await this.coupons.tierRanks();
      const member = await this.members.get(memberId);
      if ((ranks.get(member.tierId) ?? 0) < (ranks.get(t.minTierId) ?? 0))
        throw CouponErrors.COUPON_TIER_TOO_LOW();
    }
    const claim = await this.flash.claim(t, memberId, requestId);
    const validity = computeCouponValidity(t, new Date(claim.at), await this.flash.timeZone());
    return {
      code: claim.code,
      templateId: t.id,
      name: t.name,
      status: 'AVAILABLE',
      validFrom: validity.validFrom.toISOString(),
      validTo: validity.validTo.toISOString(),
    };
  }
}
