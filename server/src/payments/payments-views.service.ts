import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { maskPhone } from '@tableside/shared';
import { scopeStores } from '../admin-api/admin-scope';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principals';
import { newId } from '../common/ids';
import { Coupon } from '../coupons/entities/coupon.entity';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { Store } from '../stores/entities/store.entity';
import { Visit } from '../visits/entities/visit.entity';
import { AppError } from '../common/app-error';
import { CouponPack, PaymentOrder, PaymentRefund, TopupPackage } from './payment.entities';
import type {
  AdminPaymentDto,
  AdminPaymentPageDto,
  AdminPaymentQueryDto,
  CouponPackDto,
  CouponPackInputDto,
  PaymentDto,
  TopupPackageDto,
  TopupPackageInputDto,
} from './payments.dto';
import { PaymentErrors } from './payments.errors';

const PAGE = 20;

/** Catalogue (top-up packages, coupon packs) and the read side of payments, for diners and staff. */
@Injectable()
export class PaymentsViewsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  // ---- payments as people read them ---------------------------------------------------------

  async payments(orders: PaymentOrder[]): Promise<PaymentDto[]> {
    if (!orders.length) return [];
    const ids = orders.map((o) => o.id);
    const refunds = await this.ds.getRepository(PaymentRefund).find({ where: { paymentId: In(ids) } });
    const visitIds = orders.filter((o) => o.kind === 'BILL' && o.resultRef).map((o) => o.resultRef!);
    const visits = visitIds.length
      ? await this.ds.getRepository(Visit).find({ where: { id: In(visitIds) } })
      : [];
    const packRefs = orders
      .filter((o) => o.kind === 'PACK' && o.status === 'PAID')
      .map((o) => `pack:${o.id}`);
    const packCoupons = packRefs.length
      ? await this.ds
          .getRepository(Coupon)
          .find({ where: { issueRef: In(packRefs) }, select: { issueRef: true, status: true } })
      : [];
    return orders.map((o) => {
      const visit = visits.find((v) => v.id === o.resultRef);
      const mine = packCoupons.filter((c) => c.issueRef === `pack:${o.id}`);
      return {
        id: o.id,
        kind: o.kind,
        status: o.status,
        amountFen: o.amountFen,
        description: o.description,
        paidAt: o.paidAt?.toISOString() ?? null,
        createdAt: o.createdAt.toISOString(),
        expiresAt: o.expiresAt.toISOString(),
        failure: o.failure,
        refundedFen: o.refundedFen,
        ...(visit ? { pointsEarned: visit.pointsEarned, discountFen: visit.discountFen } : {}),
        ...(o.detail.kind === 'TOPUP' ? { bonusFen: o.detail.bonusFen } : {}),
        ...(o.kind === 'PACK'
          ? {
              refundable:
                o.status === 'PAID' && mine.length > 0 && mine.every((c) => c.status === 'AVAILABLE'),
            }
          : {}),
        refunds: refunds
          .filter((r) => r.paymentId === o.id)
          .map((r) => ({
            id: r.id,
            amountFen: r.amountFen,
            status: r.status,
            reason: r.reason,
            error: r.error,
            createdAt: r.createdAt.toISOString(),
          })),
        ...(o.provider === 'simulator' ? { simulator: '微信支付模拟器' } : {}),
      };
    });
  }

  async one(order: PaymentOrder): Promise<PaymentDto> {
    return (await this.payments([order]))[0];
  }

  async memberPayments(memberId: string, kind?: string): Promise<PaymentDto[]> {
    const rows = await this.ds.getRepository(PaymentOrder).find({
      where: {
        memberId,
        ...(kind ? { kind: kind as PaymentOrder['kind'] } : {}),
        status: In(['PAID', 'REFUNDED', 'PENDING']),
      },
      order: { createdAt: 'DESC' },
      take: 50,
    });
    return this.payments(rows);
  }

  async adminPayments(staff: StaffPrincipal, q: AdminPaymentQueryDto): Promise<AdminPaymentPageDto> {
    const scope = scopeStores(staff, q.storeId);
    const qb = this.ds.getRepository(PaymentOrder).createQueryBuilder('p');
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    // A store manager sees the bills paid at their stores (top-ups and packs belong to head office).
    if (scope) {
      if (!scope.length) return { items: [], total: 0, paidFen: 0 };
      qb.andWhere('p.store_id IN (:...scope)', { scope });
    }
    const total = await qb.getCount();
    const paid = await qb
      .clone()
      .andWhere("p.status = 'PAID'")
      .select('COALESCE(SUM(p.amount_fen), 0)', 'paid')
      .getRawOne<{ paid: string | number }>();
    const rows = await qb
      .orderBy('p.created_at', 'DESC')
      .skip(((q.page ?? 1) - 1) * PAGE)
      .take(PAGE)
      .getMany();
    const views = await this.payments(rows);
    const members = rows.length
      ? await this.ds
          .getRepository(Member)
          .find({ where: { id: In(rows.map((r) => r.memberId)) }, select: { id: true, phone: true } })
      : [];
    const storeIds = [...new Set(rows.map((r) => r.storeId).filter((x): x is string => !!x))];
    const stores = storeIds.length
      ? await this.ds.getRepository(Store).find({ where: { id: In(storeIds) } })
      : [];
    const items: AdminPaymentDto[] = rows.map((o, i) => {
      const phone = members.find((m) => m.id === o.memberId)?.phone ?? null;
      return {
        ...views[i],
        outTradeNo: o.outTradeNo,
        transactionId: o.transactionId,
        memberId: o.memberId,
        memberPhone: phone ? maskPhone(phone) : null,
        storeName: stores.find((s) => s.id === o.storeId)?.name ?? null,
        provider: o.provider,
      };
    });
    return { items, total, paidFen: Number(paid?.paid ?? 0) };
  }

  // ---- top-up packages ----------------------------------------------------------------------

  private topupDto(p: TopupPackage): TopupPackageDto {
    return {
      id: p.id,
      name: p.name,
      principalFen: p.principalFen,
      bonusFen: p.bonusFen,
      active: p.active,
      sortOrder: p.sortOrder,
    };
  }

  async topupPackages(activeOnly: boolean): Promise<TopupPackageDto[]> {
    const rows = await this.ds
      .getRepository(TopupPackage)
      .find({ where: activeOnly ? { active: true } : {}, order: { sortOrder: 'ASC', principalFen: 'ASC' } });
    return rows.map((p) => this.topupDto(p));
  }

  async saveTopupPackage(
    staff: StaffPrincipal,
    id: string | null,
    dto: TopupPackageInputDto,
  ): Promise<TopupPackageDto> {
    if (dto.bonusFen > dto.principalFen)
      throw new AppError('BONUS_TOO_LARGE', 400, '赠送金额不能超过充值金额');
    const now = new Date();
    return this.tx.run(async (em) => {
      let row: TopupPackage | null = null;
      if (id) {
        row = await em.findOne(TopupPackage, { where: { id } });
        if (!row) throw PaymentErrors.PACKAGE_NOT_FOUND();
        await em.update(
          TopupPackage,
          { id },
          { ...dto, sortOrder: dto.sortOrder ?? row.sortOrder, updatedAt: now },
        );
      } else {
        row = { id: newId(), ...dto, sortOrder: dto.sortOrder ?? 0, createdAt: now, updatedAt: now };
        await em.insert(TopupPackage, row);
      }
      await this.audit.record(
        staff,
        {
          action: id ? 'topup_package.update' : 'topup_package.create',
          targetType: 'topup_package',
          targetId: row.id,
          detail: { ...dto },
        },
        em,
      );
      return this.topupDto(await em.findOneOrFail(TopupPackage, { where: { id: row.id } }));
    });
  }

  // ---- coupon packs -------------------------------------------------------------------------

  async packs(activeOnly: boolean): Promise<CouponPackDto[]> {
    const rows = await this.ds
      .getRepository(CouponPack)
      .find({ where: activeOnly ? { active: true } : {}, order: { createdAt: 'ASC' } });
    const ids = [...new Set(rows.flatMap((p) => p.items.map((i) => i.templateId)))];
    const templates = ids.length
      ? await this.ds.getRepository(CouponTemplate).find({ where: { id: In(ids) } })
      : [];
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      priceFen: p.priceFen,
      valueFen: p.valueFen,
      items: p.items.map((i) => ({
        ...i,
        name: templates.find((t) => t.id === i.templateId)?.name ?? '已删除的券',
      })),
      stock: p.stock,
      soldCount: p.soldCount,
      stockLeft: p.stock === null ? null : Math.max(0, p.stock - p.soldCount - p.heldCount),
      perMemberLimit: p.perMemberLimit,
      refundExpired: p.refundExpired,
      active: p.active,
    }));
  }

  async savePack(staff: StaffPrincipal, id: string | null, dto: CouponPackInputDto): Promise<CouponPackDto> {
    const now = new Date();
    const saved = await this.tx.run(async (em) => {
      const templates = await em.find(CouponTemplate, {
        where: { id: In(dto.items.map((i) => i.templateId)) },
      });
      for (const item of dto.items) {
        const t = templates.find((x) => x.id === item.templateId);
        if (!t) throw new AppError('COUPON_TEMPLATE_NOT_FOUND', 404, '券包里的券模板不存在');
        if (!t.channels?.includes('PURCHASE'))
          throw new AppError(
            'COUPON_CHANNEL_NOT_ALLOWED',
            400,
            `「${t.name}」没有开启“购买”渠道，不能放进券包（请先在券模板里勾选“付费购买”）`,
          );
      }
      const fields = {
        name: dto.name,
        description: dto.description ?? null,
        priceFen: dto.priceFen,
        valueFen: dto.valueFen,
        items: dto.items.map((i) => ({ templateId: i.templateId, count: i.count })),
        stock: dto.stock ?? null,
        perMemberLimit: dto.perMemberLimit ?? null,
        refundExpired: dto.refundExpired,
        active: dto.active,
        updatedAt: now,
      };
      let packId = id;
      if (id) {
        const row = await em.findOne(CouponPack, { where: { id } });
        if (!row) throw PaymentErrors.PACK_NOT_FOUND();
        if (fields.stock !== null && fields.stock < row.soldCount + row.heldCount)
          throw new AppError(
            'PACK_STOCK_BELOW_SOLD',
            409,
            `库存不能少于已售出（含支付中）的 ${row.soldCount + row.heldCount} 份`,
          );
        await em.update(CouponPack, { id }, fields);
      } else {
        packId = newId();
        await em.insert(CouponPack, { id: packId, ...fields, soldCount: 0, heldCount: 0, createdAt: now });
      }
      await this.audit.record(
        staff,
        {
          action: id ? 'coupon_pack.update' : 'coupon_pack.create',
          targetType: 'coupon_pack',
          targetId: packId!,
          detail: { ...fields },
        },
        em,
      );
      return packId!;
    });
    return (await this.packs(false)).find((p) => p.id === saved)!;
  }
}
