import { Text, View } from '@tarojs/components';
import { EmptyState } from '@/components/empty-state';
import { api } from '@/lib/api';
import { dayTime, yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';

export default function LedgerPage() {
  const { data, error } = useRemote(() => api.walletLedger());
  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {data && !data.length ? (
        <EmptyState title="暂无储值记录" hint="在门店充值后，充值与消费明细会显示在这里" />
      ) : null}
      {data?.length ? (
        <View className="nav-list">
          {data.map((w) => (
            <View key={w.id} className="ledger-row">
              <View>
                <Text className="ledger-row__title">{w.reason}</Text>
                <Text className="muted">{`${dayTime(w.createdAt)} · 余额 ${yuan(w.balanceAfterFen)}`}</Text>
              </View>
              <Text className={w.amountFen >= 0 ? 'plus' : 'minus'}>
                {w.amountFen >= 0 ? `+${yuan(w.amountFen)}` : yuan(w.amountFen)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
