import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, In } from 'typeorm';
import { maskPhone } from '@tableside/shared';
import { AuditService } from '../audit/audit.service';
import { type StaffPrincipal } from '../auth/principals';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { StoreTable } from '../stores/entities/store-table.entity';
import { Visit } from '../visits/entities/visit.entity';
import type { RedemptionRowDto, TableDto } from './dto';
import { AdminErrors, scopeStores } from './admin-scope';

dayjs.extend(utc);
dayjs.extend(timezone);

/** A store's till-side views and setup: today's redemptions and the table QR codes. */
@Injectable()
export class StoreAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  async today(staff: StaffPrincipal, storeId: string): Promise<RedemptionRowDto[]> {
    scopeStores(staff, storeId);
    const store = await this.ds.getRepository(Store).findOne({ where: { id: storeId } });
    if (!store) throw AdminErrors.STORE_FORBIDDEN();
    const { timeZone } = await this.settings.get();
    const start = dayjs().tz(timeZone).startOf('day').toDate();
    const rows = await this.ds
      .getRepository(Visit)
      .createQueryBuilder('v')
      .where('v.store_id = :storeId AND v.occurred_at >= :start', { storeId, start })
      .andWhere("v.channel IN ('CASHIER', 'POS', 'MINIAPP')")
      .orderBy('v.occurred_at', 'DESC')
      .take(200)
      .getMany();
    const members = rows.some((v) => v.memberId)
      ? await this.ds
          .getRepository(Member)
          .find({ where: { id: In(rows.filter((v) => v.memberId).map((v) => v.memberId!)) } })
      : [];
    const now = Date.now();
    return rows.map((v) => {
      const m = members.find((x) => x.id === v.memberId);
      return {
        id: v.id,
        occurredAt: v.occurredAt.toISOString(),
        memberName: m?.name ?? null,
        memberPhone: m?.phone ? maskPhone(m.phone) : null,
        amountFen: v.amountFen,
        discountFen: v.discountFen,
        paidFen: v.paidFen,
        couponCodes: v.couponCodes,
        channel: v.channel,
        status: v.status,
        orderRef: v.orderRef,
        voidable: v.status === 'OK' && now - v.occurredAt.getTime() <= store.voidWindowMinutes * 60_000,
      };
    });
  }

  // ---- stores, tiers, settings ----------------------------------------------------------------

  async tables(staff: StaffPrincipal, storeId: string): Promise<TableDto[]> {
    scopeStores(staff, storeId);
    const rows = await this.ds.getRepository(StoreTable).find({ where: { storeId } });
    return rows
      .sort((a, b) => a.tableNo.localeCompare(b.tableNo, 'zh-CN', { numeric: true }))
      .map((t) => ({ id: t.id, tableNo: t.tableNo, seats: t.seats }));
  }

  async addTables(staff: StaffPrincipal, storeId: string, tableNos: string[]): Promise<TableDto[]> {
    scopeStores(staff, storeId);
    if (!(await this.ds.getRepository(Store).exists({ where: { id: storeId } })))
      throw AdminErrors.STORE_FORBIDDEN();
    await this.tx.run(async (em) => {
      const existing = new Set((await em.find(StoreTable, { where: { storeId } })).map((t) => t.tableNo));
      const fresh = [...new Set(tableNos)].filter((n) => !existing.has(n));
      for (const tableNo of fresh)
        await em.insert(StoreTable, { id: newId(), storeId, tableNo, seats: null, createdAt: new Date() });
      await this.audit.record(
        staff,
        {
          action: 'store.tables.add',
          targetType: 'store',
          targetId: storeId,
          storeId,
          detail: { tableNos: fresh },
        },
        em,
      );
    });
    return this.tables(staff, storeId);
  }
}
