import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Omittable } from '../common/validation';

export class InsightOverviewQueryDto {
  @ApiPropertyOptional({ description: '门店 id；不填：总部看全部，店长看本店' })
  @Omittable()
  @IsString()
  @Length(1, 36)
  storeId?: string;
}

export class LifecycleCountDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: '30 天前按同一规则的人数' }) prevCount: number;
}

export class TransitionDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() count: number;
}

export class RfmCellDto {
  @ApiProperty() segment: string;
  @ApiProperty() count: number;
  @ApiProperty() monetaryFen: number;
}

export class LoyaltyCellDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
  @ApiProperty() monetaryFen: number;
}

export class ClusterDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() autoName: string;
  @ApiProperty() description: string;
  @ApiProperty() autoDescription: string;
  @ApiProperty() renamed: boolean;
  @ApiProperty({ description: '全部会员中属于该人群的人数（上次刷新）' }) members: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) centroid: Record<string, number>;
  @ApiProperty({ nullable: true, type: Number }) silhouette: number | null;
}

export class ClusterCountDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() count: number;
}

export class IntervalBucketDto {
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class AtRiskDto {
  @ApiProperty() memberId: string;
  @ApiProperty({ description: '姓名（可能为空）' }) name: string;
  @ApiProperty({ description: '脱敏手机号' }) phone: string;
  @ApiProperty() monetaryFen: number;
  @ApiProperty() pAlive: number;
  @ApiProperty() pAlivePrev: number;
  @ApiProperty({ nullable: true, type: Number }) recencyDays: number | null;
  @ApiProperty({ nullable: true, type: String }) rfmSegment: string | null;
}

export class InsightOverviewDto {
  @ApiProperty({ nullable: true, type: String, description: '数据截至日期；null：还没有刷新过' })
  asOf: string | null;
  @ApiProperty({ nullable: true, type: String }) refreshedAt: string | null;
  @ApiProperty() members: number;
  @ApiProperty() withVisits: number;
  @ApiProperty({ type: [LifecycleCountDto] }) lifecycle: LifecycleCountDto[];
  @ApiProperty({ type: [TransitionDto] }) transitions: TransitionDto[];
  @ApiProperty({ type: [RfmCellDto] }) rfm: RfmCellDto[];
  @ApiProperty({ type: [LoyaltyCellDto] }) loyalty: LoyaltyCellDto[];
  @ApiProperty({ type: [ClusterCountDto] }) clusters: ClusterCountDto[];
  @ApiProperty({ type: [IntervalBucketDto] }) intervals: IntervalBucketDto[];
  @ApiProperty({ type: [AtRiskDto] }) atRisk: AtRiskDto[];
}

export class RenameClusterDto {
  @ApiProperty({ nullable: true, type: String, maxLength: 32, description: 'null 或空：恢复自动命名' })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  name: string | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  description: string | null;
}
