import { useEffect, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { configureApiClient } from '../api/client';
import { AuthProvider } from '../auth/auth-context';

dayjs.locale('zh-cn');

/** Volcano-7: a warm restaurant orange that keeps white button text readable (contrast ≥ 4.5). */
const BRAND_COLOR = '#d4380d';

export interface AppProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
  /** Skip antd's runtime CSS-in-JS (jsdom tests; styles are irrelevant there and slow). */
  zeroRuntime?: boolean;
}

/** Routes API errors to antd's context-aware `message` instead of the static one. */
function ApiFeedbackBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    configureApiClient({ notifyError: (text) => void message.error(text) });
  }, [message]);
  return null;
}

export function AppProviders({ queryClient, children, zeroRuntime = false }: AppProvidersProps) {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: BRAND_COLOR }, zeroRuntime }}>
      <AntApp>
        <ApiFeedbackBridge />
        <QueryClientProvider client={queryClient}>
          <AuthProvider>{children}</AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
