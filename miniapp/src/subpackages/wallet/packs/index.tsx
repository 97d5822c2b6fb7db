import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { EmptyState } from '@/components/empty-state';
import { api, newRequestId, toastError } from '@/lib/api';
import { dayTime, yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';
import { askSubscriptions, payWithWechat } from '@/lib/wechat-pay';
import type { CouponPack, Payment } from '@/lib/types';
import '../wallet.scss';

const STATUS: Record<Payment['status'], string> = {
  PENDING: '待支付',
  PAID: '已购买',
  CLOSED: '已取消',
  REFUNDED: '已退款',
};

/** 超值券包 (团购/代金券): coupons for money, issued on the verified payment; unused packs can be refunded. */
export default function PacksPage() {
  const packs = useRemote(() => api.couponPacks());
  const orders = useRemote(() => api.payments('PACK'));
  const [busy, setBusy] = useState<string | null>(null);
  const requestId = useRef(newRequestId());

  async function buy(p: CouponPack) {
    if (busy) return;
    setBusy(p.id);
    try {
      const outcome = await payWithWechat(await api.startPack(p.id, requestId.current));
      requestId.current = newRequestId();
      if (outcome.kind === 'paid') {
        void Taro.showToast({ title: '购买成功，券已放入券包', icon: 'none' });
        void askSubscriptions(['COUPON_EXPIRING']);
      } else
        void Taro.showToast({
          title:
            outcome.kind === 'cancelled'
              ? '已取消购买'
              : outcome.kind === 'pending'
                ? '支付结果确认中'
                : outcome.message,
          icon: 'none',
        });
    } catch (e) {
      toastError(e);
      requestId.current = newRequestId();
    } finally {
      setBusy(null);
      void packs.reload();
      void orders.reload();
    }
  }

  async function refund(o: Payment) {
    const { confirm } = await Taro.showModal({
      title: '申请退款',
      content: `退款后券包里的券将作废，${yuan(o.amountFen)} 原路退回微信零钱或银行卡。确定退款？`,
      confirmText: '确定退款',
    });
    if (!confirm) return;
    try {
      await api.refundPayment(o.id, '顾客在小程序申请退款');
      void Taro.showToast({ title: '已申请退款，预计 1–3 个工作日到账', icon: 'none', duration: 3000 });
    } catch (e) {
      toastError(e);
    } finally {
      void orders.reload();
    }
  }

  const list = packs.data ?? [];
  return (
    <View className="page">
      {packs.error ? <Text className="error-text">{packs.error.message}</Text> : null}
      {packs.data && !list.length ? (
        <EmptyState title="暂时没有在售的券包" hint="新的优惠券包上架后会显示在这里" />
      ) : null}
      {list.map((p) => (
        <View className="card" key={p.id} data-testid="pack">
          <Text className="section-title">{p.name}</Text>
          {p.description ? <Text className="muted">{p.description}</Text> : null}
          <Text className="muted">{p.items.map((i) => `${i.name ?? '券'} × ${i.count}`).join('，')}</Text>
          <View className="pack">
            <View className="pack__left">
              <Text className="pack__price">{yuan(p.priceFen)}</Text>
              {p.valueFen > p.priceFen ? (
                <Text className="pack__value">{`价值 ${yuan(p.valueFen)}`}</Text>
              ) : null}
            </View>
            <Button
              className="pack__buy"
              loading={busy === p.id}
              disabled={p.stockLeft === 0}
              onClick={() => void buy(p)}
              data-testid="pack-buy"
            >
              {p.stockLeft === 0 ? '已售罄' : '立即购买'}
            </Button>
          </View>
          <Text className="muted">
            {[
              p.stockLeft !== null ? `仅剩 ${p.stockLeft} 份` : null,
              p.perMemberLimit ? `每人限购 ${p.perMemberLimit} 份` : null,
              p.refundExpired ? '未使用随时退，过期也可退' : '未使用可退，过期不退',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </View>
      ))}
      {orders.data?.length ? (
        <View className="card">
          <Text className="section-title">我买过的券包</Text>
          {orders.data.map((o) => (
            <View key={o.id} className="ledger-row" data-testid="pack-order">
              <View>
                <Text className="ledger-row__title">{o.description.replace(/^券包-/, '')}</Text>
                <Text className="muted">{`${dayTime(o.createdAt)} · ${yuan(o.amountFen)} · ${STATUS[o.status]}`}</Text>
              </View>
              {o.refundable ? (
                <Text className="link" onClick={() => void refund(o)}>
                  申请退款
                </Text>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
