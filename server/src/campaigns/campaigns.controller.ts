import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, In } from 'typeorm';
import { maskPhone } from '@tableside/shared';
import { AuditService } from '../audit/audit.service';
import { SmsService } from '../sms/sms.service';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import type { StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import {
  CampaignInputDto,
  CampaignPreviewDto,
  CampaignResultsDto,
  CampaignRowDto,
  SmsOutboxDto,
} from './campaigns.dto';
import { CampaignsService, type CampaignInput } from './campaigns.service';
import { Campaign, SmsMessage } from './entities/campaign.entity';

/** Head office's campaigns: preview, create, send (in the background, resumable), results. */
@ApiTags('campaigns')
@Controller('admin/campaigns')
@StaffAuth('HQ_ADMIN', 'MARKETER')
export class CampaignsController {
  constructor(
    private readonly ds: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
    private readonly sms: SmsService,
  ) {}

  private async rows(list: Campaign[]): Promise<CampaignRowDto[]> {
    const ids = [...new Set(list.map((c) => c.templateId).filter((x): x is string => !!x))];
    const templates = ids.length
      ? await this.ds.getRepository(CouponTemplate).find({ where: { id: In(ids) } })
      : [];
    return Promise.all(
      list.map(async (c) => ({
        id: c.id,
        name: c.name,
        audienceLabel: await this.campaigns.audienceLabel(c),
        templateName: templates.find((t) => t.id === c.templateId)?.name ?? null,
        couponCount: c.couponCount,
        smsText: c.smsText,
        wechat: Boolean(c.wechat),
        holdoutPercent: c.holdoutPercent,
        status: this.campaigns.status(c),
        expectedAudience: c.expectedAudience,
        failure: c.failure,
        scheduledAt: c.scheduledAt?.toISOString() ?? null,
        createdAt: c.createdAt.toISOString(),
        startedAt: c.startedAt?.toISOString() ?? null,
        finishedAt: c.finishedAt?.toISOString() ?? null,
      })),
    );
  }

  @Get()
  @ApiOkResponse({ type: [CampaignRowDto] })
  async list(): Promise<CampaignRowDto[]> {
    return this.rows(await this.campaigns.list());
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignPreviewDto })
  preview(@Body() dto: CampaignInputDto): Promise<CampaignPreviewDto> {
    return this.campaigns.preview(dto as unknown as CampaignInput);
  }

  @Post()
  @ApiOkResponse({ type: CampaignRowDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: CampaignInputDto,
  ): Promise<CampaignRowDto> {
    const c = await this.campaigns.create(dto as unknown as CampaignInput);
    await this.audit.record(staff, {
      action: 'campaign.create',
      targetType: 'campaign',
      targetId: c.id,
      detail: { name: c.name, holdoutPercent: c.holdoutPercent },
    });
    return (await this.rows([c]))[0];
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignRowDto })
  async start(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<CampaignRowDto> {
    const c = await this.campaigns.start(id, { id: staff.id, role: staff.role });
    await this.audit.record(staff, {
      action:
        c.state === 'SCHEDULED'
          ? 'campaign.schedule'
          : c.approvedBy === staff.id
            ? 'campaign.approve'
            : 'campaign.start',
      targetType: 'campaign',
      targetId: id,
      detail: { audience: c.expectedAudience },
    });
    return (await this.rows([c]))[0];
  }

  @Get('sms-outbox')
  @ApiOkResponse({ type: SmsOutboxDto })
  async outbox(): Promise<SmsOutboxDto> {
    const rows = await this.ds.getRepository(SmsMessage).find({ order: { createdAt: 'DESC' }, take: 200 });
    const ids = [...new Set(rows.map((r) => r.campaignId).filter((x): x is string => !!x))];
    const names = ids.length ? await this.ds.getRepository(Campaign).find({ where: { id: In(ids) } }) : [];
    return {
      simulated: this.sms.simulated,
      queued: await this.ds.getRepository(SmsMessage).count({ where: { status: 'QUEUED' } }),
      items: rows.map((r) => ({
        id: r.id,
        phone: maskPhone(r.phone),
        text: r.text,
        status: r.status,
        campaignName: names.find((c) => c.id === r.campaignId)?.name ?? null,
        sendAfter: r.sendAfter.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        providerRef: r.providerRef,
      })),
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResultsDto })
  async results(@Param('id', IdParam) id: string): Promise<CampaignResultsDto> {
    const r = await this.campaigns.results(id);
    const [campaign] = await this.rows([await this.campaigns.get(id)]);
    return {
      campaign,
      window: r.window,
      treated: r.treated,
      holdout: r.holdout,
      couponsRedeemed: r.couponsRedeemed,
      sms: r.sms,
      couponCostFen: r.couponCostFen,
      smsCostFen: r.smsCostFen,
      uplift: r.uplift,
      roi: r.roi,
      trend: r.trend,
    };
  }
}
