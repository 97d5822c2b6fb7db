import { Body, Controller, Get, HttpCode, Logger, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Omittable } from '../common/validation';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { scopeStores } from '../admin-api/admin-scope';
import { CurrentMember, CurrentStaff, MemberAuth, StaffAuth } from '../auth/guards';
import type { MemberPrincipal, StaffPrincipal } from '../auth/principals';
import { AppError } from '../common/app-error';
import { IdParam } from '../common/id-param';
import { Store } from '../stores/entities/store.entity';
import { StoreTable } from '../stores/entities/store-table.entity';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import { TableCodesService, tableScene } from '../wechat/table-codes.service';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  AcceptSubscriptionsDto,
  AcceptSubscriptionsResponseDto,
  AdminPaymentPageDto,
  AdminPaymentQueryDto,
  AdminRefundDto,
  CouponPackDto,
  CouponPackInputDto,
  MemberRefundDto,
  PaymentDto,
  PaymentRefundDto,
  PaymentStartDto,
  SimulatePaymentDto,
  StartBillDto,
  StartPackDto,
  StartTopupDto,
  SubscribeTemplatesDto,
  TableCodesDto,
  TopupPackageDto,
  TopupPackageInputDto,
} from './payments.dto';
import { PaymentsViewsService } from './payments-views.service';
import { PaymentsService, type PaymentStart } from './payments.service';
import { PayVerifyError } from './wechat-pay.client';

class KindQueryDto {
  @ApiPropertyOptional({ enum: ['TOPUP', 'BILL', 'PACK'] })
  @Omittable()
  @IsIn(['TOPUP', 'BILL', 'PACK'])
  kind?: 'TOPUP' | 'BILL' | 'PACK';
}

