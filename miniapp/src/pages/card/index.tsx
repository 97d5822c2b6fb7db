import { useCallback, useEffect, useRef, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { openPage } from '@/lib/nav';
import { ACTION_ICONS } from '@/components/action-icons';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { CodeView } from '@/components/code-view';
import { api } from '@/lib/api';
import { yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';
import type { MemberCard, MemberCode } from '@/lib/types';
import './index.scss';

const go = (url: string) => () => openPage(url);

/** Progress to the next tier: 0..1 and the sentence under the bar. */
export function tierProgress(
  card: Pick<MemberCard, 'growthFen' | 'nextTier' | 'tier' | 'tierWindowMonths'>,
): {
  ratio: number;
  text: string;
} {
  if (!card.nextTier) return { ratio: 1, text: `已是最高等级「${card.tier.name}」` };
  const need = Math.max(0, card.nextTier.thresholdFen - card.growthFen);
  const ratio = Math.min(1, card.growthFen / Math.max(1, card.nextTier.thresholdFen));
  return {
    ratio,
    text: `近 ${card.tierWindowMonths} 个月消费 ${yuan(card.growthFen)}，再消费 ${yuan(need)} 升级「${card.nextTier.name}」`,
  };
}

/** The rotating member code: refreshed when it expires, and whenever the page is shown again. */
export function useMemberCode(): { code: MemberCode | undefined; refresh: () => void } {
  const [code, setCode] = useState<MemberCode>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    api
      .code()
      .then((c) => {
        setCode(c);
        timer.current = setTimeout(refresh, Math.max(1, c.expiresInSeconds) * 1000);
      })
      .catch(() => {
        timer.current = setTimeout(refresh, 5000);
      });
  }, []);
  useEffect(() => {
    refresh();
    return () => clearTimeout(timer.current);
  }, [refresh]);
  useDidShow(refresh);
  useDidHide(() => clearTimeout(timer.current));
  return { code, refresh };
}

function useBrightScreen() {
  useDidShow(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    Taro.setScreenBrightness({ value: 1 }).catch(() => undefined);
  });
}

export function MemberCardView({ card, code }: { card: MemberCard; code?: MemberCode }) {
  const progress = tierProgress(card);
  return (
    <View>
      <View className={`member-card member-card--${card.tier.code.toLowerCase()}`} data-testid="member-card">
        <View className="member-card__top">
          <Text className="member-card__chain">{card.chainName}</Text>
          <Text className="member-card__tier" data-testid="tier">
            {card.tier.name}
          </Text>
        </View>
        <Text className="member-card__name">
          {card.profile.name ?? '会员'} · {card.profile.phone ?? '未绑定手机'}
        </Text>
        <View className="member-card__stats">
          <View className="stat">
            <Text className="stat__value" data-testid="points">
              {card.profile.pointsBalance}
            </Text>
            <Text className="stat__label">积分</Text>
          </View>
          <View className="stat">
            <Text className="stat__value" data-testid="balance">
              {yuan(card.balanceFen)}
            </Text>
            <Text className="stat__label">储值余额</Text>
          </View>
          <View className="stat">
            <Text className="stat__value">{card.availableCoupons}</Text>
            <Text className="stat__label">
              {card.expiringSoon ? `张券 · ${card.expiringSoon} 张快到期` : '张券'}
            </Text>
          </View>
        </View>
        <View className="progress">
          <View className="progress__bar" style={{ width: `${Math.round(progress.ratio * 100)}%` }} />
        </View>
        <Text className="member-card__progress" data-testid="tier-progress">
          {progress.text}
        </Text>
      </View>

      <View className="card code-card">
        <Text className="section-title">会员码</Text>
        {code ? (
          <CodeView
            code={code.code}
            hint={`结账时出示给收银员扫描 · 每 ${code.stepSeconds} 秒自动刷新，截图无效`}
          />
        ) : (
          <Text className="muted">会员码加载中…</Text>
        )}
      </View>

      {card.tier.benefits.length ? (
        <View className="card">
          <Text className="section-title">{card.tier.name}权益</Text>
          {card.tier.benefits.map((b) => (
            <Text key={b} className="benefit">
              · {b}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

export default function CardPage() {
  const { data: card, error, reload } = useRemote(() => api.card());
  const { code } = useMemberCode();
  useBrightScreen();
  useDidShow(() => void reload());

  if (error && !card)
    return (
      <View className="page">
        <View className="card empty">
          <Text className="title">会员卡暂时打不开</Text>
          <Text className="muted">{error.message}</Text>
        </View>
      </View>
    );
  if (!card)
    return (
      <View className="page">
        <Text className="muted">加载中…</Text>
      </View>
    );
  return (
    <View className="page card-page">
      <MemberCardView card={card} code={code} />
      <View className="actions">
        <View className="action" onClick={go('/pages/pay/index')} data-testid="go-pay">
          <Image className="action__icon" src={ACTION_ICONS.pay} />
          <Text>桌边买单</Text>
        </View>
        <View className="action" onClick={go('/pages/claim/index')} data-testid="go-claim">
          <Image className="action__icon" src={ACTION_ICONS.claim} />
          <Text>领券中心</Text>
        </View>
        <View className="action" onClick={go('/subpackages/points/exchange/index')} data-testid="go-exchange">
          <Image className="action__icon" src={ACTION_ICONS.points} />
          <Text>积分兑换</Text>
        </View>
        <View className="action" onClick={go('/subpackages/points/history/index')} data-testid="go-points">
          <Image className="action__icon" src={ACTION_ICONS.history} />
          <Text>积分明细</Text>
        </View>
      </View>
      <View
        className="link-row link-row--stacked"
        onClick={go('/subpackages/wallet/topup/index')}
        data-testid="go-topup"
      >
        <Text>储值充值</Text>
        <Text className="link">充值有礼 ›</Text>
      </View>
      <View
        className="link-row link-row--stacked"
        onClick={go('/subpackages/wallet/packs/index')}
        data-testid="go-packs"
      >
        <Text>超值券包</Text>
        <Text className="link">团购代金券 ›</Text>
      </View>
    </View>
  );
}
