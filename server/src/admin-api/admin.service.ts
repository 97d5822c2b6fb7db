import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { Brackets, DataSource, In, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  AUDIT_ACTION_LABELS,
  describeAuditDetail,
  describeTierBenefits,
  formatYuan,
  JOIN_CHANNEL_LABELS,
  type JoinChannel,
  maskPhone,
  normalizePhone,
  RFM_SEGMENT_NAMES,
} from '@tableside/shared';
import { AuditService } from '../audit/audit.service';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { AuthErrors } from '../auth/auth.errors';
import { AppError, CommonErrors } from '../common/app-error';
import { newId } from '../common/ids';
import { Coupon } from '../coupons/entities/coupon.entity';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { toCsv } from '../imports/csv';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { applySegmentFilter } from '../segments/segment-compiler';
import { SegmentsService } from '../segments/segments.service';
import { InsightsService } from '../insights/insights.service';
import { Segment } from '../segments/entities/segment.entity';
import { Member } from '../members/entities/member.entity';
import { toMemberProfile } from '../members/member-profile';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { PointsService } from '../points/points.service';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { Staff } from '../staff/entities/staff.entity';
import { StoreTable } from '../stores/entities/store-table.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { TiersService } from '../tiers/tiers.service';
import { Visit } from '../visits/entities/visit.entity';
import { WalletEntry } from '../wallet/entities/wallet-entry.entity';
import type {
  AdjustPointsDto,
  AuditPageDto,
  AuditQueryDto,
  DashboardDto,
  DashboardQueryDto,
  MemberDetailDto,
  MemberExportDto,
  MemberPageDto,
  MemberRowDto,
  MemberSearchDto,
  RedemptionRowDto,
  SettingsDto,
  TableDto,
  TierAdminDto,
  UpdateSettingsDto,
  UpdateTierDto,
} from './dto';

dayjs.extend(utc);
dayjs.extend(timezone);

export const AdminErrors = {
  STORE_FORBIDDEN: () => AuthErrors.STORE_FORBIDDEN(),
  MEMBER_NOT_FOUND: () => new AppError('MEMBER_NOT_FOUND', 404, '会员不存在'),
  TIER_NOT_FOUND: () => new AppError('TIER_NOT_FOUND', 404, '会员等级不存在'),
  RANGE_TOO_LONG: () => new AppError('RANGE_TOO_LONG', 400, '日期范围最长一年'),
  TEMPLATE_NOT_FOUND: () => new AppError('COUPON_TEMPLATE_NOT_FOUND', 404, '所选的券模板不存在'),
  TIER_THRESHOLDS_OUT_OF_ORDER: () =>
    new AppError('TIER_THRESHOLDS_OUT_OF_ORDER', 400, '等级门槛必须随等级升高而增加'),
};

const ACTIVE_DAYS = 90;

/** The classic 8 RFM groups (names in shared): recency / frequency / monetary each high or low. */
export function rfmSegment(recentHigh: boolean, frequentHigh: boolean, monetaryHigh: boolean): string {
  const idx = (monetaryHigh ? 0 : 4) + (recentHigh ? (frequentHigh ? 0 : 1) : frequentHigh ? 2 : 3);
  return RFM_SEGMENT_NAMES[idx];
}

