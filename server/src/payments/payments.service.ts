import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import dayjs from 'dayjs';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { formatYuan } from '@tableside/shared';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { AuthErrors } from '../auth/auth.errors';
import type { StaffPrincipal } from '../auth/principals';
import { CheckoutService, type CheckoutActor } from '../checkout/checkout.service';
import { CouponsService } from '../coupons/coupons.service';
import { Coupon } from '../coupons/entities/coupon.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { Store } from '../stores/entities/store.entity';
import { Visit } from '../visits/entities/visit.entity';
import { WalletService } from '../wallet/wallet.service';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import {
  type BillDetail,
  CouponPack,
  type PackDetail,
  PaymentOrder,
  PaymentRefund,
  type TopupDetail,
  TopupPackage,
} from './payment.entities';
import { PaymentErrors } from './payments.errors';
import {
  type JsapiParams,
  PayVerifyError,
  WechatPayClient,
  WechatPayError,
  type WxRefund,
  type WxTransaction,
} from './wechat-pay.client';

/** How long a started payment may stay unpaid before it is closed and what it held is released. */
export const PAYMENT_TTL_MS = 15 * 60_000;
/** Refund attempts before a refund is shown as failed (it can still be retried by staff). */
const REFUND_ATTEMPTS = 5;

export interface PaymentStart {
  order: PaymentOrder;
  payParams: JsapiParams | null;
}

type Outcome = 'APPLIED' | 'ALREADY' | 'FAILED_REFUNDED' | 'NOT_PAID';

/** A number WeChat Pay accepts as out_trade_no / out_refund_no: letters and digits, ≤ 32, unique. */
function outNo(prefix: string): string {
  return `${prefix}${dayjs().format('YYMMDDHHmmss')}${randomBytes(8).toString('hex')}`.slice(0, 32);
}

