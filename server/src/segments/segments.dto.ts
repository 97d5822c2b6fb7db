import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';
import type { SegmentFilter } from '@tableside/shared';
import { Omittable } from '../common/validation';
import { NamedCountDto } from '../admin-api/dto';

const FILTER_DOC = {
  type: 'object',
  description:
    '{ all: [{ field, op, value }] }：字段与运算见 shared/src/segments.ts 的 SEGMENT_FIELDS；所有条件同时满足',
  additionalProperties: true,
} as const;

export class SegmentFilterBodyDto {
  @ApiProperty(FILTER_DOC) @IsObject() filter: SegmentFilter;
}

export class SegmentInputDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @Length(1, 64) name: string;
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @Length(0, 200) description?: string;
  @ApiProperty(FILTER_DOC) @IsObject() filter: SegmentFilter;
}

export class SegmentDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty(FILTER_DOC) filter: SegmentFilter;
  @ApiProperty({ description: '条件的中文描述' }) summary: string;
  @ApiProperty() ownerName: string;
  @ApiProperty() updatedAt: string;
}

export class SegmentSampleDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'masked' }) phone: string | null;
  @ApiProperty() tierName: string;
}

export class SegmentPreviewDto {
  @ApiProperty() count: number;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [SegmentSampleDto] }) sample: SegmentSampleDto[];
  @ApiProperty({ type: [NamedCountDto] }) lifecycle: NamedCountDto[];
  @ApiProperty({ type: [NamedCountDto] }) rfm: NamedCountDto[];
}
