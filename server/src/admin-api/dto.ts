import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Omittable } from '../common/validation';
import { IsOptional, IsUUID } from 'class-validator';
import { Type } from 'class-transformer';
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
  NotEquals,
} from 'class-validator';
import { JOIN_CHANNELS } from '@tableside/shared';
import { MemberProfileDto } from '../members/dto/member.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_FEN = 100_000_000;

export const MEMBER_SORTS = ['createdAt', 'visits', 'spend', 'lastVisit', 'points', 'balance'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/** The member filter panel. Absent = no restriction. Ranges are inclusive. */
export class MemberSearchDto {
  @ApiPropertyOptional({ description: 'Full number or its last 4+ digits' })
  @Omittable()
  @Matches(/^\d{4,11}$/, { message: '手机号请输入 4–11 位数字' })
  phone?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 32) name?: string;
  @ApiPropertyOptional({ description: 'Tier codes, comma separated' })
  @Omittable()
  @Matches(/^[A-Z0-9_]{1,32}(,[A-Z0-9_]{1,32}){0,9}$/)
  tiers?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 36) storeId?: string;
  @ApiPropertyOptional({ enum: JOIN_CHANNELS }) @Omittable() @IsIn(JOIN_CHANNELS) joinChannel?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 32) tag?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 12 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  birthdayMonth?: number;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(0) @Max(100000) visitsMin?: number;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(0) @Max(100000) visitsMax?: number;
  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  spendMinFen?: number;
  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  spendMaxFen?: number;
  @ApiPropertyOptional({ example: '2026-01-01' }) @Omittable() @Matches(DATE) lastVisitFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @Omittable() @Matches(DATE) lastVisitTo?: string;
  @ApiPropertyOptional({ description: '已保存的客群：只看该客群里的会员' })
  @Omittable()
  @IsUUID('all')
  segmentId?: string;
  @ApiPropertyOptional({
    description: '临时客群条件（JSON，与客群相同的格式），如概览里点 RFM 格子打开的名单',
    example: '{"all":[{"field":"rfmSegment","op":"eq","value":"重要价值客户"}]}',
  })
  @Omittable()
  @IsString()
  @Length(2, 4000)
  filter?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: '入会日期（起，营业时区）' })
  @Omittable()
  @Matches(DATE)
  joinedFrom?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: '入会日期（止，含当天）' })
  @Omittable()
  @Matches(DATE)
  joinedTo?: string;
  @ApiPropertyOptional({ enum: MEMBER_SORTS }) @Omittable() @IsIn(MEMBER_SORTS) sort?: MemberSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @Omittable() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class MemberRowDto {
  @ApiProperty() id: string;
  @ApiProperty() memberNo: number;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'masked' }) phone: string | null;
  @ApiProperty() tierCode: string;
  @ApiProperty() tierName: string;
  @ApiProperty({ nullable: true, type: String }) joinStoreName: string | null;
  @ApiProperty() joinChannel: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) birthday: string | null;
  @ApiProperty() visits: number;
  @ApiProperty() spendFen: number;
  @ApiProperty({ nullable: true, type: String }) lastVisitAt: string | null;
  @ApiProperty() pointsBalance: number;
  @ApiProperty() balanceFen: number;
  @ApiProperty() consentSms: boolean;
  @ApiProperty() consentWechat: boolean;
  @ApiProperty() createdAt: string;
}

export class MemberExportDto extends MemberSearchDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '导出完整手机号（仅总部管理员；单独记入操作日志）',
  })
  @Omittable()
  @IsIn(['true', 'false'])
  fullPhones?: 'true' | 'false';
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberRowDto] }) items: MemberRowDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class LedgerRowDto {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty({ description: 'points, or fen for stored value' }) amount: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: string;
}

export class MemberCouponRowDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() validTo: string;
  @ApiProperty({ nullable: true, type: String }) usedAt: string | null;
  @ApiProperty() issueChannel: string;
}

export class VisitRowDto {
  @ApiProperty() id: string;
  @ApiProperty() storeName: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() discountFen: number;
  @ApiProperty() paidFen: number;
  @ApiProperty() pointsEarned: number;
  @ApiProperty() channel: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: [String] }) couponCodes: string[];
  @ApiProperty() occurredAt: string;
}

export class CurvePointDto {
  @ApiProperty({ description: '从今天起再过多少天没来' }) days: number;
  @ApiProperty() pAlive: number;
}

