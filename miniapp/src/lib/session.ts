/**
 * Signing in: `Taro.login` gives a one-time code that the server trades for the openid
 * (code2session). In h5 there is no WeChat: `Taro.login` resolves with an `errMsg` and no `code`,
 * so the labelled simulator signs in a demo diner instead — the seeded one (phone 138****8000) by
 * default, or another simulated diner picked with `?diner=<name>` on the h5 link.
 */
import Taro from '@tarojs/taro';
import { api } from './api';
import { setToken } from './token';
import type { LoginResponse } from './types';

export const DEMO_DINER = 'demo';
export const DEMO_PHONE = '13800138000';
const SIM_KEY = 'tableside.sim-diner';

export function isSimulated(): boolean {
  return process.env.TARO_ENV !== 'weapp';
}

/** A simulated diner's phone: the seeded demo diner's, or 139 + 8 digits derived from the name. */
export function simulatedPhone(name: string): string {
  if (name === DEMO_DINER) return DEMO_PHONE;
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `139${String(h % 100_000_000).padStart(8, '0')}`;
}

export function chooseSimulatedDiner(name: string | undefined): void {
  if (name && /^[A-Za-z0-9_-]{1,40}$/.test(name)) Taro.setStorageSync(SIM_KEY, name);
}

export function simulatedDiner(): string {
  try {
    return (Taro.getStorageSync(SIM_KEY) as string) || DEMO_DINER;
  } catch {
    return DEMO_DINER;
  }
}

async function wechatCode(): Promise<string | null> {
  try {
    const res = (await Taro.login()) as { code?: string; errMsg?: string };
    return res.code ? res.code : null;
  } catch {
    return null;
  }
}

export async function signIn(storeCode?: string): Promise<LoginResponse> {
  const code = (await wechatCode()) ?? `sim-${simulatedDiner()}`;
  const res = await api.login(code, storeCode);
  setToken(res.accessToken);
  return res;
}

/** The phone-authorisation code the simulator stands in for. */
export function simulatedPhoneCode(): string {
  return `sim-phone-${simulatedPhone(simulatedDiner())}`;
}

/**
 * Opening the mini-program on any device: if this WeChat account is already a member, resume their
 * session (nothing is created); null when they have not joined yet.
 */
export async function resumeSession(): Promise<LoginResponse | null> {
  const code = (await wechatCode()) ?? `sim-${simulatedDiner()}`;
  try {
    const res = await api.resume(code);
    setToken(res.accessToken);
    return res;
  } catch (e) {
    if ((e as { code?: string }).code === 'MEMBER_NOT_REGISTERED') return null;
    throw e;
  }
}
