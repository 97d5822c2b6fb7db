import { formatYuan } from '../money.js';
import type { CouponRule, IneligibleReason } from './types.js';

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const INELIGIBLE_REASON_MESSAGES: Record<IneligibleReason, string> = {
  COUPON_USED: '券已使用',
  COUPON_LOCKED: '券正在另一笔支付中',
  COUPON_EXPIRED: '券已过期',
  COUPON_REVOKED: '券已作废',
  NOT_YET_VALID: '券尚未到可用时间',
  BELOW_THRESHOLD: '未达到使用门槛',
  WRONG_STORE: '本门店不可用',
  WRONG_WEEKDAY: '今天不可用',
  OUTSIDE_TIME_WINDOW: '当前时段不可用',
  TIER_TOO_LOW: '会员等级不足',
  NOT_OWNER: '不是本会员的券',
  DUPLICATE_CODE: '同一张券重复了',
  ZERO_DISCOUNT: '本单无可抵扣金额',
};

/** 'Mon..Fri' → '周一至周五'; other sets listed. */
export function describeWeekdays(days: number[]): string {
  const d = [...new Set(days)].sort((a, b) => a - b);
  if (d.length === 7) return '每天';
  if (d.join() === '1,2,3,4,5') return '周一至周五';
  if (d.join() === '6,7') return '周六周日';
  const contiguous = d.length > 2 && d.every((x, i) => i === 0 || x === d[i - 1] + 1);
  return contiguous
    ? `${WEEKDAY_NAMES[d[0]]}至${WEEKDAY_NAMES[d[d.length - 1]]}`
    : d.map((x) => WEEKDAY_NAMES[x]).join('、');
}

/** A cashier-friendly sentence for why a coupon does not apply. */
export function describeReason(reason: IneligibleReason, rule?: CouponRule): string {
  if (rule) {
    if (reason === 'BELOW_THRESHOLD' && rule.thresholdFen)
      return `未满 ${formatYuan(rule.thresholdFen)} 使用门槛`;
    if (reason === 'WRONG_WEEKDAY' && rule.weekdays?.length)
      return `仅${describeWeekdays(rule.weekdays)}可用`;
    if (reason === 'OUTSIDE_TIME_WINDOW' && rule.timeWindows?.length) {
      return `仅 ${rule.timeWindows.map((w) => `${w.from}-${w.to}`).join('、')} 可用`;
    }
  }
  return INELIGIBLE_REASON_MESSAGES[reason];
}

const fmtShort = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** The one-line rule a diner reads: '满100减20', '8.8折 最高减¥30', '兑换：招牌红烧肉', '周一至周五 11:00-14:00 可用'. */
export function describeCouponRule(rule: CouponRule): string {
  const parts: string[] = [];
  if (rule.type === 'CASH') {
    parts.push(
      rule.thresholdFen
        ? `满${fmtShort(rule.thresholdFen)}减${fmtShort(rule.valueFen ?? 0)}`
        : `无门槛减${fmtShort(rule.valueFen ?? 0)}`,
    );
  } else if (rule.type === 'DISCOUNT') {
    const zhe = (100 - (rule.percentOff ?? 0)) / 10;
    let s = `${Number.isInteger(zhe) ? zhe : zhe.toFixed(1).replace(/\.0$/, '')}折`;
    if (rule.thresholdFen) s = `满${fmtShort(rule.thresholdFen)}享${s}`;
    if (rule.maxDiscountFen) s += ` 最高减${formatYuan(rule.maxDiscountFen)}`;
    parts.push(s);
  } else {
    parts.push(
      `兑换：${rule.itemName ?? '指定菜品'}${rule.thresholdFen ? `（满${fmtShort(rule.thresholdFen)}可用）` : ''}`,
    );
  }
  const when: string[] = [];
  if (rule.weekdays?.length && rule.weekdays.length < 7) when.push(describeWeekdays(rule.weekdays));
  if (rule.timeWindows?.length) when.push(rule.timeWindows.map((w) => `${w.from}-${w.to}`).join('、'));
  if (when.length) parts.push(`${when.join(' ')} 可用`);
  if (rule.stacking === 'STACKABLE')
    parts.push(`可叠加${rule.maxPerBill && rule.maxPerBill > 1 ? `，每单最多${rule.maxPerBill}张` : ''}`);
  return parts.join(' · ');
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Problems with a rule, in Chinese; empty when it is sound. */
export function validateCouponRule(rule: CouponRule): string[] {
  const p: string[] = [];
  const posInt = (v: number | null | undefined) =>
    v !== null && v !== undefined && Number.isSafeInteger(v) && v > 0;
  if (rule.type === 'CASH' && !posInt(rule.valueFen)) p.push('代金券需要设置减免金额（大于 0）');
  if (rule.type === 'DISCOUNT') {
    if (!rule.percentOff || !Number.isInteger(rule.percentOff) || rule.percentOff < 1 || rule.percentOff > 99)
      p.push('折扣券的折扣比例必须是 1–99 的整数（12 表示 8.8 折）');
  } else if (rule.percentOff) p.push('只有折扣券可以设置折扣比例');
  if (rule.type === 'ITEM' && !posInt(rule.valueFen)) p.push('兑换券需要设置菜品参考价值（大于 0）');
  if (rule.maxDiscountFen !== null && rule.maxDiscountFen !== undefined && rule.type !== 'DISCOUNT')
    p.push('只有折扣券可以设置最高优惠');
  if (rule.type === 'CASH' && rule.thresholdFen && rule.valueFen && rule.valueFen > rule.thresholdFen)
    p.push('减免金额不能大于使用门槛');
  for (const d of rule.weekdays ?? [])
    if (!Number.isInteger(d) || d < 1 || d > 7) p.push(`星期取值必须是 1–7（周一到周日），收到 ${d}`);
  for (const w of rule.timeWindows ?? []) {
    if (!HHMM.test(w.from) || !HHMM.test(w.to)) p.push(`时段格式必须是 HH:mm，收到 ${w.from}-${w.to}`);
    else if (w.from === w.to) p.push(`时段 ${w.from}-${w.to} 的开始和结束不能相同`);
  }
  if (rule.stacking === 'EXCLUSIVE' && rule.maxPerBill && rule.maxPerBill > 1)
    p.push('不可叠加的券每单只能用 1 张');
  if (
    rule.maxPerBill !== null &&
    rule.maxPerBill !== undefined &&
    (!Number.isInteger(rule.maxPerBill) || rule.maxPerBill < 1)
  )
    p.push('每单最多张数必须是正整数');
  return p;
}
