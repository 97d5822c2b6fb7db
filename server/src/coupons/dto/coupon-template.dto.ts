import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Omittable } from '../../common/validation';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  TEMPLATE_STATUSES,
  type TemplateStatus,
  COUPON_CHANNELS,
  COUPON_TYPES,
  STACKING_MODES,
  type CouponChannel,
  type CouponType,
  type StackingMode,
} from '@tableside/shared';

const MAX_FEN = 100_000_000; // ¥1,000,000

export class TimeWindowDto {
  @ApiProperty({ example: '11:00' }) @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) from: string;
  @ApiProperty({ example: '14:00' }) @IsString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) to: string;
}

/** The coupon template JSON of DESIGN.md §6 (absent = no restriction), plus a few optional extras. */
export class CouponTemplateInputDto {
  @ApiProperty({ example: '午市满100减20' }) @IsString() @Length(1, 64) name: string;
  @ApiProperty({ enum: COUPON_TYPES }) @IsIn(COUPON_TYPES) type: CouponType;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  valueFen?: number | null;
  @ApiPropertyOptional({ description: '12 = 12% off (8.8折)', type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  percentOff?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  maxDiscountFen?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  thresholdFen?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsISO8601({ strict: true }) validTo?:
    string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  validDays?: number | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: '限时秒杀: claims open at this time (claim centre only; needs stock and perMemberLimit)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  flashStartAt?: string | null;
  @ApiPropertyOptional({ type: [Number], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays?: number[] | null;
  @ApiPropertyOptional({ type: [TimeWindowDto], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  timeWindows?: TimeWindowDto[] | null;
  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  storeCodes?: string[] | null;
  @ApiPropertyOptional({ description: 'tier code', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  minTier?: string | null;
  @ApiPropertyOptional({ enum: STACKING_MODES }) @Omittable() @IsIn(STACKING_MODES) stacking?: StackingMode;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(20) maxPerBill?:
    number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  stock?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perMemberLimit?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perMemberDailyLimit?: number | null;
  @ApiPropertyOptional({ enum: COUPON_CHANNELS, isArray: true, nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(COUPON_CHANNELS, { each: true })
  channels?: CouponChannel[] | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @Length(1, 64) itemName?:
    string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  pointsCost?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string | null;
  @ApiPropertyOptional({ description: 'Deprecated: use status. false creates the template paused.' })
  @Omittable()
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({
    enum: TEMPLATE_STATUSES,
    description:
      'On create only DRAFT (the admin console) or PUBLISHED (default, as the CLI contract expects); later changes go through publish/pause/archive',
  })
  @Omittable()
  @IsIn(['DRAFT', 'PUBLISHED'])
  status?: TemplateStatus;
}

export class CouponTemplateDto extends CouponTemplateInputDto {
  @ApiProperty() id: string;
  @ApiProperty() issuedCount: number;
  @ApiProperty() usedCount: number;
  @ApiProperty({ description: '给顾客看的一句话规则' }) summary: string;
}

export class ClaimCouponDto {
  @ApiProperty() @IsString() @Length(1, 36) templateId: string;
  @ApiPropertyOptional({ description: 'Makes a double tap claim once' })
  @Omittable()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  requestId?: string;
}

export class IssueCouponDto {
  @ApiProperty() @IsString() @Length(1, 36) templateId: string;
  @ApiProperty() @IsString() @Length(1, 36) memberId: string;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(100) count?: number;
}

export class IssuedCouponDto {
  @ApiProperty() code: string;
  @ApiProperty() templateId: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
}
