import { Text, View } from '@tarojs/components';
import { apiBaseUrl } from '@/lib/api-config';

export default function MePage() {
  return (
    <View className="page">
      <View className="card">
        <Text className="title">我的</Text>
        <Text className="muted">手机号、生日与消息订阅设置将在这里管理</Text>
      </View>
      <Text className="muted">服务地址 {apiBaseUrl()}</Text>
    </View>
  );
}
