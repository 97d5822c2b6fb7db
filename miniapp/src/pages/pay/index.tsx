import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { yuanToFen, zheLabel } from '@tableside/shared';
import { CouponItem } from '@/components/coupon-item';
import { api, newRequestId, toastError } from '@/lib/api';
import { goToTab } from '@/lib/nav';
import { recallEntry } from '@/lib/entry-storage';
import { yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';
import { askSubscriptions, payWithWechat } from '@/lib/wechat-pay';
import type { MemberCard, StoreEntry, WalletCoupon } from '@/lib/types';
import { bestChoice, toCandidates, toggle, totalsOf, type Choice } from './coupon-choice';
import './index.scss';

/** Most a diner may pay at the table in one bill. */
export const MAX_TABLE_BILL_FEN = 10_000_000;

/** The typed amount in fen, or why it cannot be paid (never silently changed). */
export function parseAmount(text: string): { fen: number; error?: undefined } | { fen: null; error: string } {
  const t = text.trim();
  if (!t) return { fen: null, error: '' };
  if (!/^\d+(\.\d*)?$/.test(t)) return { fen: null, error: '请输入数字金额，例如 128 或 128.50' };
  if (/\.\d{3,}$/.test(t)) return { fen: null, error: '金额最多两位小数（角、分）' };
  let fen: number;
  try {
    fen = yuanToFen(t);
  } catch {
    return { fen: null, error: '请输入正确的金额' };
  }
  if (fen <= 0) return { fen: null, error: '金额要大于 0' };
  if (fen > MAX_TABLE_BILL_FEN)
    return { fen: null, error: `桌边买单单笔最多 ${yuan(MAX_TABLE_BILL_FEN)}，更大的账单请到收银台结账` };
  return { fen };
}

/** The coupons for this bill: the best combination pre-selected, unusable ones greyed with the reason. */
export function CouponChoice({
  coupons,
  card,
  store,
  amountFen,
  selected,
  onSelect,
}: {
  coupons: WalletCoupon[];
  card: Pick<MemberCard, 'profile' | 'tier'>;
  store: Pick<StoreEntry, 'id'>;
  amountFen: number;
  selected: string[];
  onSelect: (codes: string[], error?: string) => void;
}) {
  const choice: Choice = useMemo(
    () => ({
      bill: {
        amountFen,
        storeId: store.id,
        at: new Date(),
        memberId: card.profile.id,
        memberTierRank: card.tier.rank,
        memberDiscountPercent: card.tier.memberPricePercentOff,
      },
      candidates: toCandidates(coupons, card.profile.id),
    }),
    [amountFen, store.id, card.profile.id, card.tier.rank, card.tier.memberPricePercentOff, coupons],
  );
  const result = useMemo(() => bestChoice(choice), [choice]);
  if (!coupons.length) return <Text className="muted">券包里暂时没有可用的券</Text>;
  return (
    <View data-testid="coupon-choice">
      {result.coupons.map((ev) => {
        const c = coupons.find((x) => x.code === ev.code)!;
        const isOn = selected.includes(ev.code);
        return (
          <CouponItem
            key={ev.code}
            name={c.name}
            rule={c.rule}
            summary={c.summary}
            muted={!ev.applicable}
            selected={isOn}
            note={
              ev.applicable
                ? isOn
                  ? `已选 · 可减 ${yuan(ev.discountFen)}`
                  : `可减 ${yuan(ev.discountFen)}`
                : `不可用：${ev.reasonText}`
            }
            onClick={() => {
              if (!ev.applicable) return onSelect(selected, ev.reasonText);
              const next = toggle(choice, selected, ev.code);
              onSelect(next.selected, next.error);
            }}
            testId={isOn ? 'choice-selected' : ev.applicable ? 'choice-applicable' : 'choice-unusable'}
          />
        );
      })}
    </View>
  );
}

/** What the result screen shows, whichever way the bill was paid. */
interface PaidBill {
  method: 'BALANCE' | 'WECHAT';
  amountFen: number;
  discountFen: number;
  payableFen: number;
  pointsEarned: number;
  balanceFen?: number;
  simulator?: string;
}

export default function PayPage() {
  const entry = useMemo(() => recallEntry(), []);
  const card = useRemote(() => api.card());
  const wallet = useRemote(() => api.coupons('available'));
  const [store, setStore] = useState<StoreEntry | null>(null);
  const [amountText, setAmountText] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [method, setMethod] = useState<'BALANCE' | 'WECHAT'>('WECHAT');
  const [paying, setPaying] = useState(false);
  const [result, setResult] = useState<PaidBill | null>(null);
  const requestId = useRef(newRequestId());

  useEffect(() => {
    if (entry.storeId) api.entry(entry.storeId, entry.tableNo).then(setStore).catch(toastError);
  }, [entry.storeId, entry.tableNo]);

  const parsed = parseAmount(amountText);
  const amountFen = parsed.fen;
  // A new amount: start again from the best combination.
  useEffect(() => {
    if (!amountFen || !store || !card.data || !wallet.data) return setSelected([]);
    const best = bestChoice({
      bill: {
        amountFen,
        storeId: store.id,
        at: new Date(),
        memberId: card.data.profile.id,
        memberTierRank: card.data.tier.rank,
        memberDiscountPercent: card.data.tier.memberPricePercentOff,
      },
      candidates: toCandidates(wallet.data, card.data.profile.id),
    });
    setSelected(best.best.couponCodes);
  }, [amountFen, store, card.data, wallet.data]);

  // The same evaluator as the server: coupons first, then the tier's member price (会员价).
  const totals =
    amountFen && store && card.data && wallet.data
      ? totalsOf(
          {
            bill: {
              amountFen,
              storeId: store.id,
              at: new Date(),
              memberId: card.data.profile.id,
              memberTierRank: card.data.tier.rank,
              memberDiscountPercent: card.data.tier.memberPricePercentOff,
            },
            candidates: toCandidates(wallet.data, card.data.profile.id),
          },
          selected,
        )
      : { couponFen: 0, memberFen: 0, payableFen: amountFen ?? 0 };
  const discountFen = totals.couponFen;
  const payableFen = amountFen ? totals.payableFen : 0;
  const balanceFen = card.data?.balanceFen ?? 0;
  const balanceEnough = balanceFen >= payableFen && payableFen > 0;

  async function pay() {
    if (!amountFen || !store || paying) return;
    setPaying(true);
    const bill = {
      requestId: requestId.current,
      storeCode: store.code,
      ...(entry.tableNo ? { tableNo: entry.tableNo } : {}),
      amountFen,
      couponCodes: selected,
    };
    try {
      if (method === 'BALANCE' || payableFen === 0) {
        const res = await api.pay({ ...bill, method: 'BALANCE' });
        setResult({ ...res, method: 'BALANCE' });
      } else {
        // Coupons are held for this payment until WeChat Pay says paid (then used) or not (then released).
        const outcome = await payWithWechat(await api.startBill(bill));
        if (outcome.kind === 'paid') {
          setResult({
            method: 'WECHAT',
            amountFen,
            discountFen: outcome.payment.discountFen ?? 0,
            payableFen: outcome.payment.amountFen,
            pointsEarned: outcome.payment.pointsEarned ?? 0,
            simulator: outcome.payment.simulator,
          });
          void askSubscriptions(['POINTS_EXPIRING', 'COUPON_EXPIRING']);
        } else {
          requestId.current = newRequestId();
          void Taro.showToast({
            title:
              outcome.kind === 'cancelled'
                ? '已取消支付，券已退回券包'
                : outcome.kind === 'pending'
                  ? '支付结果确认中，请稍后在消费记录中查看'
                  : outcome.message,
            icon: 'none',
            duration: 3000,
          });
          void wallet.reload();
        }
      }
    } catch (e) {
      toastError(e);
      requestId.current = newRequestId();
      void wallet.reload();
      void card.reload();
    } finally {
      setPaying(false);
    }
  }

  if (result)
    return (
      <View className="page">
        <View className="card pay-result" data-testid="pay-result">
          <Text className="title">支付成功</Text>
          <Text className="pay-result__amount">{yuan(result.payableFen)}</Text>
          <Text className="muted">{`消费 ${yuan(result.amountFen)}，共优惠 ${yuan(result.discountFen)}`}</Text>
          <Text className="muted">
            {result.method === 'BALANCE' ? `储值支付，余额 ${yuan(result.balanceFen ?? 0)}` : '微信支付'}
          </Text>
          {result.simulator ? <Text className="sim-label">{`${result.simulator}：未真实扣款`}</Text> : null}
          <Text
            className="pay-result__points"
            data-testid="points-earned"
          >{`获得 ${result.pointsEarned} 积分`}</Text>
          <Button className="primary-button" onClick={() => goToTab('/pages/card/index')}>
            返回会员卡
          </Button>
        </View>
      </View>
    );

  if (!entry.storeId)
    return (
      <View className="page">
        <View className="card empty">
          <Text className="title">请先扫描餐桌上的二维码</Text>
          <Text className="muted">扫码后即可在桌边买单</Text>
        </View>
      </View>
    );

  return (
    <View className="page pay-page">
      <View className="card">
        <Text className="muted">
          {store ? `${store.name}${entry.tableNo ? ` · 桌号 ${entry.tableNo}` : ''}` : '门店加载中…'}
        </Text>
        <Text className="section-title">消费金额</Text>
        <View className="amount-row">
          <Text className="amount-row__yen">¥</Text>
          <Input
            className="amount-row__input"
            type="digit"
            placeholder="请输入账单金额"
            value={amountText}
            onInput={(e) => setAmountText(e.detail.value)}
            data-testid="amount"
          />
        </View>
        {parsed.error ? (
          <Text className="error-text" data-testid="amount-error">
            {parsed.error}
          </Text>
        ) : null}
      </View>

      {amountFen && store && card.data && wallet.data ? (
        <View className="card">
          <Text className="section-title">优惠券（已为你选好最优组合）</Text>
          <CouponChoice
            coupons={wallet.data}
            card={card.data}
            store={store}
            amountFen={amountFen}
            selected={selected}
            onSelect={(codes, error) => {
              setSelected(codes);
              if (error) void Taro.showToast({ title: error, icon: 'none' });
            }}
          />
        </View>
      ) : null}

      {amountFen ? (
        <View className="card">
          <View className="sum-row">
            <Text>优惠</Text>
            <Text data-testid="discount">-{yuan(discountFen)}</Text>
          </View>
          {totals.memberFen > 0 && card.data ? (
            <View className="sum-row">
              <Text>{`会员价（${card.data.tier.name} ${zheLabel(card.data.tier.memberPricePercentOff)}）`}</Text>
              <Text data-testid="member-price">-{yuan(totals.memberFen)}</Text>
            </View>
          ) : null}
          <View className="sum-row sum-row--total">
            <Text>应付</Text>
            <Text data-testid="payable">{yuan(payableFen)}</Text>
          </View>
          <View className="methods">
            <View
              className={`method ${method === 'BALANCE' ? 'method--on' : ''} ${balanceEnough ? '' : 'method--off'}`}
              onClick={() => balanceEnough && setMethod('BALANCE')}
              data-testid="method-balance"
            >
              <Text>{`储值余额支付（余额 ${yuan(balanceFen)}）`}</Text>
              {!balanceEnough ? <Text className="muted">余额不足</Text> : null}
            </View>
            <View
              className={`method ${method === 'WECHAT' ? 'method--on' : ''}`}
              onClick={() => setMethod('WECHAT')}
              data-testid="method-wechat"
            >
              <Text>微信支付</Text>
            </View>
          </View>
          <Button
            className="primary-button"
            loading={paying}
            disabled={!store || payableFen < 0}
            onClick={() => void pay()}
            data-testid="pay"
          >
            {`确认支付 ${yuan(payableFen)}`}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
