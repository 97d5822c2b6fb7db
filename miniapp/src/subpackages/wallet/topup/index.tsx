import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { EmptyState } from '@/components/empty-state';
import { api, newRequestId, toastError } from '@/lib/api';
import { yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';
import { askSubscriptions, payWithWechat } from '@/lib/wechat-pay';
import type { Payment } from '@/lib/types';
import '../wallet.scss';

/** 储值充值: choose a package (充500送50), pay with WeChat Pay, the balance is credited on the verified payment. */
export default function TopupPage() {
  const packages = useRemote(() => api.topupPackages());
  const card = useRemote(() => api.card());
  const [chosen, setChosen] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [done, setDone] = useState<Payment | null>(null);
  const [balanceAfter, setBalanceAfter] = useState<number | null>(null);
  const requestId = useRef(newRequestId());
  const list = packages.data ?? [];
  const pick = chosen ?? list[0]?.id ?? null;
  const selected = list.find((p) => p.id === pick) ?? null;

  async function topUp() {
    if (!selected || paying) return;
    setPaying(true);
    try {
      // Asked at the tap (WeChat only shows the prompt on a tap): "tell me when the money has arrived".
      await askSubscriptions(['TOPUP_SUCCEEDED']);
      const outcome = await payWithWechat(await api.startTopup(selected.id, requestId.current));
      requestId.current = newRequestId();
      if (outcome.kind === 'paid') {
        // The balance shown with "充值成功" is read after the payment, never the one from before it
        // (the page's card was loaded on entry); if it cannot be read now, no balance is shown.
        const after = await api.card().catch(() => null);
        setBalanceAfter(after ? after.balanceFen : null);
        setDone(outcome.payment);
        void card.reload();
      } else
        void Taro.showToast({
          title:
            outcome.kind === 'cancelled'
              ? '已取消充值'
              : outcome.kind === 'pending'
                ? '充值结果确认中，稍后在储值明细查看'
                : outcome.message,
          icon: 'none',
          duration: 3000,
        });
    } catch (e) {
      toastError(e);
      requestId.current = newRequestId();
    } finally {
      setPaying(false);
    }
  }

  if (done)
    return (
      <View className="page">
        <View className="card pay-result" data-testid="topup-result">
          <Text className="title">充值成功</Text>
          <Text className="pay-result__amount">{yuan(done.amountFen)}</Text>
          {done.bonusFen ? <Text className="muted">{`另赠 ${yuan(done.bonusFen)}，已到账`}</Text> : null}
          {balanceAfter !== null ? (
            <Text className="muted" data-testid="balance-after">{`当前储值余额 ${yuan(balanceAfter)}`}</Text>
          ) : null}
          {done.simulator ? <Text className="sim-label">{`${done.simulator}：未真实扣款`}</Text> : null}
          <Button className="primary-button" onClick={() => void Taro.navigateBack()}>
            完成
          </Button>
        </View>
      </View>
    );

  return (
    <View className="page">
      <View className="card">
        <Text className="muted">当前储值余额</Text>
        <Text className="title" data-testid="balance-now">
          {card.data ? yuan(card.data.balanceFen) : '—'}
        </Text>
      </View>
      {packages.error ? <Text className="error-text">{packages.error.message}</Text> : null}
      {packages.data && !list.length ? (
        <EmptyState title="暂未开放储值充值" hint="门店开通储值套餐后，可在这里充值" />
      ) : null}
      {list.length ? (
        <View className="card">
          <Text className="section-title">选择充值金额</Text>
          <View className="package-grid">
            {list.map((p) => (
              <View
                key={p.id}
                className={`package ${p.id === pick ? 'package--on' : ''}`}
                onClick={() => setChosen(p.id)}
                data-testid="package"
              >
                <Text className="package__price">{yuan(p.principalFen)}</Text>
                <Text className="package__bonus">{p.bonusFen ? `送 ${yuan(p.bonusFen)}` : p.name}</Text>
              </View>
            ))}
          </View>
          <Button
            className="primary-button"
            loading={paying}
            disabled={!selected}
            onClick={() => void topUp()}
            data-testid="topup-pay"
          >
            {selected ? `微信支付 ${yuan(selected.principalFen)}` : '请选择充值金额'}
          </Button>
          <Text className="topup-note">
            储值余额可在本品牌各门店消费使用；赠送金额不可提现，申请退款时只退还未消费的充值本金，赠送部分同时收回。
          </Text>
        </View>
      ) : null}
    </View>
  );
}
