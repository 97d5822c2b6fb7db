import { useEffect, useMemo, useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import { ConsentRow } from '@/components/consent-row';
import Taro, { useRouter } from '@tarojs/taro';
import { api, RequestError, toastError } from '@/lib/api';
import { goToTab } from '@/lib/nav';
import { parseEntry, welcomeLine } from '@/lib/entry';
import { recallEntry, rememberEntry } from '@/lib/entry-storage';
import {
  chooseSimulatedDiner,
  isSimulated,
  resumeSession,
  signIn,
  simulatedDiner,
  simulatedPhone,
  simulatedPhoneCode,
} from '@/lib/session';
import { maskPhone } from '@tableside/shared';
import { getToken, setToken } from '@/lib/token';
import type { StoreEntry } from '@/lib/types';

import './index.scss';

/**
 * Entry (the table QR code lands here) and joining in one tap: the phone-number button both signs
 * in with WeChat and authorises the phone; marketing consent is a separate, unticked choice.
 */
export default function IndexPage() {
  const router = useRouter();
  const scanned = useMemo(() => parseEntry(router.params), [router.params]);
  // Without a code in the URL (reopened from history, back navigation), use the last scan.
  const [remembered] = useState(() => (scanned.storeId ? {} : recallEntry()));
  const entry = scanned.storeId ? scanned : remembered;
  const [store, setStore] = useState<StoreEntry | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [birthday, setBirthday] = useState('');
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    if (scanned.storeId) rememberEntry(scanned);
  }, [scanned]);
  // h5 demo only: `?diner=<name>` picks which simulated diner the simulator signs in.
  useState(() => isSimulated() && chooseSimulatedDiner(router.params.diner));

  useEffect(() => {
    if (!entry.storeId) return;
    api
      .entry(entry.storeId, entry.tableNo)
      .then(setStore)
      .catch((e: unknown) => setStoreError(e instanceof RequestError ? e.message : '门店信息暂时无法加载'));
  }, [entry.storeId, entry.tableNo]);

  // Already a member — on this phone, or on a new one (WeChat recognises the account): straight
  // to the card. "一键成为会员" is only for diners who have not joined.
  useEffect(() => {
    const toCard = () => goToTab('/pages/card/index');
    const resume = () =>
      resumeSession()
        .then((res) => (res ? toCard() : setChecking(false)))
        .catch(() => setChecking(false));
    if (!getToken()) {
      void resume();
      return;
    }
    api
      .me()
      .then((me) => (me.phone ? toCard() : resume()))
      .catch(() => resume());
  }, []);

  async function join(phoneCode: string | undefined) {
    if (busy) return;
    setBusy(true);
    try {
      await signIn(entry.storeId);
      const res = await api.join({ phoneCode, consentMarketing: consent, ...(birthday ? { birthday } : {}) });
      setToken(res.accessToken);
      await Taro.showToast({
        title: res.welcomeGift ? `入会成功，已送你「${res.welcomeGift}」` : '入会成功',
        icon: 'none',
        duration: 2000,
      });
      goToTab('/pages/card/index');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  }

  const onPhoneNumber = (e: { detail: { code?: string; errMsg?: string } }) => {
    if (!e.detail.code) {
      void Taro.showToast({ title: '需要授权手机号才能入会，可随时在“我的”中注销', icon: 'none' });
      return;
    }
    void join(e.detail.code);
  };

  const tableLine = entry.tableNo ? `桌号 ${entry.tableNo}` : '';
  return (
    <View className="page index-page">
      <View className="card">
        <Text className="title" data-testid="welcome">
          {welcomeLine(entry, store?.name)}
        </Text>
        {store?.address ? <Text className="muted">{store.address}</Text> : null}
        {storeError ? <Text className="error-text">{storeError}</Text> : null}
        {!entry.storeId ? <Text className="muted">请扫描餐桌上的二维码进入门店</Text> : null}
        {tableLine && store ? <Text className="muted">{`本次就餐：${store.name} ${tableLine}`}</Text> : null}
      </View>

      {checking ? null : (
        <View className="card">
          <Text className="section-title">一键成为会员</Text>
          <Text className="muted">新人礼券、消费积分、会员价，下次到店直接出示会员码</Text>
          <Picker
            mode="date"
            value={birthday || '1995-01-01'}
            end="2020-12-31"
            onChange={(e) => setBirthday(e.detail.value)}
          >
            <View className="form-row">
              <Text>生日（选填，生日当月有礼）</Text>
              <Text className="muted-inline">{birthday || '请选择'}</Text>
            </View>
          </Picker>
          <ConsentRow checked={consent} onChange={setConsent} testId="consent">
            我愿意接收优惠活动短信和微信消息（可随时关闭）
          </ConsentRow>
          {isSimulated() ? (
            <Button
              className="primary-button"
              loading={busy}
              onClick={() => void join(simulatedPhoneCode())}
              data-testid="join"
            >
              模拟器：以演示手机号入会
            </Button>
          ) : (
            <Button
              className="primary-button"
              loading={busy}
              openType="getPhoneNumber"
              onGetPhoneNumber={onPhoneNumber}
            >
              手机号快捷入会
            </Button>
          )}
          {isSimulated() ? (
            <Text className="sim-label">
              {`H5 演示环境：微信登录与手机号授权由模拟器代替（模拟手机号 ${maskPhone(simulatedPhone(simulatedDiner()))}）`}
            </Text>
          ) : null}
          <Text
            className="legal"
            onClick={() => void Taro.navigateTo({ url: '/subpackages/account/privacy/index' })}
          >
            入会即表示同意《会员服务协议与隐私政策》
          </Text>
        </View>
      )}
    </View>
  );
}