/** Per member: visits, spend and last visit over valid visits (`agg.visits`, `agg.spend`, `agg.last_visit`). */
function visitAggregate(
  sub: SelectQueryBuilder<ObjectLiteral>,
  extra?: string,
): SelectQueryBuilder<ObjectLiteral> {
  return sub
    .select('v.member_id', 'member_id')
    .addSelect('COUNT(*)', 'visits')
    .addSelect('SUM(v.paid_fen)', 'spend')
    .addSelect('MAX(v.occurred_at)', 'last_visit')
    .from(Visit, 'v')
    .where(`v.status = 'OK' AND v.member_id IS NOT NULL${extra ? ` AND ${extra}` : ''}`)
    .groupBy('v.member_id');
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

interface MemberAggRow {
  id: string;
  memberNo: number | string;
  name: string | null;
  phone: string | null;
  tierId: string;
  joinStoreId: string | null;
  joinChannel: string;
  tags: string | null;
  birthday: string | null;
  pointsBalance: number | string;
  principal: number | string;
  bonus: number | string;
  createdAt: string | Date;
  visits: number | string | null;
  spend: number | string | null;
  lastVisit: string | Date | null;
  consentSms: number | string | boolean;
  consentWechat: number | string | boolean;
}

/** Head office and store staff views: member search, detail and actions, dashboard, audit, setup. */
@Injectable()
export class AdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly segments: SegmentsService,
    private readonly insights: InsightsService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly points: PointsService,
    private readonly tiers: TiersService,
    private readonly settings: SettingsService,
  ) {}

  private toDate(v: string | Date | null): Date | null {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v;
    // SQLite returns 'YYYY-MM-DD HH:MM:SS.SSS' in UTC.
    return new Date(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
  }

  private scopeStores(staff: StaffPrincipal, storeId?: string): string[] | null {
    if (storeId) {
      if (!isHq(staff) && !staff.storeIds.includes(storeId)) throw AdminErrors.STORE_FORBIDDEN();
      return [storeId];
    }
    return isHq(staff) ? null : staff.storeIds;
  }

  // ---- member search ---------------------------------------------------------------------

  private memberQuery(staff: StaffPrincipal, q: MemberSearchDto, tz: string): SelectQueryBuilder<Member> {
    const qb = this.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .leftJoin((sub) => visitAggregate(sub), 'agg', 'agg.member_id = m.id')
      .where('m.deleted_at IS NULL');
    const stores = this.scopeStores(staff, q.storeId);
    if (stores) qb.andWhere(stores.length ? 'm.join_store_id IN (:...stores)' : '1 = 0', { stores });
    if (q.phone) {
      const full = q.phone.length === 11 ? normalizePhone(q.phone) : null;
      if (full) qb.andWhere('m.phone = :phone', { phone: full });
      else qb.andWhere('m.phone LIKE :suffix', { suffix: `%${q.phone}` });
    }
    if (q.name) qb.andWhere('m.name LIKE :name', { name: `%${q.name.replace(/[%_]/g, '')}%` });
    if (q.tiers) {
      qb.andWhere('m.tier_id IN (SELECT t.id FROM tier t WHERE t.code IN (:...tierCodes))', {
        tierCodes: q.tiers.split(','),
      });
    }
    if (q.joinChannel) qb.andWhere('m.join_channel = :jc', { jc: q.joinChannel });
    if (q.tag) qb.andWhere('m.tags LIKE :tag', { tag: `%${JSON.stringify(q.tag).slice(0, -1)}"%` });
    if (q.birthdayMonth)
      qb.andWhere('SUBSTR(m.birthday, 6, 2) = :bm', { bm: String(q.birthdayMonth).padStart(2, '0') });
    if (q.visitsMin !== undefined) qb.andWhere('COALESCE(agg.visits, 0) >= :vmin', { vmin: q.visitsMin });
    if (q.visitsMax !== undefined) qb.andWhere('COALESCE(agg.visits, 0) <= :vmax', { vmax: q.visitsMax });
    if (q.spendMinFen !== undefined) qb.andWhere('COALESCE(agg.spend, 0) >= :smin', { smin: q.spendMinFen });
    if (q.spendMaxFen !== undefined) qb.andWhere('COALESCE(agg.spend, 0) <= :smax', { smax: q.spendMaxFen });
    if (q.joinedFrom)
      qb.andWhere('m.created_at >= :jf', { jf: dayjs.tz(`${q.joinedFrom} 00:00:00`, tz).toDate() });
    if (q.joinedTo)
      qb.andWhere('m.created_at < :jt', {
        jt: dayjs.tz(`${q.joinedTo} 00:00:00`, tz).add(1, 'day').toDate(),
      });
    if (q.lastVisitFrom)
      qb.andWhere('agg.last_visit >= :lvf', { lvf: dayjs.tz(`${q.lastVisitFrom} 00:00:00`, tz).toDate() });
    if (q.lastVisitTo)
      qb.andWhere('agg.last_visit < :lvt', {
        lvt: dayjs.tz(`${q.lastVisitTo} 00:00:00`, tz).add(1, 'day').toDate(),
      });
    return qb;
  }

  async searchMembers(staff: StaffPrincipal, q: MemberSearchDto, unmasked = false): Promise<MemberPageDto> {
    const { timeZone } = await this.settings.get();
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const base = this.memberQuery(staff, q, timeZone);
    if (q.segmentId) applySegmentFilter(base, (await this.segments.get(q.segmentId)).filter, timeZone);
    const countRow = await base.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const sortCol = {
      createdAt: 'm.created_at',
      visits: 'COALESCE(agg.visits, 0)',
      spend: 'COALESCE(agg.spend, 0)',
      lastVisit: 'agg.last_visit',
      points: 'm.points_balance',
      balance: '(m.balance_principal_fen + m.balance_bonus_fen)',
    }[q.sort ?? 'createdAt'];
    const rows = await base
      .select([
        'm.id AS id',
        'm.member_no AS memberNo',
        'm.name AS name',
        'm.phone AS phone',
        'm.tier_id AS tierId',
        'm.join_store_id AS joinStoreId',
        'm.join_channel AS joinChannel',
        'm.tags AS tags',
        'm.birthday AS birthday',
        'm.points_balance AS pointsBalance',
        'm.balance_principal_fen AS principal',
        'm.balance_bonus_fen AS bonus',
        'm.created_at AS createdAt',
        'm.consent_sms AS consentSms',
        'm.consent_wechat AS consentWechat',
        'agg.visits AS visits',
        'agg.spend AS spend',
        'agg.last_visit AS lastVisit',
      ])
      .orderBy(sortCol, (q.order ?? 'desc').toUpperCase() as 'ASC' | 'DESC')
      .addOrderBy('m.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<MemberAggRow>();
    return { items: await this.toRows(rows, unmasked), total: Number(countRow?.n ?? 0), page, pageSize };
  }

  private async toRows(rows: MemberAggRow[], unmasked = false): Promise<MemberRowDto[]> {
    const tiers = new Map((await this.ds.getRepository(Tier).find()).map((t) => [t.id, t]));
    const stores = new Map((await this.ds.getRepository(Store).find()).map((s) => [s.id, s.name]));
    return rows.map((r) => ({
      id: r.id,
      memberNo: Number(r.memberNo),
      name: r.name,
      phone: r.phone ? (unmasked ? r.phone : maskPhone(r.phone)) : null,
      tierCode: tiers.get(r.tierId)?.code ?? '',
      tierName: tiers.get(r.tierId)?.name ?? '',
      joinStoreName: r.joinStoreId ? (stores.get(r.joinStoreId) ?? null) : null,
      joinChannel: r.joinChannel,
      tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
      birthday: r.birthday,
      visits: Number(r.visits ?? 0),
      spendFen: Number(r.spend ?? 0),
      lastVisitAt: this.toDate(r.lastVisit)?.toISOString() ?? null,
      pointsBalance: Number(r.pointsBalance),
      balanceFen: Number(r.principal) + Number(r.bonus),
      consentSms: Number(r.consentSms) === 1 || r.consentSms === true,
      consentWechat: Number(r.consentWechat) === 1 || r.consentWechat === true,
      createdAt: this.toDate(r.createdAt)!.toISOString(),
    }));
  }

  /**
   * CSV of the filtered members for people to act on: business time, Chinese labels, marketing
   * consent per channel; phones masked unless an HQ admin asks for full phones (audited as such).
   * At most 50,000 rows.
   */
  async exportMembers(staff: StaffPrincipal, q: MemberExportDto): Promise<string> {
    const { fullPhones, ...search } = q;
    const full = fullPhones === 'true';
    if (full && staff.role !== 'HQ_ADMIN')
      throw AuthErrors.ROLE_FORBIDDEN(undefined, '只有总部管理员可以导出完整手机号');
    const { timeZone } = await this.settings.get();
    const all: MemberRowDto[] = [];
    for (let page = 1; page <= 250; page++) {
      const r = await this.searchMembers(staff, { ...search, page, pageSize: 200 }, full);
      all.push(...r.items);
      if (r.items.length < 200) break;
    }
    const local = (iso: string | null) => (iso ? dayjs(iso).tz(timeZone).format('YYYY-MM-DD HH:mm') : '');
    const yesNo = (b: boolean) => (b ? '同意' : '未同意');
    const header = [
      '会员号',
      '姓名',
      '手机号',
      '等级',
      '入会门店',
      '入会渠道',
      '标签',
      '生日',
      '短信营销',
      '微信消息',
      '消费次数',
      '消费金额(元)',
      '最近消费',
      '积分',
      '储值余额(元)',
      '入会时间',
    ];
    const rows = all.map((m) => [
      m.memberNo,
      m.name,
      m.phone,
      m.tierName,
      m.joinStoreName,
      JOIN_CHANNEL_LABELS[m.joinChannel as JoinChannel] ?? m.joinChannel,
      m.tags.join('|'),
      m.birthday,
      yesNo(m.consentSms),
      yesNo(m.consentWechat),
      m.visits,
      (m.spendFen / 100).toFixed(2),
      local(m.lastVisitAt),
      m.pointsBalance,
      (m.balanceFen / 100).toFixed(2),
      local(m.createdAt),
    ]);
    const { page: _p, pageSize: _s, ...filter } = search;
    await this.audit.record(staff, {
      action: full ? 'member.export.full-phones' : 'member.export',
      detail: { filter, rows: all.length, ...(full ? { 完整手机号: true } : {}) },
    });
    return toCsv(header, rows);
  }

  // ---- member detail and actions -----------------------------------------------------------

  private async memberFor(staff: StaffPrincipal, id: string): Promise<Member> {
    const m = await this.ds.getRepository(Member).findOne({ where: { id } });
    if (!m || m.deletedAt) throw AdminErrors.MEMBER_NOT_FOUND();
    // Store roles see the members who joined at their stores (ids are random: nothing to enumerate).
    if (!isHq(staff) && !(m.joinStoreId && staff.storeIds.includes(m.joinStoreId)))
      throw AdminErrors.STORE_FORBIDDEN();
    return m;
  }

  async memberDetail(staff: StaffPrincipal, id: string): Promise<MemberDetailDto> {
    await this.memberFor(staff, id); // scope first
    await this.points.settleExpiry(this.tx, id);
    const m = await this.memberFor(staff, id);
    const em = this.ds.manager;
    const tiers = await em.find(Tier, { order: { rank: 'ASC' } });
    const tier = tiers.find((t) => t.id === m.tierId) ?? null;
    const next = tier ? (tiers.find((t) => t.rank > tier.rank) ?? null) : null;
    const [pts, wallet, coupons, visits] = await Promise.all([
      em.find(PointsEntry, { where: { memberId: id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 }),
      em.find(WalletEntry, { where: { memberId: id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 }),
      em.find(Coupon, { where: { memberId: id }, order: { issuedAt: 'DESC' }, take: 100 }),
      em.find(Visit, { where: { memberId: id }, order: { occurredAt: 'DESC' }, take: 50 }),
    ]);
    const templates = coupons.length
      ? await em.find(CouponTemplate, { where: { id: In([...new Set(coupons.map((c) => c.templateId))]) } })
      : [];
    const stores = new Map((await em.find(Store)).map((s) => [s.id, s.name]));
    const now = new Date();
    return {
      profile: toMemberProfile(m, tier),
      joinStoreName: m.joinStoreId ? (stores.get(m.joinStoreId) ?? null) : null,
      growthFen: await this.tiers.growthFen(em, id, now),
      nextTierName: next?.name ?? null,
      nextTierThresholdFen: next?.thresholdFen ?? null,
      points: pts.map((p) => ({
        id: p.id,
        type: p.type,
        amount: p.points,
        balanceAfter: p.balanceAfter,
        reason: p.reason,
        createdAt: p.createdAt.toISOString(),
      })),
      wallet: wallet.map((w) => ({
        id: w.id,
        type: w.type,
        amount: w.principalFen + w.bonusFen,
        balanceAfter: Number(w.principalAfterFen) + Number(w.bonusAfterFen),
        reason: w.reason,
        createdAt: w.createdAt.toISOString(),
      })),
      coupons: coupons.map((c) => ({
        code: c.code,
        name: templates.find((t) => t.id === c.templateId)?.name ?? '',
        status: c.status === 'AVAILABLE' && c.validTo <= now ? 'EXPIRED' : c.status,
        validTo: c.validTo.toISOString(),
        usedAt: c.usedAt?.toISOString() ?? null,
        issueChannel: c.issueChannel,
      })),
      visits: visits.map((v) => ({
        id: v.id,
        storeName: stores.get(v.storeId) ?? '',
        amountFen: v.amountFen,
        discountFen: v.discountFen,
        paidFen: v.paidFen,
        pointsEarned: v.pointsEarned,
        channel: v.channel,
        status: v.status,
        couponCodes: v.couponCodes,
        occurredAt: v.occurredAt.toISOString(),
      })),
      insight: await this.insights.panel(m.id),
    };
  }

  /** Staff points adjustment: applied once per requestId, whatever the network retries. */
  async adjustPoints(staff: StaffPrincipal, id: string, dto: AdjustPointsDto): Promise<MemberDetailDto> {
    const m = await this.memberFor(staff, id);
    await this.idempotency.run(`staff:${staff.id}:adjust`, dto.requestId, { id, ...dto }, async (em) => {
      const move = {
        memberId: m.id,
        points: Math.abs(dto.points),
        source: 'STAFF' as const,
        reason: `人工调整：${dto.reason}`,
        idempotencyKey: `adjust:${staff.id}:${dto.requestId}`,
        staffId: staff.id,
      };
      if (dto.points > 0) await this.points.credit(em, move, 'ADJUST');
      else await this.points.debit(em, move, 'ADJUST');
      await this.audit.record(
        staff,
        {
          action: 'member.points.adjust',
          targetType: 'member',
          targetId: m.id,
          detail: { points: dto.points, reason: dto.reason },
        },
        em,
      );
      return { applied: true };
    });
    return this.memberDetail(staff, id);
  }

  /** Changes a member's tags under a row lock: two concurrent edits both land. */
  private async editTags(
    staff: StaffPrincipal,
    id: string,
    change: (tags: string[]) => string[],
    action: string,
    tag: string,
  ): Promise<MemberDetailDto> {
    await this.memberFor(staff, id);
    await this.tx.run(async (em) => {
      if (this.tx.isMysql) await em.query('SELECT id FROM member WHERE id = ? FOR UPDATE', [id]);
      const fresh = await em.findOneOrFail(Member, { where: { id }, select: { id: true, tags: true } });
      await em.update(Member, { id }, { tags: change(fresh.tags ?? []), updatedAt: new Date() });
      await this.audit.record(staff, { action, targetType: 'member', targetId: id, detail: { tag } }, em);
    });
    return this.memberDetail(staff, id);
  }

  addTag(staff: StaffPrincipal, id: string, tag: string): Promise<MemberDetailDto> {
    const t = tag.trim();
    return this.editTags(staff, id, (tags) => [...new Set([...tags, t])].slice(0, 20), 'member.tag.add', t);
  }

  removeTag(staff: StaffPrincipal, id: string, tag: string): Promise<MemberDetailDto> {
    return this.editTags(staff, id, (tags) => tags.filter((x) => x !== tag), 'member.tag.remove', tag);
  }

  // ---- dashboard ------------------------------------------------------------------------------

  async dashboard(staff: StaffPrincipal, q: DashboardQueryDto): Promise<DashboardDto> {
    const { timeZone: tz } = await this.settings.get();
    const from = dayjs.tz(`${q.from} 00:00:00`, tz);
    const to = dayjs.tz(`${q.to} 00:00:00`, tz).add(1, 'day');
    if (!to.isAfter(from)) throw CommonErrors.VALIDATION_FAILED(undefined, '结束日期不能早于开始日期');
    if (to.diff(from, 'day') > 366) throw AdminErrors.RANGE_TOO_LONG();
    const stores = this.scopeStores(staff, q.storeId);
    const em = this.ds.manager;
    const storeFilter = (alias: string, col: string) =>
      stores ? (stores.length ? `${alias}.${col} IN (:...stores)` : '1 = 0') : '1 = 1';

    const memberQb = em
      .createQueryBuilder(Member, 'm')
      .leftJoin((sub) => visitAggregate(sub, 'v.occurred_at < :to'), 'agg', 'agg.member_id = m.id')
      .select(['m.tier_id AS tierId', 'm.created_at AS createdAt'])
      .addSelect('agg.visits', 'visits')
      .addSelect('agg.spend', 'spend')
      .addSelect('agg.last_visit', 'lastVisit')
      .where('m.deleted_at IS NULL AND m.created_at < :to')
      .andWhere(storeFilter('m', 'join_store_id'))
      .setParameters({ to: to.toDate(), stores });
    const memberRows = await memberQb.getRawMany<{
      tierId: string;
      createdAt: string | Date;
      visits: unknown;
      spend: unknown;
      lastVisit: string | Date | null;
    }>();

    const activeSince = to.subtract(ACTIVE_DAYS, 'day').toDate().getTime();
    let active = 0;
    let fresh = 0;
    const tierCount = new Map<string, number>();
    const withVisits: { recency: number; visits: number; spend: number }[] = [];
    for (const r of memberRows) {
      const created = this.toDate(r.createdAt)!.getTime();
      if (created >= from.toDate().getTime()) fresh++;
      const last = this.toDate(r.lastVisit);
      if (last && last.getTime() >= activeSince) active++;
      tierCount.set(r.tierId, (tierCount.get(r.tierId) ?? 0) + 1);
      if (last)
        withVisits.push({
          recency: to.toDate().getTime() - last.getTime(),
          visits: Number(r.visits ?? 0),
          spend: Number(r.spend ?? 0),
        });
    }
    const rMed = median(withVisits.map((x) => x.recency));
    const fMed = median(withVisits.map((x) => x.visits));
    const mMed = median(withVisits.map((x) => x.spend));
    const rfm = new Map<string, number>(RFM_SEGMENT_NAMES.map((s) => [s, 0]));
    for (const x of withVisits) {
      const seg = rfmSegment(x.recency <= rMed, x.visits >= fMed, x.spend >= mMed);
      rfm.set(seg, (rfm.get(seg) ?? 0) + 1);
    }

    const visits = await em
      .createQueryBuilder(Visit, 'v')
      .select(['v.occurred_at AS at', 'v.paid_fen AS paid'])
      .where("v.status = 'OK' AND v.occurred_at >= :from AND v.occurred_at < :to", {
        from: from.toDate(),
        to: to.toDate(),
      })
      .andWhere(storeFilter('v', 'store_id'), { stores })
      .getRawMany<{ at: string | Date; paid: unknown }>();
    const issued = await em
      .createQueryBuilder(Coupon, 'c')
      .select('c.issued_at', 'at')
      .where('c.issued_at >= :from AND c.issued_at < :to', { from: from.toDate(), to: to.toDate() })
      .andWhere(
        stores
          ? stores.length
            ? 'c.member_id IN (SELECT mm.id FROM member mm WHERE mm.join_store_id IN (:...stores))'
            : '1 = 0'
          : '1 = 1',
        { stores },
      )
      .getRawMany<{ at: string | Date }>();
    const used = await em
      .createQueryBuilder(Coupon, 'c')
      .select('c.used_at', 'at')
      .where("c.status = 'USED' AND c.used_at >= :from AND c.used_at < :to", {
        from: from.toDate(),
        to: to.toDate(),
      })
      .andWhere(storeFilter('c', 'used_store_id'), { stores })
      .getRawMany<{ at: string | Date }>();

    const days: string[] = [];
    for (let d = from; d.isBefore(to); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
    const point = new Map(
      days.map((day) => [day, { day, visits: 0, revenueFen: 0, couponsIssued: 0, couponsUsed: 0 }]),
    );
    const dayOf = (v: string | Date) => dayjs(this.toDate(v)!).tz(tz).format('YYYY-MM-DD');
    let revenue = 0;
    for (const v of visits) {
      const p = point.get(dayOf(v.at));
      if (!p) continue;
      p.visits++;
      p.revenueFen += Number(v.paid);
      revenue += Number(v.paid);
    }
    for (const c of issued) {
      const p = point.get(dayOf(c.at));
      if (p) p.couponsIssued++;
    }
    for (const c of used) {
      const p = point.get(dayOf(c.at));
      if (p) p.couponsUsed++;
    }
    const tierList = await em.find(Tier, { order: { rank: 'ASC' } });
    return {
      membersTotal: memberRows.length,
      membersNew: fresh,
      membersActive: active,
      membersDormant: memberRows.length - active,
      visits: visits.length,
      revenueFen: revenue,
      couponsIssued: issued.length,
      couponsUsed: used.length,
      redemptionRate: issued.length ? Math.round((used.length / issued.length) * 1000) / 1000 : 0,
      trend: [...point.values()],
      tiers: tierList.map((t) => ({ name: t.name, count: tierCount.get(t.id) ?? 0 })),
      rfm: [...rfm.entries()].map(([name, count]) => ({ name, count })),
    };
  }

  // ---- audit log ------------------------------------------------------------------------------

  async auditLog(staff: StaffPrincipal, q: AuditQueryDto): Promise<AuditPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (q.action) qb.andWhere('a.action LIKE :action', { action: `${q.action.replace(/[%_]/g, '')}%` });
    if (!isHq(staff))
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(staff.storeIds.length ? 'a.store_id IN (:...stores)' : '1 = 0', { stores: staff.storeIds })
            .orWhere('a.staff_id = :me', { me: staff.id }),
        ),
      );
    const [rows, total] = await qb
      .orderBy('a.created_at', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const labels = await this.auditTargetLabels(rows);
    return {
      total,
      items: rows.map((a) => ({
        id: a.id,
        staffName: a.staffName,
        action: a.action,
        actionLabel: AUDIT_ACTION_LABELS[a.action] ?? '其他操作',
        targetType: a.targetType,
        targetId: a.targetId,
        targetLabel: a.targetId ? (labels.get(`${a.targetType}:${a.targetId}`) ?? '（已删除）') : '—',
        summary: describeAuditDetail(a.detail),
        detail: a.detail,
        createdAt: a.createdAt.toISOString(),
      })),
    };
  }

  /** "会员 张小满（138****8000）", "员工 小李（cashier1）", "券模板「满100减20」" … for a page of audit rows. */
  private async auditTargetLabels(rows: AuditLog[]): Promise<Map<string, string>> {
    const ids = (type: string) => [
      ...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!)),
    ];
    const out = new Map<string, string>();
    const memberIds = ids('member');
    if (memberIds.length)
      for (const m of await this.ds.getRepository(Member).find({ where: { id: In(memberIds) } }))
        out.set(
          `member:${m.id}`,
          m.deletedAt
            ? `会员 No.${m.memberNo}（已注销）`
            : `会员 ${m.name ?? `No.${m.memberNo}`}${m.phone ? `（${maskPhone(m.phone)}）` : ''}`,
        );
    const staffIds = ids('staff');
    if (staffIds.length)
      for (const s of await this.ds.getRepository(Staff).find({ where: { id: In(staffIds) } }))
        out.set(`staff:${s.id}`, `员工 ${s.name}（${s.username}）`);
    const templateIds = ids('coupon_template');
    if (templateIds.length)
      for (const t of await this.ds.getRepository(CouponTemplate).find({ where: { id: In(templateIds) } }))
        out.set(`coupon_template:${t.id}`, `券模板「${t.name}」`);
    const segmentIds = ids('segment');
    const labelsOfSegments = new Map(
      (segmentIds.length
        ? await this.ds.getRepository(Segment).find({ where: { id: In(segmentIds) } })
        : []
      ).map((x) => [x.id, `「${x.name}」`]),
    );
    const storeIds = ids('store');
    const visitIds = ids('visit');
    const visits = visitIds.length
      ? await this.ds.getRepository(Visit).find({ where: { id: In(visitIds) } })
      : [];
    const storeRows = await this.ds.getRepository(Store).find();
    const storeName = new Map(storeRows.map((x) => [x.id, x.name]));
    for (const id of storeIds) if (storeName.has(id)) out.set(`store:${id}`, `门店 ${storeName.get(id)}`);
    for (const v of visits)
      out.set(`visit:${v.id}`, `消费 ${formatYuan(v.amountFen)}（${storeName.get(v.storeId) ?? '门店'}）`);
    for (const id of ids('segment'))
      out.set(`segment:${id}`, `客群 ${labelsOfSegments.get(id) ?? '（已删除）'}`);
    for (const t of ids('tier')) {
      const tier = await this.ds.getRepository(Tier).findOne({ where: { id: t } });
      if (tier) out.set(`tier:${t}`, `等级 ${tier.name}`);
    }
    return out;
  }

  async today(staff: StaffPrincipal, storeId: string): Promise<RedemptionRowDto[]> {
    this.scopeStores(staff, storeId);
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
    this.scopeStores(staff, storeId);
    const rows = await this.ds.getRepository(StoreTable).find({ where: { storeId } });
    return rows
      .sort((a, b) => a.tableNo.localeCompare(b.tableNo, 'zh-CN', { numeric: true }))
      .map((t) => ({ id: t.id, tableNo: t.tableNo, seats: t.seats }));
  }

  async addTables(staff: StaffPrincipal, storeId: string, tableNos: string[]): Promise<TableDto[]> {
    this.scopeStores(staff, storeId);
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

  async tierList(): Promise<TierAdminDto[]> {
    const tiers = await this.ds.getRepository(Tier).find({ order: { rank: 'ASC' } });
    const counts = await this.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .select('m.tier_id', 'tierId')
      .addSelect('COUNT(*)', 'n')
      .where('m.deleted_at IS NULL')
      .groupBy('m.tier_id')
      .getRawMany<{ tierId: string; n: unknown }>();
    const giftIds = tiers.map((t) => t.benefits?.birthdayTemplateId).filter((x): x is string => !!x);
    const gifts = giftIds.length
      ? await this.ds.getRepository(CouponTemplate).find({ where: { id: In(giftIds) } })
      : [];
    return tiers.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      rank: t.rank,
      thresholdFen: t.thresholdFen,
      pointsMultiplierPercent: t.pointsMultiplierPercent,
      memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
      birthdayTemplateId: t.benefits?.birthdayTemplateId ?? null,
      benefits: describeTierBenefits({
        pointsMultiplierPercent: t.pointsMultiplierPercent,
        memberPricePercentOff: t.benefits?.memberPricePercentOff ?? 0,
        birthdayGiftName: gifts.find((g) => g.id === t.benefits?.birthdayTemplateId)?.name ?? null,
      }),
      members: Number(counts.find((c) => c.tierId === t.id)?.n ?? 0),
    }));
  }

  async updateTier(staff: StaffPrincipal, id: string, dto: UpdateTierDto): Promise<TierAdminDto[]> {
    await this.tx.run(async (em) => {
      const tiers = await em.find(Tier, { order: { rank: 'ASC' } });
      const t = tiers.find((x) => x.id === id);
      if (!t) throw AdminErrors.TIER_NOT_FOUND();
      if (
        dto.birthdayTemplateId &&
        !(await em.exists(CouponTemplate, { where: { id: dto.birthdayTemplateId } }))
      )
        throw AdminErrors.TEMPLATE_NOT_FOUND();
      const { memberPricePercentOff, birthdayTemplateId, ...plain } = dto;
      const next = {
        ...t,
        ...plain,
        benefits: {
          memberPricePercentOff: memberPricePercentOff ?? t.benefits?.memberPricePercentOff ?? 0,
          birthdayTemplateId:
            birthdayTemplateId !== undefined ? birthdayTemplateId : (t.benefits?.birthdayTemplateId ?? null),
        },
      };
      const thresholds = tiers.map((x) => (x.id === id ? next.thresholdFen : x.thresholdFen));
      if (thresholds.some((v, i) => i > 0 && v <= thresholds[i - 1]))
        throw AdminErrors.TIER_THRESHOLDS_OUT_OF_ORDER();
      await em.update(
        Tier,
        { id },
        {
          name: next.name,
          thresholdFen: next.thresholdFen,
          pointsMultiplierPercent: next.pointsMultiplierPercent,
          benefits: next.benefits,
        },
      );
      await this.audit.record(
        staff,
        { action: 'tier.update', targetType: 'tier', targetId: id, detail: { ...dto } },
        em,
      );
    });
    return this.tierList();
  }

  private toSettings(s: ChainSettings): SettingsDto {
    return {
      chainName: s.chainName,
      pointsPerYuan: s.pointsPerYuan,
      pointsExpiryYears: s.pointsExpiryYears,
      tierWindowMonths: s.tierWindowMonths,
      memberCodeStepSeconds: s.memberCodeStepSeconds,
      welcomeTemplateId: s.welcomeTemplateId,
    };
  }

  async getSettings(): Promise<SettingsDto> {
    return this.toSettings(await this.settings.get());
  }

  async updateSettings(staff: StaffPrincipal, dto: UpdateSettingsDto): Promise<SettingsDto> {
    await this.settings.get();
    await this.tx.run(async (em) => {
      if (
        dto.welcomeTemplateId &&
        !(await em.exists(CouponTemplate, { where: { id: dto.welcomeTemplateId } }))
      )
        throw new AppError('COUPON_TEMPLATE_NOT_FOUND', 404, '券模板不存在');
      await em.update(
        ChainSettings,
        { id: 1 },
        {
          ...dto,
          ...(dto.welcomeTemplateId === '' ? { welcomeTemplateId: null } : {}),
          updatedAt: new Date(),
        },
      );
      await this.audit.record(staff, { action: 'settings.update', detail: { ...dto } }, em);
    });
    return this.getSettings();
  }
}
