import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ConsentRow } from '@/components/consent-row';
import Taro from '@tarojs/taro';
import { api, toastError } from '@/lib/api';
import { clearToken } from '@/lib/token';
import { yuan } from '@/lib/format';
import { useRemote } from '@/lib/use-remote';

/** 注销: what will be lost (and a remaining balance) explained before the diner confirms. */
export default function DeletePage() {
  const { data, error } = useRemote(() => api.deletionPreview());
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirmDelete() {
    if (!data || !understood || busy) return;
    const { confirm } = await Taro.showModal({
      title: '确认注销',
      content:
        data.balanceFen > 0
          ? `储值余额 ${yuan(data.balanceFen)} 将无法在小程序中使用，确定注销吗？`
          : '注销后无法恢复，确定注销吗？',
      confirmText: '注销',
      confirmColor: '#d4380d',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await api.deleteAccount(data.balanceFen > 0 ? data.balanceFen : undefined);
      clearToken();
      await Taro.showToast({ title: '已注销', icon: 'none' });
      void Taro.reLaunch({ url: '/pages/index/index' });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {data ? (
        <View className="card">
          <Text className="title">注销会员</Text>
          {data.notices.map((n) => (
            <Text key={n} className="notice" data-testid="deletion-notice">
              {n}
            </Text>
          ))}
          <ConsentRow checked={understood} onChange={setUnderstood} tone="danger" testId="deletion-ack">
            我已阅读并了解以上说明
          </ConsentRow>
          <Button
            className="danger-button"
            disabled={!understood}
            loading={busy}
            onClick={() => void confirmDelete()}
          >
            确认注销
          </Button>
        </View>
      ) : null}
    </View>
  );
}
