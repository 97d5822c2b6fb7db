import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthErrors } from '../auth/auth.errors';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { canActOnStore, type StaffPrincipal } from '../auth/principals';
import { AuditService } from '../audit/audit.service';
import { IdParam } from '../common/id-param';
import { CheckoutActor, CheckoutService } from './checkout.service';
import {
  CommitResponseDto,
  PreviewResponseDto,
  StaffCommitDto,
  StaffPreviewDto,
  VoidDto,
  VoidResponseDto,
} from './dto/checkout.dto';

function staffActor(staff: StaffPrincipal, storeId: string): CheckoutActor {
  if (!canActOnStore(staff, storeId)) throw AuthErrors.STORE_FORBIDDEN();
  return {
    channel: 'CASHIER',
    storeId,
    scope: `staff:${staff.id}`,
    staffId: staff.id,
    canActOn: (s) => canActOnStore(staff, s),
  };
}

/** The cashier screen: the same checkout as the POS API, behind staff login and store scoping. */
@ApiTags('checkout')
@Controller('checkout')
@StaffAuth('HQ_ADMIN', 'STORE_MANAGER', 'CASHIER')
export class CheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly audit: AuditService,
  ) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: PreviewResponseDto })
  preview(@CurrentStaff() staff: StaffPrincipal, @Body() dto: StaffPreviewDto): Promise<PreviewResponseDto> {
    const { storeId, ...input } = dto;
    return this.checkout.preview(staffActor(staff, storeId), input);
  }

  @Post('commit')
  @HttpCode(200)
  @ApiOkResponse({ type: CommitResponseDto })
  commit(@CurrentStaff() staff: StaffPrincipal, @Body() dto: StaffCommitDto): Promise<CommitResponseDto> {
    const { storeId, ...input } = dto;
    return this.checkout.commit(staffActor(staff, storeId), input);
  }

  /** Voids are audited: the void itself is the ledger, the audit says who asked and why. */
  @Post(':redemptionId/void')
  @HttpCode(200)
  @ApiOkResponse({ type: VoidResponseDto })
  async void(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('redemptionId', IdParam) id: string,
    @Body() dto: VoidDto,
  ): Promise<VoidResponseDto> {
    const actor: CheckoutActor = {
      channel: 'CASHIER',
      storeId: '',
      scope: `staff:${staff.id}`,
      staffId: staff.id,
      canActOn: (s) => canActOnStore(staff, s),
    };
    const res = await this.checkout.void(actor, id, dto);
    await this.audit.record(staff, {
      action: 'checkout.void',
      targetType: 'visit',
      targetId: id,
      detail: { reason: dto.reason, requestId: dto.requestId },
    });
    return res;
  }
}
