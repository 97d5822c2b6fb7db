import { Switch, Text, View } from '@tarojs/components';
import { openPage } from '@/lib/nav';
import Taro from '@tarojs/taro';
import { api, toastError } from '@/lib/api';
import { useRemote } from '@/lib/use-remote';

const LINKS = [
  { label: '个人资料', url: '/subpackages/account/profile/index' },
  { label: '消费记录', url: '/subpackages/account/visits/index' },
  { label: '储值明细', url: '/subpackages/account/ledger/index' },
  { label: '积分明细', url: '/subpackages/points/history/index' },
  { label: '积分兑换', url: '/subpackages/points/exchange/index' },
  { label: '会员服务协议与隐私政策', url: '/subpackages/account/privacy/index' },
  { label: '注销会员', url: '/subpackages/account/delete/index' },
];

export default function MePage() {
  const { data: me, error, reload } = useRemote(() => api.me());

  async function setConsent(field: 'consentSms' | 'consentWechat', value: boolean) {
    try {
      await api.updateProfile({ [field]: value });
      void Taro.showToast({ title: value ? '已开启' : '已关闭', icon: 'none' });
    } catch (e) {
      toastError(e);
    }
    await reload();
  }

  return (
    <View className="page">
      {error ? <Text className="error-text">{error.message}</Text> : null}
      {me ? (
        <View className="card">
          <Text className="title">{me.name ?? '会员'}</Text>
          <Text className="muted">{`${me.tierName} · ${me.phone ?? '未绑定手机'}`}</Text>
          <Text className="muted">{me.birthday ? `生日 ${me.birthday}` : '未填写生日'}</Text>
        </View>
      ) : null}
      {me ? (
        <View className="card">
          <Text className="section-title">消息订阅</Text>
          <View className="switch-row">
            <Text>优惠活动短信</Text>
            <Switch
              checked={me.consentSms}
              color="#c8502d"
              onChange={(e) => void setConsent('consentSms', e.detail.value)}
            />
          </View>
          <View className="switch-row">
            <Text>微信服务消息</Text>
            <Switch
              checked={me.consentWechat}
              color="#c8502d"
              onChange={(e) => void setConsent('consentWechat', e.detail.value)}
            />
          </View>
          <Text className="muted">交易通知（支付、积分变动）不受此设置影响</Text>
        </View>
      ) : null}
      <View className="nav-list">
        {LINKS.map((link) => (
          <View key={link.url} className="nav-item" onClick={() => openPage(link.url)}>
            <Text>{link.label}</Text>
            <Text className="muted-inline">›</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
