import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPos } from '../auth/guards';
import { posScope, type PosPrincipal } from '../auth/principals';
import { CheckoutActor, CheckoutService } from '../checkout/checkout.service';
import {
  CommitDto,
  CommitResponseDto,
  PreviewDto,
  PreviewResponseDto,
  VoidDto,
  VoidResponseDto,
} from '../checkout/dto/checkout.dto';
import { IdParam } from '../common/id-param';
import { PosAuthGuard } from './pos-auth.guard';

const posActor = (p: PosPrincipal): CheckoutActor => ({
  channel: 'POS',
  storeId: p.storeId,
  scope: posScope(p.keyId),
  posKeyId: p.keyId,
  canActOn: (storeId) => storeId === p.storeId,
  ...(p.lookupBudget ? { lookupBudget: p.lookupBudget } : {}),
});

/** The public POS contract (DESIGN.md §6). Keep paths and shapes stable. */
@ApiTags('pos')
@ApiHeader({ name: 'X-Pos-Key', required: true })
@ApiHeader({ name: 'X-Timestamp', required: true, description: 'unix seconds' })
@ApiHeader({ name: 'X-Nonce', required: true })
@ApiHeader({
  name: 'X-Signature',
  required: true,
  description: 'hex HMAC-SHA256(secret, METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY))',
})
@Controller('pos/v1/checkout')
@UseGuards(PosAuthGuard)
export class PosController {
  constructor(private readonly checkout: CheckoutService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which coupons apply, the best combination and the payable amount' })
  @ApiOkResponse({ type: PreviewResponseDto })
  preview(@CurrentPos() pos: PosPrincipal, @Body() dto: PreviewDto): Promise<PreviewResponseDto> {
    return this.checkout.preview(posActor(pos), dto);
  }

  @Post('commit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Redeem coupons, record the visit, earn points — once per requestId' })
  @ApiOkResponse({ type: CommitResponseDto })
  commit(@CurrentPos() pos: PosPrincipal, @Body() dto: CommitDto): Promise<CommitResponseDto> {
    return this.checkout.commit(posActor(pos), dto);
  }

  @Post(':redemptionId/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse a redemption exactly once' })
  @ApiOkResponse({ type: VoidResponseDto })
  void(
    @CurrentPos() pos: PosPrincipal,
    @Param('redemptionId', IdParam) id: string,
    @Body() dto: VoidDto,
  ): Promise<VoidResponseDto> {
    return this.checkout.void(posActor(pos), id, dto);
  }
}
