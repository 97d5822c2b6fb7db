import Taro from '@tarojs/taro';

/** The tab-bar pages (app.config.ts): WeChat only reaches them with switchTab, never navigateTo. */
export const TAB_PAGES = ['/pages/card/index', '/pages/wallet/index', '/pages/me/index'] as const;

const isTab = (url: string) => (TAB_PAGES as readonly string[]).includes(url.split('?')[0]);

/** Opens a page the way its kind needs: tab pages by switchTab, the others on the stack. */
export function openPage(url: string): void {
  if (isTab(url)) void Taro.switchTab({ url: url.split('?')[0] });
  else void Taro.navigateTo({ url });
}

/** Leaves the current page for a tab page (after joining, after paying). */
export function goToTab(url: (typeof TAB_PAGES)[number]): void {
  void Taro.switchTab({ url });
}
