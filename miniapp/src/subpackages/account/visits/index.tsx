import { Text, View } from '@tarojs/components';
import { EmptyState } from '@/components/empty-state';
import { api } from '@/lib/api';
import { dayTime, yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';

export default function VisitsPage() {
  const { data, error } = useRemote(() => api.visits());
  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {data && !data.length ? (
        <EmptyState title="还没有消费记录" hint="到店消费出示会员码，记录会出现在这里" />
      ) : null}
      {data?.length ? (
        <View className="nav-list">
          {data.map((v) => (
            <View key={v.id} className="ledger-row">
              <View>
                <Text className="ledger-row__title">{v.storeName}</Text>
                <Text className="muted">{`${dayTime(v.occurredAt)}${v.discountFen ? ` · 优惠 ${yuan(v.discountFen)}` : ''}${v.pointsEarned ? ` · +${v.pointsEarned} 积分` : ''}`}</Text>
              </View>
              <Text className={v.status === 'VOID' ? 'muted-inline' : ''}>
                {v.status === 'VOID' ? '已撤销' : yuan(v.paidFen)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
