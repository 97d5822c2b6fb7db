/**
 * `@tarojs/taro` for jest: the real h5 API implementation (@tarojs/taro-h5: storage, toast,
 * request…) plus the React hooks, which in a Taro build come from the framework plugin's runtime
 * and need a mounted Taro app. Here `useRouter` reads `Current.router`, which tests set with
 * `setRouterParams`; lifecycle hooks are inert.
 */
import { useMemo } from 'react';
import { Current } from '@tarojs/runtime';
import * as h5 from '@tarojs/taro-h5';

export * from '@tarojs/taro-h5';

type RouterInfo = NonNullable<typeof Current.router>;

export function setRouterParams(params: Record<string, string>, path = '/pages/index/index'): void {
  Current.router = { params, path, onReady: '', onHide: '', onShow: '' } as RouterInfo;
}

export function useRouter(): RouterInfo {
  return useMemo(() => Current.router ?? ({ params: {}, path: '' } as unknown as RouterInfo), []);
}

const inert = (): void => undefined;
export const useLaunch = inert;
export const useLoad = inert;
export const useReady = inert;
export const useDidShow = inert;
export const useDidHide = inert;
export const useUnload = inert;
export const usePullDownRefresh = inert;
export const useReachBottom = inert;
export const useShareAppMessage = inert;

/** Page navigations requested by the code under test (there is no router in jsdom). */
export const navigations: string[] = [];
const navigate = (opts: { url: string }) => {
  navigations.push(opts.url);
  return Promise.resolve({ errMsg: 'ok' });
};
export const navigateTo = navigate;
export const redirectTo = navigate;
export const reLaunch = navigate;
export const switchTab = navigate;

// In a build, babel-plugin-transform-taroapi turns `Taro.getStorageSync` into a named import;
// taro-h5's default export alone lacks most APIs, so the default here merges both.
const { default: taroBase, ...namedApis } = h5;
const Taro = Object.assign({}, taroBase, namedApis, {
  navigateTo,
  redirectTo,
  reLaunch,
  switchTab,
  useRouter,
  useLaunch,
  useLoad,
  useReady,
  useDidShow,
  useDidHide,
  useUnload,
  usePullDownRefresh,
  useReachBottom,
  useShareAppMessage,
});
export default Taro;
