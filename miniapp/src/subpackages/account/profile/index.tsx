import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api, toastError } from '@/lib/api';
import { useRemote } from '@/lib/use-remote';

const GENDERS = [
  { value: 'U', label: '不透露' },
  { value: 'F', label: '女' },
  { value: 'M', label: '男' },
] as const;

export default function ProfilePage() {
  const { data: me } = useRemote(() => api.me());
  const [name, setName] = useState('');
  const [birthday, setBirthday] = useState('');
  const [gender, setGender] = useState<'M' | 'F' | 'U'>('U');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!me) return;
    setName(me.name ?? '');
    setBirthday(me.birthday ?? '');
  }, [me]);

  async function save() {
    const trimmed = name.trim();
    if (trimmed.length > 32) return void Taro.showToast({ title: '昵称最多 32 个字', icon: 'none' });
    setSaving(true);
    try {
      await api.updateProfile({
        ...(trimmed ? { name: trimmed } : {}),
        ...(birthday ? { birthday } : {}),
        gender,
      });
      await Taro.showToast({ title: '已保存', icon: 'none' });
      void Taro.navigateBack();
    } catch (e) {
      toastError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="page">
      <View className="card">
        <View className="form-row">
          <Text>昵称</Text>
          <Input
            value={name}
            placeholder="怎么称呼你"
            maxlength={32}
            onInput={(e) => setName(e.detail.value)}
          />
        </View>
        <Picker
          mode="date"
          value={birthday || '1995-01-01'}
          end="2020-12-31"
          onChange={(e) => setBirthday(e.detail.value)}
        >
          <View className="form-row">
            <Text>生日</Text>
            <Text className="muted-inline">{birthday || '请选择（生日当月有礼）'}</Text>
          </View>
        </Picker>
        <Picker
          mode="selector"
          range={GENDERS.map((g) => g.label)}
          onChange={(e) => setGender(GENDERS[Number(e.detail.value)].value)}
        >
          <View className="form-row">
            <Text>性别</Text>
            <Text className="muted-inline">{GENDERS.find((g) => g.value === gender)?.label}</Text>
          </View>
        </Picker>
        <Text className="muted">手机号来自微信授权，如需更换请注销后用新手机号重新入会</Text>
        <Button className="primary-button" loading={saving} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}
