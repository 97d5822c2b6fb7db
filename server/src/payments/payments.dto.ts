import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../common/validation';

import { COUPON_CODE, MAX_FEN, REQUEST_ID } from '../member-app/dto';

const UUID = /^[0-9a-f-]{36}$/;
export const SUBSCRIBE_TEMPLATES = [
  'COUPON_ARRIVED',
  'COUPON_EXPIRING',
  'POINTS_EXPIRING',
  'TOPUP_SUCCEEDED',
] as const;

// ---- the diner ------------------------------------------------------------------------------

export class TopupPackageDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'What the diner pays (principal)' }) principalFen: number;
  @ApiProperty({ description: 'Given on top (bonus; spent like money, never refunded)' }) bonusFen: number;
  @ApiProperty() active: boolean;
  @ApiProperty() sortOrder: number;
}

export class StartTopupDto {
  @ApiProperty() @Matches(REQUEST_ID) requestId: string;
  @ApiProperty() @Matches(UUID) packageId: string;
}

export class StartBillDto {
  @ApiProperty({ description: 'Makes a retried start return the same payment' })
  @Matches(REQUEST_ID)
  requestId: string;
  @ApiProperty() @IsString() @Length(1, 32) storeCode: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Matches(/^[A-Za-z0-9-]{1,16}$/) tableNo?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_FEN) amountFen: number;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(COUPON_CODE, { each: true })
  couponCodes: string[];
}

export class StartPackDto {
  @ApiProperty() @Matches(REQUEST_ID) requestId: string;
  @ApiProperty() @Matches(UUID) packId: string;
}

export class PayParamsDto {
  @ApiProperty() appId: string;
  @ApiProperty() timeStamp: string;
  @ApiProperty() nonceStr: string;
  @ApiProperty() package: string;
  @ApiProperty() signType: string;
  @ApiProperty() paySign: string;
}

export class PaymentRefundDto {
  @ApiProperty() id: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['PROCESSING', 'SUCCESS', 'FAILED', 'CLOSED'] }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
}

export class PaymentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['TOPUP', 'BILL', 'PACK'] }) kind: string;
  @ApiProperty({ enum: ['PENDING', 'PAID', 'CLOSED', 'REFUNDED'] }) status: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) paidAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why a paid order was refunded automatically' })
  failure: string | null;
  @ApiProperty() refundedFen: number;
  @ApiPropertyOptional({ description: 'Bill: points earned (once paid)' }) pointsEarned?: number;
  @ApiPropertyOptional({ description: 'Bill: coupons and member price taken off' }) discountFen?: number;
  @ApiPropertyOptional({ description: 'Top-up: bonus credited' }) bonusFen?: number;
  @ApiPropertyOptional({ description: 'Pack: may the diner refund it now?' }) refundable?: boolean;
  @ApiProperty({ type: [PaymentRefundDto] }) refunds: PaymentRefundDto[];
  @ApiPropertyOptional({ description: 'Labelled when the demo simulator takes the payment (no money moves)' })
  simulator?: string;
}

export class PaymentStartDto {
  @ApiProperty({ type: PaymentDto }) payment: PaymentDto;
  @ApiProperty({
    type: PayParamsDto,
    nullable: true,
    description: 'wx.requestPayment parameters (WeChat Pay)',
  })
  payParams: PayParamsDto | null;
}

export class SimulatePaymentDto {
  @ApiProperty({ description: 'true: the simulated cashier says paid; false: cancelled' })
  @IsBoolean()
  paid: boolean;
}

export class MemberRefundDto {
  @ApiProperty() @IsString() @Length(1, 80) reason: string;
}

export class CouponPackItemDto {
  @ApiProperty() @Matches(UUID) templateId: string;
  @ApiProperty() @IsInt() @Min(1) @Max(20) count: number;
  @ApiPropertyOptional({ description: 'Filled in answers' }) name?: string;
}

