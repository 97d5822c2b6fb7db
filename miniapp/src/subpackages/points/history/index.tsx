import { Text, View } from '@tarojs/components';
import { EmptyState } from '@/components/empty-state';
import { api } from '@/lib/api';
import { dateCn, dayTime } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';

export default function PointsHistoryPage() {
  const { data, error } = useRemote(() => api.points());
  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {data && !data.length ? (
        <EmptyState title="暂无积分记录" hint="每次消费后，积分的获得与使用会记录在这里" />
      ) : null}
      {data?.length ? (
        <View className="nav-list">
          {data.map((p) => (
            <View key={p.id} className="ledger-row" data-testid="points-row">
              <View>
                <Text className="ledger-row__title">{p.title}</Text>
                <Text className="muted">
                  {p.storeName ? `${p.storeName} · ` : ''}
                  {dayTime(p.createdAt)}
                  {p.expiresAt && p.points > 0
                    ? ` · ${dateCn(new Date(new Date(p.expiresAt).getTime() - 1).toISOString())}到期`
                    : ''}
                </Text>
              </View>
              <Text className={p.points >= 0 ? 'plus' : 'minus'}>
                {p.points >= 0 ? `+${p.points}` : p.points}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
