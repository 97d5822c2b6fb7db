import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../common/validation';

export class CampaignCouponDto {
  @ApiProperty({ maxLength: 36 }) @IsString() @Length(1, 36) templateId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) count: number;
}

export class CampaignSmsDto {
  @ApiProperty({
    maxLength: 300,
    description: '可用变量：{name} {coupon} {expiry}；末尾自动加「拒收请回复R」',
  })
  @IsString()
  @Length(1, 300)
  text: string;
}

export class CampaignInputDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @Length(1, 64) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '{ all: true } | { segmentId } | { filter }（同客群筛选格式）| { phones: [手机号…] }（上传名单，最多 30000 个）',
  })
  @IsObject()
  audience: Record<string, unknown>;
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
  @ApiPropertyOptional({ description: '同时发微信订阅消息「券到账提醒」（需发券；只发给订阅过的会员）' })
  @Omittable()
  @IsBoolean()
  wechat?: boolean;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 50,
    description: '对照组比例（%），不发任何东西，用来衡量效果',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  holdoutPercent?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: '定时发送（ISO 时间，至少 1 分钟后、最多 90 天内）；不填：点「开始发送」时发',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  scheduledAt?: string | null;
}

export class CampaignPreviewDto {
  @ApiProperty({ description: '受众人数' }) audience: number;
  @ApiProperty({ description: '因未同意营销短信而排除' }) excludedConsent: number;
  @ApiProperty({ description: '因频次上限而排除（按现在估算）' }) excludedCap: number;
  @ApiProperty({ description: '对照组人数（估算）' }) holdout: number;
  @ApiProperty({ description: '将收到券 / 短信的人数（估算）' }) treated: number;
  @ApiProperty() smsCostFen: number;
  @ApiProperty({ description: '券面额合计（若全部核销）' }) couponLiabilityFen: number;
  @ApiProperty({ nullable: true, type: Number, description: '券库存剩余（null：不限）' }) stockLeft:
    number | null;
}

export class CampaignExcludedDto {
  @ApiProperty() consent: number;
  @ApiProperty() cap: number;
  @ApiProperty() stock: number;
}

export class CampaignStatusDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['READY', 'SCHEDULED', 'RUNNING', 'DONE', 'FAILED'] }) state: string;
  @ApiProperty() audience: number;
  @ApiProperty() holdout: number;
  @ApiProperty() couponsIssued: number;
  @ApiProperty() smsQueued: number;
  @ApiProperty() wechatQueued: number;
  @ApiProperty({ type: CampaignExcludedDto }) excluded: CampaignExcludedDto;
}

export class CampaignRowDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '受众的中文描述' }) audienceLabel: string;
  @ApiProperty({ nullable: true, type: String }) templateName: string | null;
  @ApiProperty() couponCount: number;
  @ApiProperty({ nullable: true, type: String }) smsText: string | null;
  @ApiProperty() wechat: boolean;
  @ApiProperty() holdoutPercent: number;
  @ApiProperty({ type: CampaignStatusDto }) status: CampaignStatusDto;
  @ApiProperty({ description: '预计受众（开始时计算；未开始为 0）' }) expectedAudience: number;
  @ApiProperty({ nullable: true, type: String }) failure: string | null;
  @ApiProperty({ nullable: true, type: String, description: '定时发送时间' }) scheduledAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class ArmDto {
  @ApiProperty() members: number;
  @ApiProperty() visitors: number;
  @ApiProperty() revenueFen: number;
  @ApiProperty() revenueSqFen: number;
}

export class IntervalDto {
  @ApiProperty() estimate: number;
  @ApiProperty() low: number;
  @ApiProperty() high: number;
}

export class UpliftDto {
  @ApiProperty() treatedRate: number;
  @ApiProperty() holdoutRate: number;
  @ApiProperty({ type: IntervalDto }) rateDiff: IntervalDto;
  @ApiProperty({ type: IntervalDto }) revenuePerMemberDiff: IntervalDto;
  @ApiProperty({ type: IntervalDto }) incrementalRevenueFen: IntervalDto;
  @ApiProperty() significant: boolean;
}

export class TrendPointDto {
  @ApiProperty() day: string;
  @ApiProperty() treatedRate: number;
  @ApiProperty() holdoutRate: number;
}

export class WindowDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() days: number;
}

export class CampaignSmsCountsDto {
  @ApiProperty({ description: '排队中（含免打扰等待）' }) waiting: number;
  @ApiProperty({ description: '已交给短信服务、等回执' }) sent: number;
  @ApiProperty({ description: '回执：已送达' }) delivered: number;
  @ApiProperty({ description: '被拒绝 / 回执失败 / 退订取消' }) failed: number;
}

export class CampaignResultsDto {
  @ApiProperty({ type: CampaignRowDto }) campaign: CampaignRowDto;
  @ApiProperty({ type: WindowDto, nullable: true }) window: WindowDto | null;
  @ApiProperty({ type: ArmDto }) treated: ArmDto;
  @ApiProperty({ type: ArmDto }) holdout: ArmDto;
  @ApiProperty() couponsRedeemed: number;
  @ApiProperty({ type: CampaignSmsCountsDto }) sms: CampaignSmsCountsDto;
  @ApiProperty() couponCostFen: number;
  @ApiProperty() smsCostFen: number;
  @ApiProperty({ type: UpliftDto, nullable: true }) uplift: UpliftDto | null;
  @ApiProperty({ type: IntervalDto, nullable: true }) roi: IntervalDto | null;
  @ApiProperty({ type: [TrendPointDto] }) trend: TrendPointDto[];
}

export class SmsOutboxRowDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '脱敏手机号' }) phone: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) campaignName: string | null;
  @ApiProperty() sendAfter: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) providerRef: string | null;
}

export class SmsOutboxDto {
  @ApiProperty({ description: 'true：演示用的模拟短信通道，短信不会真的发出' }) simulated: boolean;
  @ApiProperty({ description: '排队中（含免打扰时段等待）的条数' }) queued: number;
  @ApiProperty({ type: [SmsOutboxRowDto] }) items: SmsOutboxRowDto[];
}
