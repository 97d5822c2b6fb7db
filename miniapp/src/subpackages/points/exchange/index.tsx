import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CouponItem } from '@/components/coupon-item';
import { EmptyState } from '@/components/empty-state';
import { api, newRequestId, toastError } from '@/lib/api';
import { useRemote } from '@/lib/use-remote';
import type { Offer } from '@/lib/types';

const STATE_TEXT: Record<Offer['state'], string> = {
  CLAIMABLE: '兑换',
  NOT_STARTED: '未开始',
  TIER_TOO_LOW: '等级不足',
  OUT_OF_STOCK: '已兑完',
  LIMIT_REACHED: '已达上限',
  INSUFFICIENT_POINTS: '积分不足',
};

export default function ExchangePage() {
  const offers = useRemote(() => api.exchangeOffers());
  const card = useRemote(() => api.card());
  const [busy, setBusy] = useState<string | null>(null);
  const pending = useRef(new Map<string, string>());

  async function exchange(o: Offer) {
    // A disabled button still receives the tap in the h5 build (积分不足 must not open the dialog).
    if (busy || o.state !== 'CLAIMABLE') return;
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      content: `使用 ${o.pointsCost} 积分兑换「${o.name}」？`,
    });
    if (!confirm) return;
    const rid = pending.current.get(o.templateId) ?? newRequestId();
    pending.current.set(o.templateId, rid);
    setBusy(o.templateId);
    try {
      const r = await api.exchange(o.templateId, rid);
      void Taro.showToast({ title: `兑换成功，剩余 ${r.pointsBalance} 积分`, icon: 'none' });
    } catch (e) {
      toastError(e);
    } finally {
      pending.current.delete(o.templateId);
      setBusy(null);
      void offers.reload();
      void card.reload();
    }
  }

  return (
    <View className="page">
      <View className="card">
        <Text className="muted">可用积分</Text>
        <Text className="title">{card.data?.profile.pointsBalance ?? '—'}</Text>
      </View>
      {offers.error ? <Text className="error-text">{offers.error.message}</Text> : null}
      {offers.data && !offers.data.length ? <EmptyState title="暂时没有可兑换的券" /> : null}
      {offers.data?.map((o) => (
        <CouponItem
          key={o.templateId}
          name={o.name}
          rule={o.rule}
          summary={o.summary}
          note={`${o.pointsCost} 积分`}
          muted={o.state !== 'CLAIMABLE'}
        >
          <Button
            size="mini"
            className="small-button"
            disabled={o.state !== 'CLAIMABLE' || !!busy}
            loading={busy === o.templateId}
            onClick={() => void exchange(o)}
          >
            {STATE_TEXT[o.state]}
          </Button>
        </CouponItem>
      ))}
    </View>
  );
}