/** The diner's side: top-up packages, coupon packs, starting and following WeChat payments, subscriptions. */
@ApiTags('member-app')
@Controller('member')
export class MemberPaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly views: PaymentsViewsService,
    private readonly messages: WechatMessagesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async started(s: PaymentStart): Promise<PaymentStartDto> {
    return { payment: await this.views.one(s.order), payParams: s.payParams };
  }

  @Get('topup-packages')
  @MemberAuth()
  @ApiOkResponse({ type: [TopupPackageDto] })
  topupPackages(): Promise<TopupPackageDto[]> {
    return this.views.topupPackages(true);
  }

  @Get('coupon-packs')
  @MemberAuth()
  @ApiOkResponse({ type: [CouponPackDto] })
  packs(): Promise<CouponPackDto[]> {
    return this.views.packs(true);
  }

  @Post('payments/topup')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentStartDto })
  async topup(@CurrentMember() p: MemberPrincipal, @Body() dto: StartTopupDto): Promise<PaymentStartDto> {
    return this.started(await this.payments.startTopup(p.memberId, dto));
  }

  @Post('payments/bill')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentStartDto })
  async bill(@CurrentMember() p: MemberPrincipal, @Body() dto: StartBillDto): Promise<PaymentStartDto> {
    return this.started(await this.payments.startBill(p.memberId, dto));
  }

  @Post('payments/pack')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentStartDto })
  async pack(@CurrentMember() p: MemberPrincipal, @Body() dto: StartPackDto): Promise<PaymentStartDto> {
    return this.started(await this.payments.startPack(p.memberId, dto));
  }

  @Get('payments')
  @MemberAuth()
  @ApiOkResponse({ type: [PaymentDto] })
  list(@CurrentMember() p: MemberPrincipal, @Query() q: KindQueryDto): Promise<PaymentDto[]> {
    return this.views.memberPayments(p.memberId, q.kind);
  }

  /** The mini-program polls this after requestPayment: a late notify is made up for by asking WeChat Pay. */
  @Get('payments/:id')
  @MemberAuth()
  @ApiOkResponse({ type: PaymentDto })
  async one(@CurrentMember() p: MemberPrincipal, @Param('id', IdParam) id: string): Promise<PaymentDto> {
    let order = await this.payments.mine(p.memberId, id);
    if (order.status === 'PENDING' && order.provider === 'wechat') {
      try {
        order = await this.payments.refresh(order, { close: order.expiresAt <= new Date() });
      } catch (e) {
        // WeChat Pay unreachable: show what we know; the minute job keeps asking.
        new Logger(MemberPaymentsController.name).warn(`query failed: ${(e as Error).message}`);
      }
    }
    return this.views.one(order);
  }

  /** The diner closed WeChat's cashier: close the order (at WeChat Pay first) and release its coupons now. */
  @Post('payments/:id/cancel')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentDto })
  async cancel(@CurrentMember() p: MemberPrincipal, @Param('id', IdParam) id: string): Promise<PaymentDto> {
    const order = await this.payments.mine(p.memberId, id);
    return this.views.one(await this.payments.refresh(order, { close: true }));
  }

  /** Demo only: the labelled simulator's cashier. Refused for real orders and outside simulator mode. */
  @Post('payments/:id/simulate')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentDto })
  async simulate(
    @CurrentMember() p: MemberPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: SimulatePaymentDto,
  ): Promise<PaymentDto> {
    return this.views.one(await this.payments.simulate(p.memberId, id, dto.paid));
  }

  /** A coupon pack whose coupons are all unused: refunded to the diner's WeChat Pay. */
  @Post('payments/:id/refund')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: PaymentDto })
  async refund(
    @CurrentMember() p: MemberPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: MemberRefundDto,
  ): Promise<PaymentDto> {
    const { order } = await this.payments.refund(id, { memberId: p.memberId, reason: dto.reason });
    return this.views.one(order);
  }

  @Get('subscribe-templates')
  @MemberAuth()
  @ApiOkResponse({ type: SubscribeTemplatesDto })
  subscribeTemplates(): SubscribeTemplatesDto {
    if (this.config.wechat)
      return { templates: { ...this.config.wechat.templates } as Record<string, string> };
    if (this.config.simulators)
      return {
        templates: {
          COUPON_ARRIVED: 'SIM_COUPON_ARRIVED',
          COUPON_EXPIRING: 'SIM_COUPON_EXPIRING',
          POINTS_EXPIRING: 'SIM_POINTS_EXPIRING',
          TOPUP_SUCCEEDED: 'SIM_TOPUP_SUCCEEDED',
        },
        simulator: '订阅消息模拟器',
      };
    return { templates: {} };
  }

  @Post('subscriptions')
  @HttpCode(200)
  @MemberAuth()
  @ApiOkResponse({ type: AcceptSubscriptionsResponseDto })
  async subscriptions(
    @CurrentMember() p: MemberPrincipal,
    @Body() dto: AcceptSubscriptionsDto,
  ): Promise<AcceptSubscriptionsResponseDto> {
    return { remaining: await this.messages.accept(p.memberId, dto.accepted) };
  }
}

/**
 * WeChat Pay's notify (payments and refunds). Nothing is read before the signature (platform key,
 * fresh timestamp) is verified; a forgery gets 401 and changes nothing; WeChat Pay repeats a notify
 * until it gets a 2xx, and a repeat is applied once.
 */
@ApiTags('wechatpay')
@Controller('wechatpay')
export class WechatPayNotifyController {
  private readonly logger = new Logger(WechatPayNotifyController.name);
  constructor(private readonly payments: PaymentsService) {}

  @Post('notify')
  @HttpCode(204)
  async notify(@Req() req: FastifyRequest & { rawBody?: Buffer }): Promise<void> {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
    try {
      await this.payments.handleNotify(headers, req.rawBody?.toString('utf8') ?? '');
    } catch (e) {
      if (e instanceof PayVerifyError) {
        this.logger.warn(`WeChat Pay notify refused: ${e.message}`);
        throw new AppError('FAIL', 401, '通知验证失败');
      }
      throw e;
    }
  }
}

/** Head office and store managers: packages, packs, payments and refunds, table codes. */
@ApiTags('admin')
@Controller('admin')
export class AdminPaymentsController {
  constructor(
    private readonly ds: DataSource,
    private readonly payments: PaymentsService,
    private readonly views: PaymentsViewsService,
    private readonly codes: TableCodesService,
  ) {}

