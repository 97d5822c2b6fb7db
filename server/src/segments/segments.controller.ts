import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import type { StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { SegmentDto, SegmentFilterBodyDto, SegmentInputDto, SegmentPreviewDto } from './segments.dto';
import { SegmentsService } from './segments.service';

/** Saved segments (head office): build with a live count, save, use in the member list. */
@ApiTags('segments')
@Controller('admin/segments')
@StaffAuth('HQ_ADMIN', 'MARKETER')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: SegmentPreviewDto })
  preview(@Body() dto: SegmentFilterBodyDto): Promise<SegmentPreviewDto> {
    return this.segments.preview(dto.filter);
  }

  @Get()
  @ApiOkResponse({ type: [SegmentDto] })
  list(): Promise<SegmentDto[]> {
    return this.segments.list();
  }

  @Post()
  @ApiOkResponse({ type: SegmentDto })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() dto: SegmentInputDto): Promise<SegmentDto> {
    return this.segments.save(staff, dto);
  }

  @Put(':id')
  @ApiOkResponse({ type: SegmentDto })
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: SegmentInputDto,
  ): Promise<SegmentDto> {
    return this.segments.save(staff, dto, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<void> {
    await this.segments.remove(staff, id);
  }
}
