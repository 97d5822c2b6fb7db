import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CouponItem } from '@/components/coupon-item';
import { EmptyState } from '@/components/empty-state';
import { askSubscriptions } from '@/lib/wechat-pay';
import { api, newRequestId, toastError } from '@/lib/api';
import { useRemote } from '@/lib/use-remote';
import type { Offer } from '@/lib/types';
import { countdownText, offerAt } from '@/lib/offers';

export const OFFER_STATE_TEXT: Record<Offer['state'], string> = {
  CLAIMABLE: '立即领取',
  NOT_STARTED: '即将开抢',
  TIER_TOO_LOW: '等级不足',
  OUT_OF_STOCK: '已抢光',
  LIMIT_REACHED: '已领取',
  INSUFFICIENT_POINTS: '积分不足',
};

export function offerNote(o: Offer): string {
  const parts: string[] = [];
  if (o.state === 'NOT_STARTED' && o.startsInSeconds !== null)
    parts.push(`限时秒杀 · 距开抢 ${countdownText(o.startsInSeconds)}`);
  else if (o.startsAt) parts.push('限时秒杀');
  if (o.minTierName) parts.push(`${o.minTierName}及以上可领`);
  if (o.stockLeft !== null) parts.push(`剩余 ${o.stockLeft} 张`);
  if (o.perMemberLimit) parts.push(`每人限领 ${o.perMemberLimit} 张（已领 ${o.claimed}）`);
  return parts.join(' · ');
}

export default function ClaimPage() {
  const { data, error, reload } = useRemote(() => api.claimCenter());
  const [busy, setBusy] = useState<string | null>(null);
  // Countdowns run from the server's "seconds until" (a phone's clock may be minutes off).
  const fetchedAt = useRef(Date.now());
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    fetchedAt.current = Date.now();
    setNow(Date.now());
  }, [data]);
  const counting = !!data?.some((o) => o.state === 'NOT_STARTED');
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);
  const offers = data?.map((o) => offerAt(o, (now - fetchedAt.current) / 1000));
  // One requestId per template until the claim settles: a double tap claims once.
  const pending = useRef(new Map<string, string>());

  async function claim(o: Offer) {
    // A disabled button still receives the tap in the h5 build: nothing is sent until it opens.
    if (busy || o.state !== 'CLAIMABLE') return;
    const rid = pending.current.get(o.templateId) ?? newRequestId();
    pending.current.set(o.templateId, rid);
    setBusy(o.templateId);
    try {
      await api.claim(o.templateId, rid);
      pending.current.delete(o.templateId);
      void Taro.showToast({ title: '领取成功，已放入券包', icon: 'none' });
      // The moment the diner cares: offer "remind me before it expires".
      void askSubscriptions(['COUPON_EXPIRING']);
      await reload();
    } catch (e) {
      pending.current.delete(o.templateId);
      toastError(e);
      await reload();
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {offers && !offers.length ? (
        <EmptyState title="暂时没有可领的券" hint="新活动上线会第一时间通知你" />
      ) : null}
      {offers?.map((o) => (
        <CouponItem
          key={o.templateId}
          name={o.name}
          rule={o.rule}
          summary={o.summary}
          note={offerNote(o)}
          muted={o.state !== 'CLAIMABLE'}
          testId="offer"
        >
          <Button
            className="small-button"
            size="mini"
            disabled={o.state !== 'CLAIMABLE' || busy === o.templateId}
            loading={busy === o.templateId}
            onClick={() => void claim(o)}
          >
            {OFFER_STATE_TEXT[o.state]}
          </Button>
        </CouponItem>
      ))}
    </View>
  );
}
