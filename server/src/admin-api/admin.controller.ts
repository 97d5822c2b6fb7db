import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import type { StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { AuditViewService } from './audit-view.service';
import { ChainRulesService } from './chain-rules.service';
import { DashboardService } from './dashboard.service';
import { MemberAdminService } from './member-admin.service';
import { StoreAdminService } from './store-admin.service';
import {
  AddTablesDto,
  AdjustPointsDto,
  AuditPageDto,
  AuditQueryDto,
  DashboardDto,
  DashboardQueryDto,
  ImportChunkDto,
  ImportJobDto,
  MemberDetailDto,
  MemberExportDto,
  MemberPageDto,
  MemberSearchDto,
  RedemptionRowDto,
  SettingsDto,
  StartImportDto,
  TableDto,
  TagDto,
  TierAdminDto,
  TodayQueryDto,
  UpdateSettingsDto,
  UpdateTierDto,
} from './dto';
import { ImportJobsService } from './import-jobs.service';

/** The admin console's endpoints. Store roles are scoped to their stores by the service. */
@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly memberAdmin: MemberAdminService,
    private readonly dashboards: DashboardService,
    private readonly auditView: AuditViewService,
    private readonly storeAdmin: StoreAdminService,
    private readonly chainRules: ChainRulesService,
    private readonly jobs: ImportJobsService,
  ) {}

  @Get('members')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: MemberPageDto })
  members(@CurrentStaff() staff: StaffPrincipal, @Query() q: MemberSearchDto): Promise<MemberPageDto> {
    return this.memberAdmin.searchMembers(staff, q);
  }

  @Get('members/export')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="members.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  exportMembers(@CurrentStaff() staff: StaffPrincipal, @Query() q: MemberExportDto): Promise<string> {
    return this.memberAdmin.exportMembers(staff, q);
  }

  @Get('members/:id')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: MemberDetailDto })
  member(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<MemberDetailDto> {
    return this.memberAdmin.memberDetail(staff, id);
  }

  @Post('members/:id/points')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: MemberDetailDto })
  adjustPoints(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: AdjustPointsDto,
  ): Promise<MemberDetailDto> {
    return this.memberAdmin.adjustPoints(staff, id, dto);
  }

  @Post('members/:id/tags')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: MemberDetailDto })
  addTag(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: TagDto,
  ): Promise<MemberDetailDto> {
    return this.memberAdmin.addTag(staff, id, dto.tag);
  }

  @Delete('members/:id/tags/:tag')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: MemberDetailDto })
  removeTag(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Param('tag') tag: string,
  ): Promise<MemberDetailDto> {
    return this.memberAdmin.removeTag(staff, id, tag);
  }

  @Get('dashboard')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentStaff() staff: StaffPrincipal, @Query() q: DashboardQueryDto): Promise<DashboardDto> {
    return this.dashboards.dashboard(staff, q);
  }

  @Get('audit')
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: AuditPageDto })
  audit(@CurrentStaff() staff: StaffPrincipal, @Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return this.auditView.auditLog(staff, q);
  }

  @Get('redemptions/today')
  @StaffAuth()
  @ApiOkResponse({ type: [RedemptionRowDto] })
  today(@CurrentStaff() staff: StaffPrincipal, @Query() q: TodayQueryDto): Promise<RedemptionRowDto[]> {
    return this.storeAdmin.today(staff, q.storeId);
  }

  @Get('stores/:id/tables')
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: [TableDto] })
  tables(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<TableDto[]> {
    return this.storeAdmin.tables(staff, id);
  }

  @Post('stores/:id/tables')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: [TableDto] })
  addTables(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: AddTablesDto,
  ): Promise<TableDto[]> {
    return this.storeAdmin.addTables(staff, id, dto.tableNos);
  }

  @Get('tiers')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: [TierAdminDto] })
  tiers(): Promise<TierAdminDto[]> {
    return this.chainRules.tierList();
  }

  @Put('tiers/:id')
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: [TierAdminDto] })
  updateTier(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateTierDto,
  ): Promise<TierAdminDto[]> {
    return this.chainRules.updateTier(staff, id, dto);
  }

  @Get('settings')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: SettingsDto })
  settings(): Promise<SettingsDto> {
    return this.chainRules.getSettings();
  }

  @Put('settings')
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: SettingsDto })
  updateSettings(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: UpdateSettingsDto,
  ): Promise<SettingsDto> {
    return this.chainRules.updateSettings(staff, dto);
  }

  @Post('imports')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: ImportJobDto })
  startImport(@CurrentStaff() staff: StaffPrincipal, @Body() dto: StartImportDto): Promise<ImportJobDto> {
    return this.jobs.start(staff, dto.kind, dto.createMembers ?? false, dto.fileName);
  }

  @Post('imports/:id/chunks')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: ImportJobDto })
  appendImport(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: ImportChunkDto,
  ): Promise<ImportJobDto> {
    return this.jobs.append(staff, id, dto.text, dto.last);
  }

  @Get('imports/:id')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: ImportJobDto })
  importJob(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<ImportJobDto> {
    return this.jobs.get(staff, id);
  }

  @Get('imports/:id/errors.csv')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="import-errors.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  importErrors(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<string> {
    return this.jobs.errorsCsv(staff, id);
  }
}
