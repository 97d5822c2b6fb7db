import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Omittable } from '../common/validation';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MemberProfileDto } from '../members/dto/member.dto';

/** Shared by the diner-side DTOs (member app, payments). */
export const MAX_FEN = 100_000_000;
export const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const COUPON_CODE = /^\d{6,24}$/;

export class JoinDto {
  @ApiPropertyOptional({ description: 'getPhoneNumber code (demo: sim-phone-<11 digits>)' })
  @Omittable()
  @IsString()
  @Length(1, 128)
  phoneCode?: string;
  @ApiProperty({ description: 'Marketing messages: a separate choice, off unless ticked' })
  @IsBoolean()
  consentMarketing: boolean;
  @ApiPropertyOptional({ example: '1990-05-01' }) @Omittable() @Matches(DATE) birthday?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 32) name?: string;
}

export class JoinResponseDto {
  @ApiProperty({ description: 'A new token when the phone matched an existing (imported) member' })
  accessToken: string;
  @ApiProperty({ type: MemberProfileDto }) member: MemberProfileDto;
  @ApiPropertyOptional({ description: 'Name of the welcome gift just issued' }) welcomeGift?: string;
  @ApiProperty({ description: 'The phone already belonged to a member (e.g. imported); now linked' })
  linkedExisting: boolean;
  @ApiProperty({
    description:
      'Already a member before this call: nothing was changed (consent and profile kept as they were)',
  })
  alreadyMember: boolean;
}

export class StoreEntryDto {
  @ApiProperty({ description: 'For coupon store rules evaluated in the mini-program' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null when the table number is unknown' })
  tableNo: string | null;
}

export class TierInfoDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() rank: number;
  @ApiProperty() thresholdFen: number;
  @ApiProperty() pointsMultiplierPercent: number;
  @ApiProperty({ description: '会员价：用券后再减的百分比（0 = 无）' }) memberPricePercentOff: number;
  @ApiProperty({ type: [String] }) benefits: string[];
}

export class MemberCardDto {
  @ApiProperty({ type: MemberProfileDto }) profile: MemberProfileDto;
  @ApiProperty({ type: TierInfoDto }) tier: TierInfoDto;
  @ApiProperty({ type: TierInfoDto, nullable: true }) nextTier: TierInfoDto | null;
  @ApiProperty({ description: 'Spend (fen) in the tier window' }) growthFen: number;
  @ApiProperty() tierWindowMonths: number;
  @ApiProperty() balanceFen: number;
  @ApiProperty() availableCoupons: number;
  @ApiProperty({ description: 'Available coupons expiring within 3 days' }) expiringSoon: number;
  @ApiProperty() registered: boolean;
  @ApiProperty() chainName: string;
}

export const WALLET_TABS = ['available', 'used', 'expired'] as const;
export type WalletTab = (typeof WALLET_TABS)[number];

export class WalletQueryDto {
  @ApiProperty({ enum: WALLET_TABS }) @IsIn(WALLET_TABS) status: WalletTab;
}

export class CouponRuleDto {
  @ApiProperty() type: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) valueFen?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) percentOff?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) maxDiscountFen?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) thresholdFen?: number | null;
  @ApiPropertyOptional({ nullable: true, type: [Number] }) weekdays?: number[] | null;
  @ApiPropertyOptional({ nullable: true }) timeWindows?: { from: string; to: string }[] | null;
  @ApiPropertyOptional({ nullable: true, type: [String] }) storeIds?: string[] | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) minTierRank?: number | null;
  @ApiProperty() stacking: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) maxPerBill?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) itemName?: string | null;
}

export class WalletCouponDto {
  @ApiProperty() code: string;
  @ApiProperty() templateId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'AVAILABLE | USED | EXPIRED | REVOKED | LOCKED' }) status: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiProperty() expiringSoon: boolean;
  @ApiProperty({ description: 'How the diner reads the rule (value, threshold, when, where)' })
  summary: string;
  @ApiProperty({ type: [String], description: 'Store names; empty = every store' }) storeNames: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) usedAt: string | null;
  @ApiProperty({ type: CouponRuleDto, description: 'For the shared evaluator in the mini-program' })
  rule: CouponRuleDto;
}

