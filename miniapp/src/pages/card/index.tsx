import { Text, View } from '@tarojs/components';

export default function CardPage() {
  return (
    <View className="page">
      <View className="card">
        <Text className="title">会员卡</Text>
        <Text className="muted">入会后在这里出示会员码、查看等级与积分</Text>
      </View>
    </View>
  );
}
