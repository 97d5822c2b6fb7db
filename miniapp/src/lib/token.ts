import Taro from '@tarojs/taro';

const KEY = 'tableside.token';

export function getToken(): string | null {
  try {
    const v = Taro.getStorageSync(KEY) as string | '';
    return v || null;
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(KEY, token);
}

export function clearToken(): void {
  try {
    Taro.removeStorageSync(KEY);
  } catch {
    /* nothing stored */
  }
}
