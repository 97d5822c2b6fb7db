import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Not } from 'typeorm';
import { Omittable } from '../common/validation';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { isHq, type StaffPrincipal } from '../auth/principals';
import type { TemplateStatus } from '@tableside/shared';
import { AuthErrors } from '../auth/auth.errors';
import { Member } from '../members/entities/member.entity';
import { CouponErrors } from './coupons.errors';
import { IdParam } from '../common/id-param';
import { TransactionRunner } from '../database/transaction-runner';
import { CouponsService, toIssuedDto } from './coupons.service';
import {
  CouponTemplateDto,
  CouponTemplateInputDto,
  IssueCouponDto,
  IssuedCouponDto,
} from './dto/coupon-template.dto';
import { CouponTemplate } from './entities/coupon-template.entity';

export class TemplateListQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '包括已归档的券' })
  @Omittable()
  @IsIn(['true', 'false'])
  includeArchived?: 'true' | 'false';
}

@ApiTags('coupons')
@Controller()
export class CouponsController {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly coupons: CouponsService,
    private readonly audit: AuditService,
  ) {}

  @Get('coupon-templates')
  @StaffAuth()
  @ApiOkResponse({ type: [CouponTemplateDto] })
  async list(@Query() q: TemplateListQueryDto): Promise<CouponTemplateDto[]> {
    const rows = await this.ds.getRepository(CouponTemplate).find({
      where: q.includeArchived === 'true' ? {} : { status: Not('ARCHIVED') },
      order: { createdAt: 'DESC' },
    });
    return this.coupons.toTemplateDtos(rows);
  }

  @Get('coupon-templates/:id')
  @StaffAuth()
  @ApiOkResponse({ type: CouponTemplateDto })
  async get(@Param('id', IdParam) id: string): Promise<CouponTemplateDto> {
    return this.coupons.toTemplateDto(await this.coupons.getTemplate(id));
  }

  @Post('coupon-templates')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponTemplateDto })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: CouponTemplateInputDto,
  ): Promise<CouponTemplateDto> {
    const t = await this.coupons.createTemplate(dto);
    await this.audit.record(staff, {
      action: 'coupon-template.create',
      targetType: 'coupon_template',
      targetId: t.id,
      detail: { name: t.name },
    });
    return this.coupons.toTemplateDto(t);
  }

  @Put('coupon-templates/:id')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponTemplateDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: CouponTemplateInputDto,
  ): Promise<CouponTemplateDto> {
    const t = await this.coupons.updateTemplate(id, dto);
    await this.audit.record(staff, {
      action: 'coupon-template.update',
      targetType: 'coupon_template',
      targetId: id,
      detail: { name: t.name },
    });
    return this.coupons.toTemplateDto(t);
  }

  @Post('coupon-templates/:id/publish')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponTemplateDto })
  publish(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<CouponTemplateDto> {
    return this.changeStatus(staff, id, 'PUBLISHED');
  }

  @Post('coupon-templates/:id/pause')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponTemplateDto })
  pause(@CurrentStaff() staff: StaffPrincipal, @Param('id', IdParam) id: string): Promise<CouponTemplateDto> {
    return this.changeStatus(staff, id, 'PAUSED');
  }

  @Post('coupon-templates/:id/archive')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponTemplateDto })
  archive(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<CouponTemplateDto> {
    return this.changeStatus(staff, id, 'ARCHIVED');
  }

  private async changeStatus(
    staff: StaffPrincipal,
    id: string,
    status: TemplateStatus,
  ): Promise<CouponTemplateDto> {
    const t = await this.coupons.setStatus(id, status);
    await this.audit.record(staff, {
      action: {
        PUBLISHED: 'coupon-template.publish',
        PAUSED: 'coupon-template.pause',
        ARCHIVED: 'coupon-template.archive',
        DRAFT: 'coupon-template.update',
      }[status],
      targetType: 'coupon_template',
      targetId: id,
      detail: { name: t.name },
    });
    return this.coupons.toTemplateDto(t);
  }

  /** Staff issue a coupon to a member (audited); limits and stock hold as for claims. */
  @Post('coupons/issue')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: [IssuedCouponDto] })
  async issue(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: IssueCouponDto,
  ): Promise<IssuedCouponDto[]> {
    const out = await this.tx.run(async (em) => {
      if (!isHq(staff)) {
        // A store manager hands out a few coupons to their own store's members, for their store.
        if ((dto.count ?? 1) > 5) throw CouponErrors.COUPON_ISSUE_TOO_MANY();
        const member = await em.findOne(Member, { where: { id: dto.memberId } });
        if (!member) throw CouponErrors.COUPON_NOT_FOUND(undefined, '会员不存在');
        if (!member.joinStoreId || !staff.storeIds.includes(member.joinStoreId))
          throw AuthErrors.STORE_FORBIDDEN();
        const t = await this.coupons.getTemplate(dto.templateId, em);
        if (t.storeIds?.length && !t.storeIds.some((s) => staff.storeIds.includes(s)))
          throw CouponErrors.COUPON_TEMPLATE_OTHER_STORES();
      }
      const issued: IssuedCouponDto[] = [];
      for (let i = 0; i < (dto.count ?? 1); i++) {
        const { coupon, template } = await this.coupons.issueIn(em, {
          templateId: dto.templateId,
          memberId: dto.memberId,
          channel: 'STAFF',
          ref: staff.id,
        });
        issued.push(toIssuedDto(coupon, template));
      }
      await this.audit.record(
        staff,
        {
          action: 'coupon.issue',
          targetType: 'member',
          targetId: dto.memberId,
          detail: { 券: issued[0]?.name ?? '', 张数: issued.length },
        },
        em,
      );
      return issued;
    });
    return out;
  }
}
