/**
 * The member API over Taro.request (wx.request in weapp, fetch in h5). Every failure becomes an
 * ApiError with the server's stable code and Chinese message, or a network message of our own.
 */
import Taro from '@tarojs/taro';
import { apiBaseUrl } from './api-config';
import { getToken, clearToken } from './token';
import type {
  ApiError,
  DeletionPreview,
  JoinResponse,
  LoginResponse,
  MemberCard,
  MemberCode,
  MemberProfile,
  Offer,
  PayResponse,
  Payment,
  PaymentStart,
  CouponPack,
  SubscribeKind,
  TopupPackage,
  PointsEntry,
  StoreEntry,
  VisitRow,
  WalletCoupon,
  WalletEntry,
  WalletTab,
} from './types';

export class RequestError extends Error implements ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<T> {
  const token = getToken();
  let res: Taro.request.SuccessCallbackResult<Record<string, unknown>>;
  try {
    res = await Taro.request({
      url: `${apiBaseUrl()}/member${path}`,
      method: method as 'GET',
      data: data as Record<string, unknown> | undefined,
      header: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      timeout: 15000,
    });
  } catch {
    throw new RequestError(0, 'NETWORK', '网络不太稳定，请稍后重试');
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  const body = (res.data ?? {}) as { code?: string; message?: string };
  if (res.statusCode === 401) clearToken();
  throw new RequestError(
    res.statusCode,
    body.code ?? 'HTTP_ERROR',
    body.message ?? '服务暂时不可用，请稍后重试',
  );
}

/** A fresh id for a write that must apply once however often it is retried or tapped. */
export function newRequestId(): string {
  const rnd = Math.random().toString(36).slice(2, 12);
  return `mp-${Date.now().toString(36)}-${rnd}`;
}

export const api = {
  entry: (store: string, table?: string) =>
    request<StoreEntry>(
      'GET',
      `/entry?store=${encodeURIComponent(store)}${table ? `&table=${encodeURIComponent(table)}` : ''}`,
    ),
  login: (code: string, storeCode?: string) =>
    request<LoginResponse>('POST', '/auth/login', { code, ...(storeCode ? { storeCode } : {}) }),
  resume: (code: string) => request<LoginResponse>('POST', '/auth/resume', { code }),
  join: (body: { phoneCode?: string; consentMarketing: boolean; birthday?: string }) =>
    request<JoinResponse>('POST', '/join', body),
  me: () => request<MemberProfile>('GET', '/me'),
  card: () => request<MemberCard>('GET', '/card'),
  code: () => request<MemberCode>('GET', '/code'),
  coupons: (status: WalletTab) => request<WalletCoupon[]>('GET', `/coupons?status=${status}`),
  coupon: (code: string) => request<WalletCoupon>('GET', `/coupons/${encodeURIComponent(code)}`),
  claimCenter: () => request<Offer[]>('GET', '/claim-center'),
  claim: (templateId: string, requestId: string) =>
    request<{ code: string; name: string }>('POST', '/coupons/claim', { templateId, requestId }),
  points: () => request<PointsEntry[]>('GET', '/points'),
  exchangeOffers: () => request<Offer[]>('GET', '/points/exchange'),
  exchange: (templateId: string, requestId: string) =>
    request<{ code: string; name: string; pointsSpent: number; pointsBalance: number }>(
      'POST',
      '/points/exchange',
      {
        templateId,
        requestId,
      },
    ),
  pay: (body: {
    requestId: string;
    storeCode: string;
    tableNo?: string;
    amountFen: number;
    couponCodes: string[];
    method: 'BALANCE';
  }) => request<PayResponse>('POST', '/pay', body),
  topupPackages: () => request<TopupPackage[]>('GET', '/topup-packages'),
  couponPacks: () => request<CouponPack[]>('GET', '/coupon-packs'),
  startTopup: (packageId: string, requestId: string) =>
    request<PaymentStart>('POST', '/payments/topup', { packageId, requestId }),
  startBill: (body: {
    requestId: string;
    storeCode: string;
    tableNo?: string;
    amountFen: number;
    couponCodes: string[];
  }) => request<PaymentStart>('POST', '/payments/bill', body),
  startPack: (packId: string, requestId: string) =>
    request<PaymentStart>('POST', '/payments/pack', { packId, requestId }),
  payments: (kind?: Payment['kind']) => request<Payment[]>('GET', `/payments${kind ? `?kind=${kind}` : ''}`),
  payment: (id: string) => request<Payment>('GET', `/payments/${id}`),
  cancelPayment: (id: string) => request<Payment>('POST', `/payments/${id}/cancel`, {}),
  simulatePayment: (id: string, paid: boolean) =>
    request<Payment>('POST', `/payments/${id}/simulate`, { paid }),
  refundPayment: (id: string, reason: string) =>
    request<Payment>('POST', `/payments/${id}/refund`, { reason }),
  subscribeTemplates: () =>
    request<{ templates: Partial<Record<SubscribeKind, string>>; simulator?: string }>(
      'GET',
      '/subscribe-templates',
    ),
  acceptSubscriptions: (accepted: SubscribeKind[]) =>
    request<{ remaining: Record<string, number> }>('POST', '/subscriptions', { accepted }),
  updateProfile: (
    body: Partial<Pick<MemberProfile, 'name' | 'birthday' | 'consentSms' | 'consentWechat'>> & {
      gender?: 'M' | 'F' | 'U';
    },
  ) => request<MemberProfile>('PATCH', '/me', body),
  visits: () => request<VisitRow[]>('GET', '/visits'),
  walletLedger: () => request<WalletEntry[]>('GET', '/wallet-ledger'),
  deletionPreview: () => request<DeletionPreview>('GET', '/deletion'),
  deleteAccount: (acknowledgeBalanceFen?: number) =>
    request<{ deleted: true }>('POST', '/deletion', {
      confirm: true,
      ...(acknowledgeBalanceFen !== undefined ? { acknowledgeBalanceFen } : {}),
    }),
};

/** Shows an error the way a diner understands it. */
export function toastError(e: unknown): void {
  const message = e instanceof RequestError ? e.message : '出了点问题，请稍后重试';
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}