export class ClaimableTemplateDto {
  @ApiProperty() templateId: string;
  @ApiProperty() name: string;
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({
    enum: [
      'CLAIMABLE',
      'NOT_STARTED',
      'TIER_TOO_LOW',
      'OUT_OF_STOCK',
      'LIMIT_REACHED',
      'INSUFFICIENT_POINTS',
    ],
  })
  state: string;
  @ApiProperty({ nullable: true, type: String, description: '限时秒杀: when claims open' }) startsAt:
    string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seconds until claims open, by the server clock (the countdown ignores the phone clock)',
  })
  startsInSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null = unlimited' }) stockLeft: number | null;
  @ApiProperty() claimed: number;
  @ApiProperty({ nullable: true, type: Number }) perMemberLimit: number | null;
  @ApiProperty({ nullable: true, type: String }) minTierName: string | null;
  @ApiProperty({ nullable: true, type: Number }) pointsCost: number | null;
  @ApiProperty({ type: CouponRuleDto }) rule: CouponRuleDto;
}

export class ExchangeDto {
  @ApiProperty() @IsString() @Length(1, 36) templateId: string;
  @ApiProperty({ description: 'Makes a retried exchange apply once' }) @Matches(REQUEST_ID) requestId: string;
}

export class ExchangeResponseDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() pointsSpent: number;
  @ApiProperty() pointsBalance: number;
}

export class PointsEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() points: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty({
    description: 'What happened, in words (e.g. 消费 ¥128.00 · 人民广场店); no internal references',
  })
  title: string;
  @ApiProperty({ nullable: true, type: String, description: 'Where (for points from a bill)' }) storeName:
    string | null;
  @ApiProperty({ description: 'Deprecated: the raw ledger reason (kept for old clients)' }) reason: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty() createdAt: string;
}

export class WalletEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() principalFen: number;
  @ApiProperty() bonusFen: number;
  @ApiProperty() balanceAfterFen: number;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: string;
}

export class VisitDto {
  @ApiProperty() id: string;
  @ApiProperty() storeName: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() discountFen: number;
  @ApiProperty() paidFen: number;
  @ApiProperty() pointsEarned: number;
  @ApiProperty() status: string;
  @ApiProperty() occurredAt: string;
}

export class PageQueryDto {
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(200) limit?: number;
}

/** Stored value here; WeChat Pay starts a payment (POST /member/payments/bill) and commits on its verified result. */
export const PAY_METHODS = ['BALANCE'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

export class PayDto {
  @ApiProperty({ description: 'Makes a retried payment apply once' }) @Matches(REQUEST_ID) requestId: string;
  @ApiProperty() @IsString() @Length(1, 32) storeCode: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Matches(/^[A-Za-z0-9-]{1,16}$/) tableNo?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_FEN) amountFen: number;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(COUPON_CODE, { each: true })
  couponCodes: string[];
  @ApiProperty({ enum: PAY_METHODS }) @IsIn(PAY_METHODS) method: PayMethod;
}

export class PayResponseDto {
  @ApiProperty() redemptionId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() discountFen: number;
  @ApiProperty() payableFen: number;
  @ApiProperty() method: string;
  @ApiProperty() pointsEarned: number;
  @ApiProperty() pointsBalance: number;
  @ApiProperty() balanceFen: number;
}

export class UpdateProfileDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 32) name?: string;
  @ApiPropertyOptional() @Omittable() @Matches(DATE) birthday?: string;
  @ApiPropertyOptional({ enum: ['M', 'F', 'U'] }) @Omittable() @IsIn(['M', 'F', 'U']) gender?:
    'M' | 'F' | 'U';
  @ApiPropertyOptional() @Omittable() @IsBoolean() consentSms?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() consentWechat?: boolean;
}

export class DeletionPreviewDto {
  @ApiProperty() balanceFen: number;
  @ApiProperty() principalFen: number;
  @ApiProperty() bonusFen: number;
  @ApiProperty() pointsBalance: number;
  @ApiProperty() availableCoupons: number;
  @ApiProperty({ type: [String], description: 'What the diner must read before confirming' })
  notices: string[];
}

export class DeleteAccountDto {
  @ApiProperty({ description: 'Must be true' }) @IsBoolean() confirm: boolean;
  @ApiPropertyOptional({
    description: 'Required when a stored-value balance remains: must equal it (the diner read the notice)',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  acknowledgeBalanceFen?: number;
}
