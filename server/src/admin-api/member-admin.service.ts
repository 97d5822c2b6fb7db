import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import {
  JOIN_CHANNEL_LABELS,
  type JoinChannel,
  maskPhone,
  normalizePhone,
  type SegmentFilter,
} from '@tableside/shared';
import { AuditService } from '../audit/audit.service';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { AuthErrors } from '../auth/auth.errors';
import { Coupon } from '../coupons/entities/coupon.entity';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { toCsv } from '../imports/csv';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { applySegmentFilter, SegmentErrors } from '../segments/segment-compiler';
import { SegmentsService } from '../segments/segments.service';
import { InsightsService } from '../insights/insights.service';
import { Member } from '../members/entities/member.entity';
import { toMemberProfile } from '../members/member-profile';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { PointsService } from '../points/points.service';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { TiersService } from '../tiers/tiers.service';
import { Visit } from '../visits/entities/visit.entity';
import { WalletEntry } from '../wallet/entities/wallet-entry.entity';
import type {
  AdjustPointsDto,
  MemberDetailDto,
  MemberExportDto,
  MemberPageDto,
  MemberRowDto,
  MemberSearchDto,
} from './dto';
import { AdminErrors, toDate, scopeStores, visitAggregate, MemberAggRow } from './admin-scope';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Member search, export, detail and the audited actions on a member (points, tags). */
@Injectable()
export class MemberAdminService {
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

  private memberQuery(staff: StaffPrincipal, q: MemberSearchDto, tz: string): SelectQueryBuilder<Member> {
    const qb = this.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .leftJoin((sub) => visitAggregate(sub), 'agg', 'agg.member_id = m.id')
      .where('m.deleted_at IS NULL');
    const stores = scopeStores(staff, q.storeId);
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
    if (q.filter) applySegmentFilter(base, parseFilter(q.filter), timeZone);
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
      lastVisitAt: toDate(r.lastVisit)?.toISOString() ?? null,
      pointsBalance: Number(r.pointsBalance),
      balanceFen: Number(r.principal) + Number(r.bonus),
      consentSms: Number(r.consentSms) === 1 || r.consentSms === true,
      consentWechat: Number(r.consentWechat) === 1 || r.consentWechat === true,
      createdAt: toDate(r.createdAt)!.toISOString(),
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
}

/** The `filter` query parameter: JSON text of a segment filter (validated by the compiler). */
function parseFilter(text: string): SegmentFilter {
  try {
    return JSON.parse(text) as SegmentFilter;
  } catch {
    throw SegmentErrors.INVALID(['筛选条件不是有效的 JSON']);
  }
}
