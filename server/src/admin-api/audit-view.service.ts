import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { AUDIT_ACTION_LABELS, describeAuditDetail, formatYuan, maskPhone } from '@tableside/shared';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { Segment } from '../segments/entities/segment.entity';
import { Member } from '../members/entities/member.entity';
import { Store } from '../stores/entities/store.entity';
import { Staff } from '../staff/entities/staff.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { Visit } from '../visits/entities/visit.entity';
import type { AuditPageDto, AuditQueryDto } from './dto';

/** The audit log as staff read it: filters, labels and target names. */
@Injectable()
export class AuditViewService {
  constructor(private readonly ds: DataSource) {}

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
}
