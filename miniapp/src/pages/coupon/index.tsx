import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CodeView } from '@/components/code-view';
import { CouponItem } from '@/components/coupon-item';
import { api } from '@/lib/api';
import { validityRange } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';

export default function CouponPage() {
  const { params } = useRouter();
  const code = params.code ?? '';
  const { data: c, error } = useRemote(() => api.coupon(code), [code]);
  if (error)
    return (
      <View className="page">
        <Text className="error-text">{error.message}</Text>
      </View>
    );
  if (!c)
    return (
      <View className="page">
        <Text className="muted">加载中…</Text>
      </View>
    );
  const usable = c.status === 'AVAILABLE';
  return (
    <View className="page">
      <CouponItem
        name={c.name}
        rule={c.rule}
        summary={c.summary}
        storeNames={c.storeNames}
        badge={c.expiringSoon ? '即将过期' : undefined}
      />
      <View className="card">
        {usable ? (
          <CodeView code={c.code} hint="结账时请出示此券码，由收银员扫描核销" />
        ) : (
          <Text className="muted">{c.status === 'USED' ? '这张券已使用' : '这张券已失效'}</Text>
        )}
      </View>
      <View className="card">
        <Text className="section-title">使用说明</Text>
        <Text className="muted">{c.summary}</Text>
        <Text className="muted">{`有效期 ${validityRange(c.validFrom, c.validTo)}`}</Text>
        <Text className="muted">
          {c.storeNames.length ? `适用门店：${c.storeNames.join('、')}` : '全部门店通用'}
        </Text>
        {c.description ? <Text className="muted">{c.description}</Text> : null}
      </View>
    </View>
  );
}
