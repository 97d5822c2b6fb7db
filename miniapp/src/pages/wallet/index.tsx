import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { CouponItem } from '@/components/coupon-item';
import { EmptyState } from '@/components/empty-state';
import { api } from '@/lib/api';
import { day } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';
import type { WalletCoupon, WalletTab } from '@/lib/types';

export const WALLET_TABS: { key: WalletTab; label: string; empty: string; hint: string }[] = [
  { key: 'available', label: '可使用', empty: '暂无可用的券', hint: '去领券中心看看，或用积分兑换' },
  { key: 'used', label: '已使用', empty: '还没有用过券', hint: '结账时出示券码即可使用' },
  { key: 'expired', label: '已过期', empty: '没有过期的券', hint: '' },
];

/**
 * Identical coupons (same template, same last day, same state) shown once with "×N"; opening the
 * group shows the one that expires first.
 */
export function groupCoupons(coupons: WalletCoupon[]): { coupon: WalletCoupon; count: number }[] {
  const groups = new Map<string, { coupon: WalletCoupon; count: number }>();
  for (const c of coupons) {
    const key = `${c.templateId}|${c.status}|${day(c.validTo)}|${c.usedAt ? day(c.usedAt) : ''}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { coupon: c, count: 1 });
  }
  return [...groups.values()];
}

export function WalletList({
  tab,
  coupons,
  onOpen,
}: {
  tab: WalletTab;
  coupons: WalletCoupon[];
  onOpen: (code: string) => void;
}) {
  const meta = WALLET_TABS.find((t) => t.key === tab)!;
  if (!coupons.length) return <EmptyState title={meta.empty} hint={meta.hint} />;
  return (
    <View>
      {groupCoupons(coupons).map(({ coupon: c, count }) => (
        <CouponItem
          key={c.code}
          count={count}
          name={c.name}
          rule={c.rule}
          summary={c.summary}
          validTo={tab === 'available' ? c.validTo : undefined}
          storeNames={c.storeNames}
          muted={tab !== 'available'}
          badge={
            c.expiringSoon
              ? '即将过期'
              : tab === 'used'
                ? '已使用'
                : tab === 'expired'
                  ? c.status === 'REVOKED'
                    ? '已作废'
                    : '已过期'
                  : undefined
          }
          note={tab === 'used' && c.usedAt ? `使用于 ${day(c.usedAt)}` : undefined}
          onClick={tab === 'available' ? () => onOpen(c.code) : undefined}
          testId={`coupon-${tab}`}
        />
      ))}
    </View>
  );
}

export function WalletTabs({ active, onChange }: { active: WalletTab; onChange: (t: WalletTab) => void }) {
  return (
    <View className="tabs" data-testid="wallet-tabs">
      {WALLET_TABS.map((t) => (
        <Text
          key={t.key}
          className={`tabs__tab ${active === t.key ? 'tabs__tab--active' : ''}`}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </Text>
      ))}
    </View>
  );
}

export default function WalletPage() {
  const [tab, setTab] = useState<WalletTab>('available');
  const { data, error, loading, reload } = useRemote(() => api.coupons(tab), [tab]);
  useDidShow(() => void reload());
  return (
    <View className="page">
      <WalletTabs active={tab} onChange={setTab} />
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {data ? (
        <WalletList
          tab={tab}
          coupons={data}
          onOpen={(code) => void Taro.navigateTo({ url: `/pages/coupon/index?code=${code}` })}
        />
      ) : loading ? (
        <Text className="muted">加载中…</Text>
      ) : null}
      <View className="link-row" onClick={() => void Taro.navigateTo({ url: '/pages/claim/index' })}>
        <Text>去领券中心</Text>
        <Text className="muted-inline">›</Text>
      </View>
    </View>
  );
}
