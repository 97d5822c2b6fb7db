import { Text, View } from '@tarojs/components';
import type { CouponRule } from '@tableside/shared';
import { dateCn, yuan } from '@/lib/format';
import './coupon-item.scss';

/** The big figure on the left of a coupon: ¥20, 8.8折, 兑. */
export function couponFace(rule: CouponRule): { value: string; unit: string } {
  if (rule.type === 'DISCOUNT' && rule.percentOff) {
    const zhe = (100 - rule.percentOff) / 10;
    return { value: String(zhe), unit: '折' };
  }
  if (rule.type === 'ITEM') return { value: '兑', unit: '' };
  return {
    value: yuan(rule.valueFen ?? 0)
      .replace('¥', '')
      .replace(/\.00$/, ''),
    unit: '元',
  };
}

export interface CouponItemProps {
  name: string;
  rule: CouponRule;
  summary: string;
  validTo?: string;
  storeNames?: string[];
  badge?: string;
  muted?: boolean;
  note?: string;
  selected?: boolean;
  onClick?: () => void;
  children?: React.ReactNode;
  testId?: string;
  /** Identical coupons held: shown as ×N. */
  count?: number;
}

export function CouponItem(p: CouponItemProps) {
  const face = couponFace(p.rule);
  return (
    <View
      className={`coupon ${p.muted ? 'coupon--muted' : ''} ${p.selected ? 'coupon--selected' : ''}`}
      onClick={p.onClick}
      data-testid={p.testId ?? 'coupon'}
    >
      <View className="coupon__face">
        <Text className="coupon__value">{face.value}</Text>
        <Text className="coupon__unit">{face.unit}</Text>
        {p.rule.thresholdFen ? (
          <Text className="coupon__threshold">
            满{yuan(p.rule.thresholdFen).replace('¥', '').replace(/\.00$/, '')}可用
          </Text>
        ) : (
          <Text className="coupon__threshold">无门槛</Text>
        )}
      </View>
      <View className="coupon__body">
        <View className="coupon__title-row">
          <Text className="coupon__name">{p.name}</Text>
          {p.count && p.count > 1 ? (
            <Text className="coupon__count" data-testid="coupon-count">{`×${p.count}`}</Text>
          ) : null}
          {p.badge ? <Text className="coupon__badge">{p.badge}</Text> : null}
        </View>
        <Text className="coupon__summary">{p.summary}</Text>
        {p.storeNames?.length ? (
          <Text className="coupon__meta">限 {p.storeNames.join('、')} 使用</Text>
        ) : null}
        {p.validTo ? (
          <Text className="coupon__meta">
            有效期至 {dateCn(new Date(new Date(p.validTo).getTime() - 1).toISOString())}
          </Text>
        ) : null}
        {p.note ? <Text className="coupon__note">{p.note}</Text> : null}
        {p.children}
      </View>
    </View>
  );
}
