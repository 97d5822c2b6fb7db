import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TILL_PAY_METHODS, type TillPayMethod } from '@tableside/shared';
import { Omittable } from '../../common/validation';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export const MAX_BILL_FEN = 100_000_000; // ¥1,000,000 per bill
const CODE = /^[0-9A-Za-z\s-]{4,40}$/;
const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

export class PreviewDto {
  @ApiPropertyOptional({ description: 'The rotating member code the diner shows' })
  @Omittable()
  @IsString()
  @Matches(CODE)
  memberCode?: string;
  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(CODE, { each: true })
  couponCodes?: string[];
  @ApiProperty({ description: 'Bill amount in fen' }) @IsInt() @Min(0) @Max(MAX_BILL_FEN) amountFen: number;
}

export class CommitDto {
  @ApiProperty({ description: 'Idempotency key chosen by the caller' })
  @IsString()
  @Matches(REQUEST_ID)
  requestId: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Matches(CODE) memberCode?: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(CODE, { each: true })
  couponCodes: string[];
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_BILL_FEN) amountFen: number;
  @ApiProperty({ description: "The POS's own order number" }) @IsString() @Length(1, 64) orderRef: string;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(200) partySize?: number;
}

export class VoidDto {
  @ApiProperty() @IsString() @Matches(REQUEST_ID) requestId: string;
  @ApiProperty() @IsString() @Length(1, 200) reason: string;
}

/** The cashier screen's variants: the store is chosen (and checked) explicitly; balance may pay. */
export class StaffPreviewDto extends PreviewDto {
  @ApiProperty() @IsString() @Length(1, 36) storeId: string;
}
export class StaffCommitDto extends CommitDto {
  @ApiProperty() @IsString() @Length(1, 36) storeId: string;
  @ApiPropertyOptional({ description: 'Part of the payable amount paid from stored value' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_BILL_FEN)
  balancePayFen?: number;
  @ApiPropertyOptional({
    enum: TILL_PAY_METHODS,
    description: 'How the rest (payable minus stored value) was paid; required when something is left to pay',
  })
  @Omittable()
  @IsIn(TILL_PAY_METHODS)
  payMethod?: TillPayMethod;
}

export class CheckoutMemberDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'Masked phone', nullable: true, type: String }) phone: string | null;
  @ApiProperty() tier: string;
  @ApiProperty() pointsBalance: number;
  @ApiProperty() balanceFen: number;
  @ApiProperty({ description: '会员价：用券后再减的百分比（0 = 无）' }) memberPricePercentOff: number;
}

export class PreviewCouponDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['CASH', 'DISCOUNT', 'ITEM'] }) type: string;
  @ApiProperty() applicable: boolean;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() reasonText?: string;
  @ApiProperty() discountFen: number;
  @ApiPropertyOptional() validTo?: string;
}

export class BestDto {
  @ApiProperty({ type: [String] }) couponCodes: string[];
  @ApiProperty() discountFen: number;
}

export class PreviewResponseDto {
  @ApiPropertyOptional({ type: CheckoutMemberDto }) member?: CheckoutMemberDto;
  @ApiProperty({ type: [PreviewCouponDto] }) coupons: PreviewCouponDto[];
  @ApiProperty({ type: BestDto }) best: BestDto;
  @ApiPropertyOptional({ description: "The member's tier price (会员价) on what the best coupons leave" })
  memberDiscountFen?: number;
  @ApiProperty() payableFen: number;
}

export class CommitResponseDto {
  @ApiProperty() redemptionId: string;
  @ApiProperty({ description: 'Everything taken off: coupons and the member price' }) discountFen: number;
  @ApiPropertyOptional({ description: 'Of which the member price (会员价)' }) memberDiscountFen?: number;
  @ApiProperty() payableFen: number;
  @ApiProperty() pointsEarned: number;
  @ApiPropertyOptional() balancePaidFen?: number;
  @ApiPropertyOptional({ type: CheckoutMemberDto }) member?: CheckoutMemberDto;
}

export class VoidResponseDto {
  @ApiProperty() redemptionId: string;
  @ApiProperty({ enum: ['VOID'] }) status: 'VOID';
  @ApiProperty({ type: [String] }) couponsRestored: string[];
  @ApiProperty() pointsReversed: number;
  @ApiProperty() balanceRefundedFen: number;
}