export class MemberInsightPanelDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ nullable: true, type: Number }) recencyDays: number | null;
  @ApiProperty() frequency: number;
  @ApiProperty() monetaryFen: number;
  @ApiProperty({ nullable: true, type: Number }) rScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) fScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) mScore: number | null;
  @ApiProperty({ nullable: true, type: String }) rfmSegment: string | null;
  @ApiProperty() lifecycle: string;
  @ApiProperty({ description: '生命周期的中文' }) lifecycleLabel: string;
  @ApiProperty({ nullable: true, type: Number }) pAlive: number | null;
  @ApiProperty({ nullable: true, type: Number }) expectedVisits30: number | null;
  @ApiProperty({ nullable: true, type: Number }) expectedVisits90: number | null;
  @ApiProperty({ nullable: true, type: Number }) avgIntervalDays: number | null;
  @ApiProperty({ nullable: true, type: String }) nextVisitOn: string | null;
  @ApiProperty({ type: [CurvePointDto], description: '若一直不来，P(alive) 随天数的变化（BG/NBD）' })
  pAliveCurve: CurvePointDto[];
  @ApiProperty({ nullable: true, type: String, description: '忠诚度矩阵的中文' }) loyaltyLabel: string | null;
  @ApiProperty({ nullable: true, type: String, description: '聚类人群名称' }) clusterName: string | null;
  @ApiProperty({ nullable: true, type: String }) favouriteStoreName: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '0–1' }) lunchShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) dinnerShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) lateShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) weekendShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) couponShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) avgPartySize: number | null;
}

export class MemberDetailDto {
  @ApiProperty({ type: MemberProfileDto }) profile: MemberProfileDto;
  @ApiProperty({ nullable: true, type: String }) joinStoreName: string | null;
  @ApiProperty() growthFen: number;
  @ApiProperty({ nullable: true, type: String }) nextTierName: string | null;
  @ApiProperty({ nullable: true, type: Number }) nextTierThresholdFen: number | null;
  @ApiProperty({ type: [LedgerRowDto] }) points: LedgerRowDto[];
  @ApiProperty({ type: [LedgerRowDto] }) wallet: LedgerRowDto[];
  @ApiProperty({ type: [MemberCouponRowDto] }) coupons: MemberCouponRowDto[];
  @ApiProperty({ type: [VisitRowDto] }) visits: VisitRowDto[];
  @ApiProperty({
    type: MemberInsightPanelDto,
    nullable: true,
    description: '洞察（insights:refresh 之后才有）',
  })
  insight: MemberInsightPanelDto | null;
}

export class AdjustPointsDto {
  @ApiProperty({ description: 'Signed: +100 adds, -50 takes away' })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000)
  @Max(1_000_000)
  points: number;
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(2, 100) reason: string;
  @ApiProperty({ description: '客户端生成的请求号：重试同一请求只调整一次', maxLength: 64 })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  requestId: string;
}

export class TagDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[^,\s][^,]{0,31}$/, { message: '标签为 1–32 个字，不能含逗号' })
  tag: string;
}

export class DashboardQueryDto {
  @ApiProperty({ example: '2026-10-23' }) @Matches(DATE) from: string;
  @ApiProperty({ example: '2026-11-22' }) @Matches(DATE) to: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 36) storeId?: string;
}

export class DayPointDto {
  @ApiProperty() day: string;
  @ApiProperty() visits: number;
  @ApiProperty() revenueFen: number;
  @ApiProperty() couponsIssued: number;
  @ApiProperty() couponsUsed: number;
}

export class NamedCountDto {
  @ApiProperty() name: string;
  @ApiProperty() count: number;
}

export class DashboardDto {
  @ApiProperty() membersTotal: number;
  @ApiProperty() membersNew: number;
  @ApiProperty() visits: number;
  @ApiProperty() revenueFen: number;
  @ApiProperty() couponsIssued: number;
  @ApiProperty() couponsUsed: number;
  @ApiProperty({ description: 'used / issued in the range, 0..1' }) redemptionRate: number;
  @ApiProperty({ type: [DayPointDto] }) trend: DayPointDto[];
  @ApiProperty({ type: [NamedCountDto] }) tiers: NamedCountDto[];
}

export class AuditQueryDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) action?: string;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class AuditRowDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) staffName: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ description: '操作的中文名称' }) actionLabel: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ description: '对象，例如「会员 张小满（138****8000）」' }) targetLabel: string;
  @ApiProperty({ description: '详情，中文' }) summary: string;
  @ApiProperty({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
  @ApiProperty() createdAt: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRowDto] }) items: AuditRowDto[];
  @ApiProperty() total: number;
}

export class TodayQueryDto {
  @ApiProperty() @IsString() @Length(1, 36) storeId: string;
}

export class RedemptionRowDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) memberName: string | null;
  @ApiProperty({ nullable: true, type: String }) memberPhone: string | null;
  @ApiProperty() amountFen: number;
  @ApiProperty() discountFen: number;
  @ApiProperty() paidFen: number;
  @ApiProperty({ type: [String] }) couponCodes: string[];
  @ApiProperty() channel: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) orderRef: string | null;
  @ApiProperty({ description: 'Still inside the store void window' }) voidable: boolean;
}

