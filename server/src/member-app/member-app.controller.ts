import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Omittable } from '../common/validation';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CurrentMember, MemberAuth } from '../auth/guards';
import type { MemberPrincipal } from '../auth/principals';
import { MemberProfileDto } from '../members/dto/member.dto';
import {
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
  UpdateProfileDto,
  VisitDto,
  WalletCouponDto,
  WalletEntryDto,
  WalletQueryDto,
} from './dto';
import { MemberAppService } from './member-app.service';

class EntryQueryDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}$/) store: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Matches(/^[A-Za-z0-9-]{1,16}$/) table?: string;
}

class CouponCodeParam {
  @IsString() @Matches(/^\d{6,24}$/) code: string;
}

/** The diner's mini-program: card, wallet, claim centre, points, pay at the table, me. */
@ApiTags('member-app')
@Controller('member')
export class MemberAppExtrasController {
  constructor(private readonly app: MemberAppService) {}

  /** What the table QR code points at (public: shown before joining). */
  @Get('entry')
  @ApiOkResponse({ type: StoreEntryDto })
  entry(@Query() q: EntryQueryDto): Promise<StoreEntryDto> {
    return this.app.entry(q.store, q.table);
  }

  @Post('join')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: JoinResponseDto })
  join(@CurrentMember() p: MemberPrincipal, @Body() dto: JoinDto): Promise<JoinResponseDto> {
    return this.app.join(p.memberId, dto);
  }

  @Get('card')
  @MemberAuth()
  @ApiOkResponse({ type: MemberCardDto })
  card(@CurrentMember() p: MemberPrincipal): Promise<MemberCardDto> {
    return this.app.card(p.memberId);
  }

  @Get('coupons')
  @MemberAuth()
  @ApiOkResponse({ type: [WalletCouponDto] })
  wallet(@CurrentMember() p: MemberPrincipal, @Query() q: WalletQueryDto): Promise<WalletCouponDto[]> {
    return this.app.wallet(p.memberId, q.status);
  }

  @Get('coupons/:code')
  @MemberAuth()
  @ApiOkResponse({ type: WalletCouponDto })
  coupon(@CurrentMember() p: MemberPrincipal, @Param() params: CouponCodeParam): Promise<WalletCouponDto> {
    return this.app.coupon(p.memberId, params.code);
  }

  @Get('claim-center')
  @MemberAuth()
  @ApiOkResponse({ type: [ClaimableTemplateDto] })
  claimCenter(@CurrentMember() p: MemberPrincipal): Promise<ClaimableTemplateDto[]> {
    return this.app.claimCenter(p.memberId);
  }

  @Get('points')
  @MemberAuth()
  @ApiOkResponse({ type: [PointsEntryDto] })
  points(@CurrentMember() p: MemberPrincipal): Promise<PointsEntryDto[]> {
    return this.app.pointsHistory(p.memberId);
  }

  @Get('points/exchange')
  @MemberAuth()
  @ApiOkResponse({ type: [ClaimableTemplateDto] })
  exchangeOffers(@CurrentMember() p: MemberPrincipal): Promise<ClaimableTemplateDto[]> {
    return this.app.exchangeOffers(p.memberId);
  }

  @Post('points/exchange')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: ExchangeResponseDto })
  exchange(@CurrentMember() p: MemberPrincipal, @Body() dto: ExchangeDto): Promise<ExchangeResponseDto> {
    return this.app.exchange(p.memberId, dto);
  }

  @Post('pay')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PayResponseDto })
  pay(@CurrentMember() p: MemberPrincipal, @Body() dto: PayDto): Promise<PayResponseDto> {
    return this.app.pay(p.memberId, dto);
  }

  @Patch('me')
  @MemberAuth()
  @ApiOkResponse({ type: MemberProfileDto })
  updateProfile(
    @CurrentMember() p: MemberPrincipal,
    @Body() dto: UpdateProfileDto,
  ): Promise<MemberProfileDto> {
    return this.app.updateProfile(p.memberId, dto);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @MemberAuth()
  async logout(@CurrentMember() p: MemberPrincipal): Promise<void> {
    await this.app.logout(p.memberId);
  }

  @Get('visits')
  @MemberAuth()
  @ApiOkResponse({ type: [VisitDto] })
  visits(@CurrentMember() p: MemberPrincipal): Promise<VisitDto[]> {
    return this.app.visits(p.memberId);
  }

  @Get('wallet-ledger')
  @MemberAuth()
  @ApiOkResponse({ type: [WalletEntryDto] })
  walletLedger(@CurrentMember() p: MemberPrincipal): Promise<WalletEntryDto[]> {
    return this.app.walletLedger(p.memberId);
  }

  @Get('deletion')
  @MemberAuth()
  @ApiOkResponse({ type: DeletionPreviewDto })
  deletionPreview(@CurrentMember() p: MemberPrincipal): Promise<DeletionPreviewDto> {
    return this.app.deletionPreview(p.memberId);
  }

  @Post('deletion')
  @HttpCode(200)
  @MemberAuth()
  deleteAccount(
    @CurrentMember() p: MemberPrincipal,
    @Body() dto: DeleteAccountDto,
  ): Promise<{ deleted: true }> {
    return this.app.deleteAccount(p.memberId, dto);
  }
}