  @Get('topup-packages')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: [TopupPackageDto] })
  topupPackages(): Promise<TopupPackageDto[]> {
    return this.views.topupPackages(false);
  }

  @Post('topup-packages')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: TopupPackageDto })
  createTopup(
    @CurrentStaff() s: StaffPrincipal,
    @Body() dto: TopupPackageInputDto,
  ): Promise<TopupPackageDto> {
    return this.views.saveTopupPackage(s, null, dto);
  }

  @Put('topup-packages/:id')
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: TopupPackageDto })
  updateTopup(
    @CurrentStaff() s: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: TopupPackageInputDto,
  ): Promise<TopupPackageDto> {
    return this.views.saveTopupPackage(s, id, dto);
  }

  @Get('coupon-packs')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: [CouponPackDto] })
  packs(): Promise<CouponPackDto[]> {
    return this.views.packs(false);
  }

  @Post('coupon-packs')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponPackDto })
  createPack(@CurrentStaff() s: StaffPrincipal, @Body() dto: CouponPackInputDto): Promise<CouponPackDto> {
    return this.views.savePack(s, null, dto);
  }

  @Put('coupon-packs/:id')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: CouponPackDto })
  updatePack(
    @CurrentStaff() s: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: CouponPackInputDto,
  ): Promise<CouponPackDto> {
    return this.views.savePack(s, id, dto);
  }

  @Get('payments')
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: AdminPaymentPageDto })
  list(@CurrentStaff() s: StaffPrincipal, @Query() q: AdminPaymentQueryDto): Promise<AdminPaymentPageDto> {
    return this.views.adminPayments(s, q);
  }

  @Post('payments/:id/refund')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: PaymentDto })
  async refund(
    @CurrentStaff() s: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: AdminRefundDto,
  ): Promise<PaymentDto> {
    const { order } = await this.payments.refund(id, { staff: s, reason: dto.reason });
    return this.views.one(order);
  }

  @Post('payment-refunds/:id/retry')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: PaymentRefundDto })
  async retry(
    @CurrentStaff() s: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<PaymentRefundDto> {
    const r = await this.payments.retryRefund(s, id);
    return {
      id: r.id,
      amountFen: r.amountFen,
      status: r.status,
      reason: r.reason,
      error: r.error,
      createdAt: r.createdAt.toISOString(),
    };
  }

  /** Mini-program codes for every table of a store (fetched from WeChat once, then kept). */
  @Get('stores/:id/table-codes')
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: TableCodesDto })
  async tableCodes(
    @CurrentStaff() s: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<TableCodesDto> {
    scopeStores(s, id);
    const store = await this.ds.getRepository(Store).findOne({ where: { id } });
    if (!store) throw new AppError('STORE_NOT_FOUND', 404, '门店不存在');
    const tables = (await this.ds.getRepository(StoreTable).find({ where: { storeId: id } })).sort((a, b) =>
      a.tableNo.localeCompare(b.tableNo, 'zh-CN', { numeric: true }),
    );
    if (!this.codes.available)
      return {
        source: 'none',
        codes: tables.map((t) => ({
          tableNo: t.tableNo,
          scene: `s=${store.code}&t=${t.tableNo}`,
          image: null,
          error: null,
        })),
      };
    const codes = [];
    for (const t of tables) {
      try {
        const scene = tableScene(store.code, t.tableNo);
        const img = await this.codes.image(scene);
        codes.push({
          tableNo: t.tableNo,
          scene,
          image: `data:${img.contentType};base64,${img.image.toString('base64')}`,
          error: null,
        });
      } catch (e) {
        codes.push({
          tableNo: t.tableNo,
          scene: `s=${store.code}&t=${t.tableNo}`,
          image: null,
          error: e instanceof AppError ? e.message : '生成失败，请稍后重试',
        });
      }
    }
    return { source: 'wechat', codes };
  }
}