export class CouponPackDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() priceFen: number;
  @ApiProperty() valueFen: number;
  @ApiProperty({ type: [CouponPackItemDto] }) items: CouponPackItemDto[];
  @ApiProperty({ nullable: true, type: Number }) stock: number | null;
  @ApiProperty() soldCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Left to sell (null: unlimited)' }) stockLeft:
    number | null;
  @ApiProperty({ nullable: true, type: Number }) perMemberLimit: number | null;
  @ApiProperty() refundExpired: boolean;
  @ApiProperty() active: boolean;
}

export class SubscribeTemplatesDto {
  @ApiProperty({ description: 'Template ids to pass to wx.requestSubscribeMessage, by purpose' })
  templates: Record<string, string>;
  @ApiPropertyOptional() simulator?: string;
}

export class AcceptSubscriptionsDto {
  @ApiProperty({ enum: SUBSCRIBE_TEMPLATES, isArray: true, description: 'The templates the diner allowed' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(SUBSCRIBE_TEMPLATES, { each: true })
  accepted: (typeof SUBSCRIBE_TEMPLATES)[number][];
}

export class AcceptSubscriptionsResponseDto {
  @ApiProperty({ description: 'Messages each template may still send' }) remaining: Record<string, number>;
}

// ---- staff ----------------------------------------------------------------------------------

export class TopupPackageInputDto {
  @ApiProperty() @IsString() @Length(1, 40) name: string;
  @ApiProperty({ description: '¥1 – ¥50,000' }) @IsInt() @Min(100) @Max(5_000_000) principalFen: number;
  @ApiProperty({ description: 'At most the principal' }) @IsInt() @Min(0) @Max(5_000_000) bonusFen: number;
  @ApiProperty() @IsBoolean() active: boolean;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(999) sortOrder?: number;
}

export class CouponPackInputDto {
  @ApiProperty() @IsString() @Length(1, 40) name: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(0, 200) description?: string;
  @ApiProperty({ description: '¥0.01 – ¥50,000' }) @IsInt() @Min(1) @Max(5_000_000) priceFen: number;
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_FEN) valueFen: number;
  @ApiProperty({ type: [CouponPackItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CouponPackItemDto)
  items: CouponPackItemDto[];
  @ApiPropertyOptional({ nullable: true, type: Number })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  stock?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  perMemberLimit?: number | null;
  @ApiProperty() @IsBoolean() refundExpired: boolean;
  @ApiProperty() @IsBoolean() active: boolean;
}

export class AdminPaymentDto extends PaymentDto {
  @ApiProperty() outTradeNo: string;
  @ApiProperty({ nullable: true, type: String }) transactionId: string | null;
  @ApiProperty({ description: 'Masked', nullable: true, type: String }) memberPhone: string | null;
  @ApiProperty() memberId: string;
  @ApiProperty({ nullable: true, type: String }) storeName: string | null;
  @ApiProperty() provider: string;
}

export class AdminPaymentPageDto {
  @ApiProperty({ type: [AdminPaymentDto] }) items: AdminPaymentDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Paid, by kind, in the filtered range (fen)' }) paidFen: number;
}

export class AdminPaymentQueryDto {
  @ApiPropertyOptional({ enum: ['TOPUP', 'BILL', 'PACK'] })
  @Omittable()
  @IsIn(['TOPUP', 'BILL', 'PACK'])
  kind?: string;
  @ApiPropertyOptional({ enum: ['PENDING', 'PAID', 'CLOSED', 'REFUNDED'] })
  @Omittable()
  @IsIn(['PENDING', 'PAID', 'CLOSED', 'REFUNDED'])
  status?: string;
  @ApiPropertyOptional() @Omittable() @Matches(UUID) storeId?: string;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page?: number;
}

export class AdminRefundDto {
  @ApiProperty() @IsString() @Length(2, 80) reason: string;
}

export class TableCodeDto {
  @ApiProperty() tableNo: string;
  @ApiProperty() scene: string;
  @ApiProperty({ nullable: true, type: String, description: 'data: URL of the mini-program code' }) image:
    string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class TableCodesDto {
  @ApiProperty({
    enum: ['wechat', 'none'],
    description: 'none: no mini-program configured (the sheet prints h5 QR codes)',
  })
  source: 'wechat' | 'none';
  @ApiProperty({ type: [TableCodeDto] }) codes: TableCodeDto[];
}
