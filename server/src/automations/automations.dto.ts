import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { AUTOMATION_TRIGGERS } from '@tableside/shared';
import {
  ArmDto,
  CampaignCouponDto,
  CampaignSmsDto,
  IntervalDto,
  UpliftDto,
} from '../campaigns/campaigns.dto';
import { Omittable } from '../common/validation';

export class AutomationParamsDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    description: '天数（首次消费后 / 生日前 / 到期前 / 预计到店前）',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(365)
  days?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 730, description: '沉睡唤醒：未到店天数（0 为不看）' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(730)
  dormantDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '沉睡唤醒：活跃概率低于（%，0 为不看）' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(100)
  pAliveBelowPercent?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100000000, description: '金额（分）：累计消费 / 单笔至少' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  minFen?: number;
}

export class AutomationInputDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @Length(1, 64) name: string;
  @ApiProperty({ enum: AUTOMATION_TRIGGERS }) @IsIn(AUTOMATION_TRIGGERS) trigger: string;
  @ApiPropertyOptional({ type: AutomationParamsDto })
  @Omittable()
  @ValidateNested()
  @Type(() => AutomationParamsDto)
  params?: AutomationParamsDto;
  @ApiPropertyOptional({ type: CampaignCouponDto })
  @Omittable()
  @ValidateNested()
  @Type(() => CampaignCouponDto)
  coupon?: CampaignCouponDto;
  @ApiPropertyOptional({ type: CampaignSmsDto })
  @Omittable()
  @ValidateNested()
  @Type(() => CampaignSmsDto)
  sms?: CampaignSmsDto;
  @ApiPropertyOptional({ description: '同时发微信订阅消息（到期类触发为到期提醒，其余为券到账提醒）' })
  @Omittable()
  @IsBoolean()
  wechat?: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 50, description: '对照组比例（%）' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  holdoutPercent?: number;
  @ApiPropertyOptional({ description: '创建后立即启用（默认否）' })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;
}

export class AutomationEnableDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class AutomationStatsDto {
  @ApiProperty({ description: '触发次数（含对照组与被排除的）' }) fired: number;
  @ApiProperty() treated: number;
  @ApiProperty() holdout: number;
  @ApiProperty({ description: '因未同意短信 / 频次上限 / 库存不足而未发' }) excluded: number;
  @ApiProperty() couponsIssued: number;
  @ApiProperty() couponsRedeemed: number;
  @ApiProperty() smsQueued: number;
}

export class AutomationRowDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AUTOMATION_TRIGGERS }) trigger: string;
  @ApiProperty({ type: AutomationParamsDto }) params: AutomationParamsDto;
  @ApiProperty({ description: '触发条件的中文描述' }) triggerLabel: string;
  @ApiProperty({ nullable: true, type: String }) templateId: string | null;
  @ApiProperty({ nullable: true, type: String }) templateName: string | null;
  @ApiProperty() couponCount: number;
  @ApiProperty({ nullable: true, type: String }) smsText: string | null;
  @ApiProperty() wechat: boolean;
  @ApiProperty() holdoutPercent: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String }) lastRunAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ type: AutomationStatsDto }) stats: AutomationStatsDto;
}

export class AutomationDayDto {
  @ApiProperty() day: string;
  @ApiProperty() treated: number;
  @ApiProperty() holdout: number;
}

export class AutomationResultsDto {
  @ApiProperty({ type: AutomationRowDto }) automation: AutomationRowDto;
  @ApiProperty({ description: '每次触发后计入效果的天数' }) attributionDays: number;
  @ApiProperty({ type: ArmDto }) treated: ArmDto;
  @ApiProperty({ type: ArmDto }) holdout: ArmDto;
  @ApiProperty({ type: UpliftDto, nullable: true }) uplift: UpliftDto | null;
  @ApiProperty({ type: IntervalDto, nullable: true }) roi: IntervalDto | null;
  @ApiProperty() couponCostFen: number;
  @ApiProperty() smsCostFen: number;
  @ApiProperty({ type: [AutomationDayDto] }) daily: AutomationDayDto[];
}
