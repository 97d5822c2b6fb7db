import { type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { AuthErrors } from '../auth/auth.errors';
import { AppError } from '../common/app-error';
import { Visit } from '../visits/entities/visit.entity';

export const AdminErrors = {
  STORE_FORBIDDEN: () => AuthErrors.STORE_FORBIDDEN(),
  MEMBER_NOT_FOUND: () => new AppError('MEMBER_NOT_FOUND', 404, '会员不存在'),
  TIER_NOT_FOUND: () => new AppError('TIER_NOT_FOUND', 404, '会员等级不存在'),
  RANGE_TOO_LONG: () => new AppError('RANGE_TOO_LONG', 400, '日期范围最长一年'),
  TEMPLATE_NOT_FOUND: () => new AppError('COUPON_TEMPLATE_NOT_FOUND', 404, '所选的券模板不存在'),
  TIER_THRESHOLDS_OUT_OF_ORDER: () =>
    new AppError('TIER_THRESHOLDS_OUT_OF_ORDER', 400, '等级门槛必须随等级升高而增加'),
};

/** Per member: visits, spend and last visit over valid visits (`agg.visits`, `agg.spend`, `agg.last_visit`). */
export function visitAggregate(
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

export interface MemberAggRow {
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

/** SQLite returns 'YYYY-MM-DD HH:MM:SS.SSS' in UTC; MySQL a Date. */
export function toDate(v: string | Date | null): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  return new Date(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}

/** The stores a staff member may see: the one asked for (if theirs), all (HQ: null) or their own. */
export function scopeStores(staff: StaffPrincipal, storeId?: string): string[] | null {
  if (storeId) {
    if (!isHq(staff) && !staff.storeIds.includes(storeId)) throw AdminErrors.STORE_FORBIDDEN();
    return [storeId];
  }
  return isHq(staff) ? null : staff.storeIds;
}
