import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import type { StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { SmsService } from '../sms/sms.service';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { Automation } from './automation.entity';
import {
  AutomationEnableDto,
  AutomationInputDto,
  AutomationResultsDto,
  AutomationRowDto,
} from './automations.dto';
import { AUTOMATION_ATTRIBUTION_DAYS, AutomationInput, AutomationsService } from './automations.service';

/** Head office's automations: each trigger as a rule with a switch and its own results. */
@ApiTags('automations')
@Controller('admin/automations')
@StaffAuth('HQ_ADMIN', 'MARKETER')
export class AutomationsController {
  constructor(
    private readonly ds: DataSource,
    private readonly automations: AutomationsService,
    private readonly audit: AuditService,
    private readonly sms: SmsService,
  ) {}

  private get smsAvailable(): boolean {
    return this.sms.available;
  }

  private async rows(list: Automation[]): Promise<AutomationRowDto[]> {
    const ids = [...new Set(list.map((a) => a.templateId).filter((x): x is string => !!x))];
    const templates = ids.length
      ? await this.ds.getRepository(CouponTemplate).find({ where: { id: In(ids) } })
      : [];
    const stats = await this.automations.stats(list.map((a) => a.id));
    return list.map((a) => ({
      id: a.id,
      name: a.name,
      trigger: a.trigger,
      params: a.params,
      triggerLabel: this.automations.describe(a),
      templateId: a.templateId,
      templateName: templates.find((t) => t.id === a.templateId)?.name ?? null,
      couponCount: a.couponCount,
      smsText: a.smsText,
      wechat: Boolean(a.wechat),
      holdoutPercent: a.holdoutPercent,
      enabled: a.enabled,
      lastRunAt: a.lastRunAt?.toISOString() ?? null,
      lastError: a.lastError,
      stats: stats.get(a.id)!,
    }));
  }

  @Get()
  @ApiOkResponse({ type: [AutomationRowDto] })
  async list(): Promise<AutomationRowDto[]> {
    return this.rows(await this.automations.list());
  }

  @Post()
  @ApiOkResponse({ type: AutomationRowDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: AutomationInputDto,
  ): Promise<AutomationRowDto> {
    const a = await this.automations.create(dto as unknown as AutomationInput, this.smsAvailable);
    await this.audit.record(staff, {
      action: 'automation.create',
      targetType: 'automation',
      targetId: a.id,
      detail: { name: a.name, trigger: a.trigger, enabled: a.enabled },
    });
    return (await this.rows([a]))[0];
  }

  @Put(':id')
  @ApiOkResponse({ type: AutomationRowDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: AutomationInputDto,
  ): Promise<AutomationRowDto> {
    const a = await this.automations.update(id, dto as unknown as AutomationInput, this.smsAvailable);
    await this.audit.record(staff, {
      action: 'automation.update',
      targetType: 'automation',
      targetId: id,
      detail: { name: a.name, params: a.params },
    });
    return (await this.rows([a]))[0];
  }

  @Post(':id/enabled')
  @HttpCode(200)
  @ApiOkResponse({ type: AutomationRowDto })
  async enable(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: AutomationEnableDto,
  ): Promise<AutomationRowDto> {
    const a = await this.automations.setEnabled(id, dto.enabled, this.smsAvailable);
    await this.audit.record(staff, {
      action: dto.enabled ? 'automation.enable' : 'automation.disable',
      targetType: 'automation',
      targetId: id,
      detail: { name: a.name },
    });
    return (await this.rows([a]))[0];
  }

  @Get(':id')
  @ApiOkResponse({ type: AutomationResultsDto })
  async results(@Param('id', IdParam) id: string): Promise<AutomationResultsDto> {
    const r = await this.automations.results(id);
    const [automation] = await this.rows([await this.automations.get(id)]);
    return {
      automation,
      attributionDays: AUTOMATION_ATTRIBUTION_DAYS,
      treated: r.treated,
      holdout: r.holdout,
      uplift: r.uplift,
      roi: r.roi,
      couponCostFen: r.couponCostFen,
      smsCostFen: r.smsCostFen,
      daily: r.daily,
    };
  }
}
