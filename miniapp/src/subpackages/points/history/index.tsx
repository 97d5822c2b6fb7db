import { Text, View } from '@tarojs/components';

export default function PointsHistoryPage() {
  return (
    <View className="page">
      <View className="card empty">
        <Text className="title">暂无积分记录</Text>
        <Text className="muted">每次消费后，积分的获得与使用会记录在这里</Text>
      </View>
    </View>
  );
}