export class TableDto {
  @ApiProperty() id: string;
  @ApiProperty() tableNo: string;
  @ApiProperty({ nullable: true, type: Number }) seats: number | null;
}

export class AddTablesDto {
  @ApiProperty({ type: [String], example: ['1', '2', 'A1'] })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { each: true, message: '桌号只能是字母、数字或 -，最多 16 位' })
  tableNos: string[];
}

export class UpdateTierDto {
  @ApiPropertyOptional({ maxLength: 32 }) @Omittable() @IsString() @Length(1, 32) name?: string;
  @ApiPropertyOptional({ maximum: MAX_FEN })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  thresholdFen?: number;
  @ApiPropertyOptional({ minimum: 100, maximum: 1000, description: '积分倍数 %：150 = 1.5 倍' })
  @Omittable()
  @IsInt()
  @Min(100)
  @Max(1000)
  pointsMultiplierPercent?: number;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 50,
    description: '会员价：在用券后的金额上再减的百分比，5 = 95 折',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  memberPricePercentOff?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 36,
    description: '生日礼券模板；null 表示没有',
  })
  @IsOptional()
  @IsUUID('all')
  birthdayTemplateId?: string | null;
}

export class TierAdminDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() rank: number;
  @ApiProperty() thresholdFen: number;
  @ApiProperty() pointsMultiplierPercent: number;
  @ApiProperty() memberPricePercentOff: number;
  @ApiProperty({ nullable: true, type: String }) birthdayTemplateId: string | null;
  @ApiProperty({ type: [String], description: '由上面的数据生成的权益说明' }) benefits: string[];
  @ApiProperty() members: number;
}

export class SettingsDto {
  @ApiProperty() chainName: string;
  @ApiProperty() pointsPerYuan: number;
  @ApiProperty() pointsExpiryYears: number;
  @ApiProperty() tierWindowMonths: number;
  @ApiProperty() memberCodeStepSeconds: number;
  @ApiProperty({ nullable: true, type: String }) welcomeTemplateId: string | null;
  @ApiProperty({ description: '首次消费后多少天内算新客' }) lifecycleNewDays: number;
  @ApiProperty({ description: '多少天未到店算沉睡' }) lifecycleDormantDays: number;
  @ApiProperty({ description: '多少天未到店算流失' }) lifecycleLostDays: number;
  @ApiProperty({ description: '核心客：近一年至少到店次数' }) coreMinVisits: number;
  @ApiProperty({ description: '核心客：近一年至少消费（分）' }) coreMinSpendFen: number;
  @ApiProperty({ description: '每位会员 7 天内最多收到几次营销' }) capPer7Days: number;
  @ApiProperty({ description: '每位会员 30 天内最多收到几次营销' }) capPer30Days: number;
  @ApiProperty({ description: '营销短信免打扰开始（点，营业时区）' }) quietStartHour: number;
  @ApiProperty({ description: '营销短信免打扰结束（点）' }) quietEndHour: number;
  @ApiProperty({ description: '受众超过此人数的活动需总部管理员发送' }) campaignApprovalAbove: number;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) chainName?: string;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(100) pointsPerYuan?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(10) pointsExpiryYears?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(36) tierWindowMonths?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(5) @Max(300) memberCodeStepSeconds?: number;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 36, description: 'null：不送入会礼' })
  @IsOptional()
  @IsString()
  @Length(0, 36)
  welcomeTemplateId?: string | null;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(365) lifecycleNewDays?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(7) @Max(730) lifecycleDormantDays?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(14) @Max(1095) lifecycleLostDays?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(365) coreMinVisits?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(1_000_000_000) coreMinSpendFen?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(50) capPer7Days?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(100) capPer30Days?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(23) quietStartHour?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(23) quietEndHour?: number;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(10_000_000) campaignApprovalAbove?: number;
}

export class StartImportDto {
  @ApiProperty({ enum: ['members', 'visits'] }) @IsIn(['members', 'visits']) kind: 'members' | 'visits';
  @ApiPropertyOptional() @Omittable() @IsBoolean() createMembers?: boolean;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 200) fileName?: string;
}

export class ImportChunkDto {
  @ApiProperty({ description: 'The next piece of the CSV text (≤ 512 KB); pieces are joined as sent' })
  @IsString()
  @Length(1, 524_288)
  text: string;
  @ApiProperty({ description: 'true on the last piece: the import starts' }) @IsBoolean() last: boolean;
}

export class ImportErrorDto {
  @ApiProperty() line: number;
  @ApiProperty() reason: string;
}

export class ImportJobDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ enum: ['UPLOADING', 'RUNNING', 'DONE', 'FAILED'] }) status: string;
  @ApiProperty() total: number;
  @ApiProperty() processed: number;
  @ApiProperty() imported: number;
  @ApiProperty() skipped: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
  @ApiProperty({ nullable: true, type: String }) failure: string | null;
}
