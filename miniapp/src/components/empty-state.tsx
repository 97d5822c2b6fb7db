import { Text, View } from '@tarojs/components';

export function EmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <View className="empty" data-testid="empty">
      <Text className="empty__title">{title}</Text>
      {hint ? <Text className="muted">{hint}</Text> : null}
    </View>
  );
}
