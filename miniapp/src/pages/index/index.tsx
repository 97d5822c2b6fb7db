import { useEffect, useMemo, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { parseEntry, welcomeLine } from '@/lib/entry';
import { recallEntry, rememberEntry } from '@/lib/entry-storage';

import './index.scss';

const LINKS = [
  { label: '会员卡', url: '/pages/card/index' },
  { label: '我的券包', url: '/pages/wallet/index' },
  { label: '积分明细', url: '/subpackages/points/history/index' },
  { label: '我的', url: '/pages/me/index' },
];

export default function IndexPage() {
  const router = useRouter();
  const scanned = useMemo(() => parseEntry(router.params), [router.params]);
  // Without a code in the URL (reopened from history, back navigation), use the last scan.
  const [remembered] = useState(() => (scanned.storeId ? {} : recallEntry()));
  const entry = scanned.storeId ? scanned : remembered;

  useEffect(() => {
    if (scanned.storeId) rememberEntry(scanned);
  }, [scanned]);

  const onJoin = () => {
    void Taro.showToast({ title: '入会功能即将开放', icon: 'none' });
  };

  return (
    <View className="page index-page">
      <View className="card">
        <Text className="title" data-testid="welcome">
          {welcomeLine(entry)}
        </Text>
        <Text className="muted">
          {entry.storeId ? '注册会员即可领取新人券，消费累计积分' : '请扫描餐桌上的二维码进入门店'}
        </Text>
        <Button className="primary-button" onClick={onJoin}>
          一键入会
        </Button>
      </View>
      <View className="nav-list">
        {LINKS.map((link) => (
          <View key={link.url} className="nav-item" onClick={() => void Taro.navigateTo({ url: link.url })}>
            <Text>{link.label}</Text>
            <Text className="muted">›</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