/**
 * Money paid with WeChat Pay in the mini-program: stored-value top-ups, bills at the table, coupon
 * packs. Nothing is granted before a verified payment (signed notify, or an order query whose answer
 * is signed); a verified payment is applied exactly once (a conditional PENDING → PAID in the same
 * transaction as its effects); what a pending payment holds (coupons LOCKED, pack stock) is released
 * when it is closed — at WeChat Pay first, so it can no longer be paid.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);
  readonly client: WechatPayClient | null;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly checkout: CheckoutService,
    private readonly coupons: CouponsService,
    private readonly wallet: WalletService,
    private readonly messages: WechatMessagesService,
    private readonly audit: AuditService,
  ) {
    this.client =
      config.wechat && config.wechatPay ? new WechatPayClient(config.wechat, config.wechatPay) : null;
  }

  /** `wechat`: the real WeChat Pay; `simulator`: the demo's labelled simulator; null: none (refused). */
  get mode(): 'wechat' | 'simulator' | null {
    return this.client ? 'wechat' : this.config.simulators ? 'simulator' : null;
  }

  // ---- starting a payment ----------------------------------------------------------------------

  private async payer(em: EntityManager, memberId: string): Promise<Member> {
    const m = await em.findOne(Member, { where: { id: memberId } });
    if (!m || m.deletedAt) throw PaymentErrors.PAYMENT_NOT_FOUND();
    if (!m.phone) throw PaymentErrors.MEMBER_NOT_REGISTERED();
    if (this.mode === 'wechat' && !m.openid) throw PaymentErrors.WECHAT_ACCOUNT_MISSING();
    return m;
  }

  /**
   * Creates the order (and what it holds) in one transaction, then asks WeChat Pay for a prepay id.
   * A retried request (same requestId) gets the same order back, never a second one.
   */
  private async start(
    memberId: string,
    requestId: string,
    build: (
      em: EntityManager,
      member: Member,
      id: string,
    ) => Promise<Pick<PaymentOrder, 'kind' | 'amountFen' | 'description' | 'detail' | 'storeId'>>,
  ): Promise<PaymentStart> {
    const mode = this.mode;
    if (!mode) throw PaymentErrors.PAY_NOT_CONFIGURED();
    const repo = this.ds.getRepository(PaymentOrder);
    const existing = await repo.findOne({ where: { memberId, requestId } });
    if (existing) return { order: existing, payParams: await this.paramsFor(existing) };
    const now = new Date();
    const id = newId();
    let order: PaymentOrder;
    try {
      order = await this.tx.run(async (em) => {
        const member = await this.payer(em, memberId);
        const what = await build(em, member, id);
        const row: PaymentOrder = {
          id,
          outTradeNo: outNo('TS'),
          memberId,
          requestId,
          ...what,
          status: 'PENDING',
          provider: mode,
          prepayId: null,
          transactionId: null,
          payerOpenid: member.openid,
          expiresAt: new Date(now.getTime() + PAYMENT_TTL_MS),
          paidAt: null,
          resultRef: null,
          failure: null,
          refundedFen: 0,
          createdAt: now,
          updatedAt: now,
        };
        await em.insert(PaymentOrder, row);
        return row;
      });
    } catch (e) {
      // Two taps with one requestId: the second finds the first's order.
      const again = await repo.findOne({ where: { memberId, requestId } });
      if (again) return { order: again, payParams: await this.paramsFor(again) };
      throw e;
    }
    if (mode === 'simulator') return { order, payParams: null };
    try {
      const params = await this.client!.prepay({
        outTradeNo: order.outTradeNo,
        description: order.description,
        amountFen: order.amountFen,
        openid: order.payerOpenid!,
        expiresAt: order.expiresAt,
      });
      order.prepayId = params.package.replace(/^prepay_id=/, '');
      await repo.update({ id: order.id }, { prepayId: order.prepayId, updatedAt: new Date() });
      return { order, payParams: params };
    } catch (e) {
      // Nothing was prepaid: nothing can be paid; release what the order held.
      await this.closeLocally(order.id, 'prepay failed');
      if (e instanceof WechatPayError) throw PaymentErrors.WECHAT_PAY_UNAVAILABLE();
      throw e;
    }
  }

  /** Fresh `requestPayment` parameters for a pending order (a retried start, or "pay again"). */
  private async paramsFor(order: PaymentOrder): Promise<JsapiParams | null> {
    if (order.status !== 'PENDING' || order.provider !== 'wechat' || !order.prepayId || !this.client)
      return null;
    return this.client.jsapiParams(order.prepayId);
  }

  async startTopup(memberId: string, dto: { packageId: string; requestId: string }): Promise<PaymentStart> {
    return this.start(memberId, dto.requestId, async (em) => {
      const p = await em.findOne(TopupPackage, { where: { id: dto.packageId, active: true } });
      if (!p) throw PaymentErrors.PACKAGE_NOT_FOUND();
      const detail: TopupDetail = {
        kind: 'TOPUP',
        packageId: p.id,
        name: p.name,
        principalFen: p.principalFen,
        bonusFen: p.bonusFen,
      };
      return {
        kind: 'TOPUP',
        amountFen: p.principalFen,
        description: `储值充值-${p.name}`,
        detail,
        storeId: null,
      };
    });
  }

  async startBill(
    memberId: string,
    dto: { storeCode: string; tableNo?: string; amountFen: number; couponCodes: string[]; requestId: string },
  ): Promise<PaymentStart> {
    const store = await this.ds.getRepository(Store).findOne({ where: { code: dto.storeCode } });
    if (!store) throw new AppError('STORE_NOT_FOUND', 404, '没有找到这家门店，请重新扫描桌上的二维码');
    return this.start(memberId, dto.requestId, async (em, _m, id) => {
      const codes = dto.couponCodes;
      // The same checks as the till (coupons valid here and now, stacking, member price): what is left to pay.
      const quote = await this.checkout.quoteWithin(em, this.dinerActor(memberId, store.id), {
        requestId: dto.requestId,
        memberId,
        couponCodes: codes,
        amountFen: dto.amountFen,
        orderRef: '',
      });
      if (quote.payableFen <= 0) throw PaymentErrors.NOTHING_TO_PAY();
      if (codes.length) {
        // Held for this payment: nobody (not the till either) can use them until it ends.
        const res = await em
          .createQueryBuilder()
          .update(Coupon)
          .set({ status: 'LOCKED', lockedPaymentId: id })
          .where({ code: In(codes), memberId, status: 'AVAILABLE' })
          .execute();
        if (res.affected !== codes.length) throw PaymentErrors.COUPON_ALREADY_LOCKED();
      }
      const detail: BillDetail = {
        kind: 'BILL',
        storeId: store.id,
        tableNo: dto.tableNo ?? null,
        billFen: dto.amountFen,
        couponCodes: codes,
        discountFen: quote.discountFen,
      };
      return {
        kind: 'BILL',
        amountFen: quote.payableFen,
        description: `${store.name}${dto.tableNo ? ` ${dto.tableNo}桌` : ''} 餐费`.slice(0, 120),
        detail,
        storeId: store.id,
      };
    });
  }

  async startPack(memberId: string, dto: { packId: string; requestId: string }): Promise<PaymentStart> {
    return this.start(memberId, dto.requestId, async (em) => {
      const p = await em.findOne(CouponPack, { where: { id: dto.packId, active: true } });
      if (!p) throw PaymentErrors.PACK_NOT_FOUND();
      if (p.perMemberLimit) {
        const mine = (
          await em.find(PaymentOrder, {
            where: { memberId, kind: 'PACK', status: In(['PENDING', 'PAID']) },
            select: { id: true, detail: true },
          })
        ).filter((o) => (o.detail as PackDetail).packId === p.id).length;
        if (mine >= p.perMemberLimit) throw PaymentErrors.PACK_LIMIT_REACHED();
      }
      // Held while paying: sold + held never passes the stock, also when many buy at once.
      const held = await em
        .createQueryBuilder()
        .update(CouponPack)
        .set({ heldCount: () => 'held_count + 1' })
        .where('id = :id AND (stock IS NULL OR sold_count + held_count < stock)', { id: p.id })
        .execute();
      if (held.affected !== 1) throw PaymentErrors.PACK_SOLD_OUT();
      const detail: PackDetail = { kind: 'PACK', packId: p.id, name: p.name, items: p.items };
      return { kind: 'PACK', amountFen: p.priceFen, description: `券包-${p.name}`, detail, storeId: null };
    });
  }

  private dinerActor(memberId: string, storeId: string): CheckoutActor {
    return { channel: 'MINIAPP', storeId, scope: `member:${memberId}`, canActOn: () => false };
  }

  // ---- the verdict ----------------------------------------------------------------------------

  /**
   * WeChat Pay's notify: signature (platform key, fresh timestamp) checked before anything is read,
   * resource decrypted (tag checked), then applied once. Throws PayVerifyError for anything forged.
   */
  async handleNotify(
    headers: Record<string, string | undefined>,
    rawBody: string,
  ): Promise<Outcome | 'REFUND'> {
    if (!this.client) throw new PayVerifyError('WeChat Pay is not configured');
    this.client.verifySignature(headers, rawBody);
    let event: {
      event_type?: string;
      resource?: { ciphertext: string; associated_data?: string; nonce: string; original_type?: string };
    };
    try {
      event = JSON.parse(rawBody);
    } catch {
      throw new PayVerifyError('body is not JSON');
    }
    if (!event.resource?.ciphertext || !event.resource.nonce) throw new PayVerifyError('no resource');
    let plain: WxTransaction & WxRefund;
    try {
      plain = this.client.decrypt(event.resource);
    } catch {
      throw new PayVerifyError('resource does not decrypt');
    }
    if (event.event_type?.startsWith('REFUND.')) {
      await this.refundResult(plain);
      return 'REFUND';
    }
    return this.settle(plain, 'notify');
  }

  /**
   * Applies a verified transaction: checks merchant, app and amount against our order, flips
   * PENDING → PAID and grants what was bought, in one transaction. Delivered again (WeChat Pay
   * repeats notifies), concurrently, or also found by the query: applied once.
   */
  async settle(t: WxTransaction, source: 'notify' | 'query' | 'simulator'): Promise<Outcome> {
    const order = await this.ds
      .getRepository(PaymentOrder)
      .findOne({ where: { outTradeNo: t.out_trade_no } });
    if (!order) throw new PayVerifyError(`unknown out_trade_no ${t.out_trade_no}`);
    if (source !== 'simulator') {
      if (t.mchid !== this.client!.mchId || t.appid !== this.client!.appId)
        throw new PayVerifyError(`merchant/app mismatch for ${order.outTradeNo}`);
      if (t.trade_state === 'SUCCESS' && t.amount?.total !== order.amountFen) {
        this.logger.error(
          `支付金额不符：订单 ${order.outTradeNo} 应付 ${order.amountFen} 分，微信支付报告 ${t.amount?.total} 分；未入账`,
        );
        throw new PayVerifyError('amount mismatch');
      }
    }
    if (t.trade_state !== 'SUCCESS') return 'NOT_PAID';
    if (order.status === 'PAID' || order.status === 'REFUNDED') return 'ALREADY';
    const now = new Date();
    try {
      return await this.tx.run(async (em) => {
        const flipped = await em
          .createQueryBuilder()
          .update(PaymentOrder)
          .set({
            status: 'PAID',
            paidAt: t.success_time ? new Date(t.success_time) : now,
            transactionId: t.transaction_id ?? null,
            updatedAt: now,
          })
          .where('id = :id AND status IN (:...from)', { id: order.id, from: ['PENDING', 'CLOSED'] })
          .execute();
        if (flipped.affected !== 1) return 'ALREADY' as const;
        const resultRef = await this.apply(em, order, now);
        await em.update(PaymentOrder, { id: order.id }, { resultRef });
        return 'APPLIED' as const;
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      // Paid, but what it pays for cannot be granted any more (a coupon expired meanwhile, the pack's
      // coupons ran out): the diner gets the money back in full, automatically.
      return this.failPaid(order, t, e.message);
    }
  }

  private async apply(em: EntityManager, order: PaymentOrder, now: Date): Promise<string | null> {
    const d = order.detail;
    switch (d.kind) {
      case 'TOPUP': {
        const entry = await this.wallet.credit(
          em,
          {
            memberId: order.memberId,
            reason: `充值 ${d.name}`,
            idempotencyKey: `payment:${order.id}`,
            refType: 'payment',
            refId: order.id,
            at: now,
          },
          'TOPUP',
          d.principalFen,
          d.bonusFen,
        );
        const m = await em.findOneOrFail(Member, { where: { id: order.memberId } });
        await this.messages.queue(em, {
          memberId: m.id,
          openid: m.openid,
          template: 'TOPUP_SUCCEEDED',
          data: {
            amount: formatYuan(d.principalFen),
            bonus: formatYuan(d.bonusFen),
            balance: formatYuan(m.balancePrincipalFen + m.balanceBonusFen),
            time: dayjs(now).tz(this.config.timeZone).format('YYYY-MM-DD HH:mm'),
          },
        });
        return entry.id;
      }
      case 'BILL': {
        const res = await this.checkout.commitWithin(em, this.dinerActor(order.memberId, d.storeId), {
          requestId: order.requestId,
          memberId: order.memberId,
          couponCodes: d.couponCodes,
          amountFen: d.billFen,
          orderRef: `${d.tableNo ? `T${d.tableNo}-` : ''}WX-${order.outTradeNo.slice(-12)}`,
          payMethod: 'WXPAY',
          lockedBy: order.id,
        });
        if (res.payableFen !== order.amountFen)
          throw new AppError('PAYABLE_CHANGED', 409, '账单优惠在支付期间发生了变化');
        return res.redemptionId;
      }
      case 'PACK': {
        let first: string | null = null;
        for (const item of d.items)
          for (let i = 0; i < item.count; i++) {
            const { coupon } = await this.coupons.issueIn(em, {
              templateId: item.templateId,
              memberId: order.memberId,
              channel: 'PURCHASE',
              ref: `pack:${order.id}`,
              now,
            });
            first ??= coupon.id;
          }
        await em
          .createQueryBuilder()
          .update(CouponPack)
          .set({ heldCount: () => 'held_count - 1', soldCount: () => 'sold_count + 1' })
          .where({ id: d.packId })
          .execute();
        return first;
      }
    }
  }

  /** Paid but not grantable: record it, release the holds, refund in full. */
  private async failPaid(order: PaymentOrder, t: WxTransaction, why: string): Promise<Outcome> {
    const now = new Date();
    const refund = await this.tx.run(async (em) => {
      const flipped = await em
        .createQueryBuilder()
        .update(PaymentOrder)
        .set({
          status: 'REFUNDED',
          paidAt: now,
          transactionId: t.transaction_id ?? null,
          failure: why.slice(0, 200),
          refundedFen: order.amountFen,
          updatedAt: now,
        })
        .where('id = :id AND status IN (:...from)', { id: order.id, from: ['PENDING', 'CLOSED'] })
        .execute();
      if (flipped.affected !== 1) return null;
      await this.release(em, order);
      return this.newRefund(em, order, order.amountFen, `无法完成：${why}`.slice(0, 80), {}, null);
    });
    if (!refund) return 'ALREADY';
    this.logger.warn(`支付 ${order.outTradeNo} 已付款但无法入账（${why}），已全额退款`);
    await this.sendRefund(refund.id);
    return 'FAILED_REFUNDED';
  }

  /** Gives back what a pending order held (coupons, pack stock). Call once, with the status change. */
  private async release(em: EntityManager, order: PaymentOrder): Promise<void> {
    if (order.detail.kind === 'BILL')
      await em
        .createQueryBuilder()
        .update(Coupon)
        .set({ status: 'AVAILABLE', lockedPaymentId: null })
        .where({ lockedPaymentId: order.id, status: 'LOCKED' })
        .execute();
    if (order.detail.kind === 'PACK')
      await em
        .createQueryBuilder()
        .update(CouponPack)
        .set({ heldCount: () => 'held_count - 1' })
        .where({ id: order.detail.packId })
        .execute();
  }

  private async closeLocally(id: string, why: string): Promise<boolean> {
    return this.tx.run(async (em) => {
      const order = await em.findOneOrFail(PaymentOrder, { where: { id } });
      const res = await em.update(
        PaymentOrder,
        { id, status: 'PENDING' },
        { status: 'CLOSED', failure: why.slice(0, 200), updatedAt: new Date() },
      );
      if (res.affected !== 1) return false;
      await this.release(em, order);
      return true;
    });
  }

  /**
   * Asks WeChat Pay what became of a pending order (a late or lost notify): paid → applied; never
   * paid and `close` asked (timed out, or the diner cancelled) → closed at WeChat Pay, then here.
   */
  async refresh(order: PaymentOrder, opts: { close?: boolean } = {}): Promise<PaymentOrder> {
    if (order.status !== 'PENDING') return order;
    if (order.provider === 'simulator') {
      if (opts.close) await this.closeLocally(order.id, '已取消');
    } else if (this.client) {
      const t = await this.client.query(order.outTradeNo);
      if (t.trade_state === 'SUCCESS') await this.settle(t, 'query');
      else if (opts.close && ['NOTPAY', 'CLOSED', 'PAYERROR', 'REVOKED'].includes(t.trade_state)) {
        if (t.trade_state === 'NOTPAY') await this.client.close(order.outTradeNo);
        await this.closeLocally(
          order.id,
          t.trade_state === 'NOTPAY' ? '未支付，已关闭' : `微信支付：${t.trade_state}`,
        );
      }
    }
    return this.ds.getRepository(PaymentOrder).findOneOrFail({ where: { id: order.id } });
  }

  /** The demo simulator's "pay" button: only for simulator orders, never in real mode. */
  async simulate(memberId: string, id: string, paid: boolean): Promise<PaymentOrder> {
    const order = await this.mine(memberId, id);
    if (order.provider !== 'simulator' || !this.config.simulators) throw PaymentErrors.SIMULATOR_ONLY();
    if (order.status !== 'PENDING') throw PaymentErrors.PAYMENT_NOT_PENDING();
    if (paid)
      await this.settle(
        {
          appid: 'simulator',
          mchid: 'simulator',
          out_trade_no: order.outTradeNo,
          transaction_id: `SIM${order.outTradeNo.slice(-24)}`,
          trade_state: 'SUCCESS',
          amount: { total: order.amountFen },
        },
        'simulator',
      );
    else await this.closeLocally(order.id, '已取消');
    return this.ds.getRepository(PaymentOrder).findOneOrFail({ where: { id } });
  }

  async mine(memberId: string, id: string): Promise<PaymentOrder> {
    const order = await this.ds.getRepository(PaymentOrder).findOne({ where: { id, memberId } });
    if (!order) throw PaymentErrors.PAYMENT_NOT_FOUND();
    return order;
  }

  /** The scheduler's minute job: late notifies, timed-out orders, refunds still owed. */
  async reconcile(now = new Date()): Promise<{ settled: number; closed: number; refunds: number }> {
    const out = { settled: 0, closed: 0, refunds: 0 };
    const pending = await this.ds.getRepository(PaymentOrder).find({
      where: { status: 'PENDING', createdAt: LessThan(new Date(now.getTime() - 60_000)) },
      order: { createdAt: 'ASC' },
      take: 200,
    });
    for (const o of pending) {
      try {
        const after = await this.refresh(o, { close: o.expiresAt <= now });
        if (after.status === 'PAID') out.settled++;
        if (after.status === 'CLOSED') out.closed++;
      } catch (e) {
        this.logger.warn(`支付 ${o.outTradeNo} 查询失败：${(e as Error).message}`);
      }
    }
    const owed = await this.ds.getRepository(PaymentRefund).find({
      where: { status: 'PROCESSING', refundId: IsNull() },
      order: { createdAt: 'ASC' },
      take: 100,
    });
    for (const r of owed.filter((x) => x.attempts < REFUND_ATTEMPTS)) {
      await this.sendRefund(r.id);
      out.refunds++;
    }
    return out;
  }

  // ---- refunds --------------------------------------------------------------------------------

  private async newRefund(
    em: EntityManager,
    order: PaymentOrder,
    amountFen: number,
    reason: string,
    reversed: Record<string, unknown>,
    staffId: string | null,
  ): Promise<PaymentRefund> {
    const now = new Date();
    const row: PaymentRefund = {
      id: newId(),
      outRefundNo: outNo('TR'),
      paymentId: order.id,
      amountFen,
      status: 'PROCESSING',
      reason,
      refundId: null,
      error: null,
      attempts: 0,
      reversed,
      staffId,
      createdAt: now,
      updatedAt: now,
    };
    await em.insert(PaymentRefund, row as never);
    return row;
  }

  /**
   * Refunds a paid order: reverses exactly what it granted (the visit voided — coupons back, points
   * reversed; the top-up's unspent principal out and its bonus forfeited; the pack's coupons revoked)
   * and returns the money through WeChat Pay. Top-ups return principal, never bonus.
   */
  async refund(
    id: string,
    by: { staff?: StaffPrincipal; memberId?: string; reason: string },
  ): Promise<{ order: PaymentOrder; refund: PaymentRefund }> {
    const refund = await this.tx.run(async (em) => {
      const order = await em.findOne(PaymentOrder, {
        where: by.memberId ? { id, memberId: by.memberId } : { id },
      });
      if (!order) throw PaymentErrors.PAYMENT_NOT_FOUND();
      // HQ refunds anything; a store manager only bills paid at their own stores (top-ups and packs
      // are head office's money).
      if (
        by.staff &&
        by.staff.role !== 'HQ_ADMIN' &&
        (order.kind !== 'BILL' || !order.storeId || !by.staff.storeIds.includes(order.storeId))
      )
        throw AuthErrors.STORE_FORBIDDEN();
      if (by.memberId && order.kind !== 'PACK') throw PaymentErrors.NOT_REFUNDABLE();
      if (order.status === 'REFUNDED') throw PaymentErrors.ALREADY_REFUNDED();
      if (order.status !== 'PAID') throw PaymentErrors.NOT_REFUNDABLE();
      const now = new Date();
      const flipped = await em.update(
        PaymentOrder,
        { id, status: 'PAID' },
        { status: 'REFUNDED', updatedAt: now },
      );
      if (flipped.affected !== 1) throw PaymentErrors.ALREADY_REFUNDED();
      const d = order.detail;
      let amount = order.amountFen;
      let reversed: Record<string, unknown> = {};
      if (d.kind === 'TOPUP') {
        const m = await em.findOneOrFail(Member, {
          where: { id: order.memberId },
          lock: this.tx.isMysql ? { mode: 'pessimistic_write' } : undefined,
        });
        const principal = Math.min(d.principalFen, m.balancePrincipalFen);
        if (principal <= 0) throw PaymentErrors.TOPUP_ALREADY_SPENT();
        const bonus = Math.min(m.balanceBonusFen, Math.floor((d.bonusFen * principal) / d.principalFen));
        await this.wallet.withdraw(
          em,
          {
            memberId: order.memberId,
            reason: `充值退款（退本金 ${formatYuan(principal)}，赠送 ${formatYuan(bonus)} 收回）`,
            idempotencyKey: `payment:${order.id}:refund`,
            refType: 'payment',
            refId: order.id,
            staffId: by.staff?.id ?? null,
            at: now,
          },
          principal,
          bonus,
        );
        amount = principal;
        reversed = { principalFen: principal, bonusFen: bonus };
      } else if (d.kind === 'BILL') {
        const staffActor: CheckoutActor = by.staff
          ? {
              channel: 'CASHIER',
              storeId: d.storeId,
              scope: `staff:${by.staff.id}`,
              staffId: by.staff.id,
              canActOn: () => true,
            }
          : this.dinerActor(order.memberId, d.storeId);
        const v = await this.checkout.voidWithin(
          em,
          staffActor,
          order.resultRef!,
          `微信支付退款：${by.reason}`.slice(0, 200),
          {
            ignoreWindow: true,
          },
        );
        reversed = {
          visitId: v.redemptionId,
          couponsRestored: v.couponsRestored,
          pointsReversed: v.pointsReversed,
        };
      } else {
        const pack = await em.findOne(CouponPack, { where: { id: d.packId } });
        const issued = await em.find(Coupon, { where: { issueRef: `pack:${order.id}` } });
        if (issued.some((c) => c.status === 'USED' || c.status === 'LOCKED'))
          throw PaymentErrors.PACK_PARTLY_USED();
        const expired = issued.some((c) => c.status === 'EXPIRED' || c.validTo <= now);
        if (expired && pack && !pack.refundExpired) throw PaymentErrors.PACK_EXPIRED_NOT_REFUNDABLE();
        const res = await em
          .createQueryBuilder()
          .update(Coupon)
          .set({ status: 'REVOKED' })
          .where({ issueRef: `pack:${order.id}`, status: In(['AVAILABLE', 'EXPIRED']) })
          .execute();
        if (res.affected !== issued.length) throw PaymentErrors.PACK_PARTLY_USED();
        await em
          .createQueryBuilder()
          .update(CouponPack)
          .set({ soldCount: () => 'sold_count - 1' })
          .where({ id: d.packId })
          .execute();
        reversed = { couponsRevoked: issued.map((c) => c.code) };
      }
      await em.update(PaymentOrder, { id }, { refundedFen: amount });
      const r = await this.newRefund(em, order, amount, by.reason, reversed, by.staff?.id ?? null);
      if (by.staff)
        await this.audit.record(
          by.staff,
          {
            action: 'payment.refund',
            targetType: 'payment',
            targetId: order.id,
            storeId: order.storeId ?? undefined,
            detail: { kind: order.kind, amountFen: amount, reason: by.reason, ...reversed },
          },
          em,
        );
      return r;
    });
    await this.sendRefund(refund.id);
    return {
      order: await this.ds.getRepository(PaymentOrder).findOneOrFail({ where: { id } }),
      refund: await this.ds.getRepository(PaymentRefund).findOneOrFail({ where: { id: refund.id } }),
    };
  }

  /** Pays a refund out (same out_refund_no every time: WeChat Pay refunds it at most once). */
  async sendRefund(refundId: string): Promise<void> {
    const repo = this.ds.getRepository(PaymentRefund);
    const r = await repo.findOneOrFail({ where: { id: refundId } });
    if (r.status !== 'PROCESSING' || r.refundId) return;
    const order = await this.ds.getRepository(PaymentOrder).findOneOrFail({ where: { id: r.paymentId } });
    if (order.provider === 'simulator') {
      await repo.update(
        { id: r.id },
        { status: 'SUCCESS', refundId: `SIM${r.outRefundNo.slice(-24)}`, updatedAt: new Date() },
      );
      return;
    }
    if (!this.client) return;
    try {
      const res = await this.client.refund({
        outTradeNo: order.outTradeNo,
        outRefundNo: r.outRefundNo,
        reason: r.reason,
        refundFen: r.amountFen,
        totalFen: order.amountFen,
      });
      const status = res.status ?? 'PROCESSING';
      await repo.update(
        { id: r.id, status: 'PROCESSING' },
        {
          refundId: res.refund_id ?? null,
          status: status === 'SUCCESS' ? 'SUCCESS' : status === 'PROCESSING' ? 'PROCESSING' : 'FAILED',
          attempts: r.attempts + 1,
          error: null,
          updatedAt: new Date(),
        },
      );
    } catch (e) {
      const code = e instanceof WechatPayError ? e.code : (e as Error).name;
      await repo.update(
        { id: r.id },
        {
          attempts: r.attempts + 1,
          error: `退款请求失败：${code}（将自动重试）`,
          status: r.attempts + 1 >= REFUND_ATTEMPTS ? 'FAILED' : 'PROCESSING',
          updatedAt: new Date(),
        },
      );
    }
  }

  /** Staff retry of a failed refund (the ledgers were reversed once already; only the money is retried). */
  async retryRefund(staff: StaffPrincipal, refundId: string): Promise<PaymentRefund> {
    const repo = this.ds.getRepository(PaymentRefund);
    const r = await repo.findOne({ where: { id: refundId } });
    if (!r) throw PaymentErrors.PAYMENT_NOT_FOUND();
    const order = await this.ds.getRepository(PaymentOrder).findOneOrFail({ where: { id: r.paymentId } });
    if (staff.role !== 'HQ_ADMIN' && (!order.storeId || !staff.storeIds.includes(order.storeId)))
      throw AuthErrors.STORE_FORBIDDEN();
    if (r.status === 'FAILED')
      await repo.update({ id: r.id, status: 'FAILED' }, { status: 'PROCESSING', attempts: 0 });
    await this.sendRefund(r.id);
    return repo.findOneOrFail({ where: { id: r.id } });
  }

  /** WeChat Pay's refund notify (REFUND.SUCCESS / ABNORMAL / CLOSED). */
  private async refundResult(r: WxRefund): Promise<void> {
    const status = r.refund_status ?? r.status;
    const repo = this.ds.getRepository(PaymentRefund);
    const row = await repo.findOne({ where: { outRefundNo: r.out_refund_no } });
    if (!row) throw new PayVerifyError(`unknown out_refund_no ${r.out_refund_no}`);
    if (status === 'SUCCESS')
      await repo.update(
        { id: row.id },
        { status: 'SUCCESS', refundId: r.refund_id ?? row.refundId, updatedAt: new Date() },
      );
    else if (status === 'ABNORMAL' || status === 'CLOSED')
      await repo.update(
        { id: row.id },
        {
          status: 'FAILED',
          error: status === 'ABNORMAL' ? '退款异常：用户银行卡作废或冻结，请在商户平台处理' : '退款已关闭',
          updatedAt: new Date(),
        },
      );
  }

  /** The visit a bill payment became (for the diner's receipt). */
  async visitOf(order: PaymentOrder): Promise<Visit | null> {
    return order.kind === 'BILL' && order.resultRef
      ? this.ds.getRepository(Visit).findOne({ where: { id: order.resultRef } })
      : null;
  }
}
