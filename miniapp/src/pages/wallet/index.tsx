import { Text, View } from '@tarojs/components';

export default function WalletPage() {
  // Coupons will come from the API client; until then the wallet is always empty.
  const coupons: readonly { code: string; title: string }[] = [];

  return (
    <View className="page">
      {coupons.length === 0 ? (
        <View className="card empty">
          <Text className="title">暂无可用优惠券</Text>
          <Text className="muted">入会或参与门店活动即可领取</Text>
        </View>
      ) : (
        coupons.map((coupon) => (
          <View key={coupon.code} className="card">
            <Text className="title">{coupon.title}</Text>
          </View>
        ))
      )}
    </View>
  );
}
