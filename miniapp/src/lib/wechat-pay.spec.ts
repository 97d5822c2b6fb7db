import Taro from '@tarojs/taro';
import { api } from '@/lib/api';
import type { Payment, PaymentStart } from '@/lib/types';
import { askSubscriptions, payWithWechat } from './wechat-pay';

jest.mock('@/lib/api', () => {
  const actual = jest.requireActual('@/lib/api');
  return {
    ...actual,
    api: {
      payment: jest.fn(),
      cancelPayment: jest.fn(),
      simulatePayment: jest.fn(),
      subscribeTemplates: jest.fn(),
      acceptSubscriptions: jest.fn(),
    },
  };
});
const mocked = api as jest.Mocked<typeof api>;

const aPayment = (over: Partial<Payment> = {}): Payment => ({
  id: 'p1',
  kind: 'TOPUP',
  status: 'PENDING',
  amountFen: 50_000,
  description: '储值充值-充500送50',
  paidAt: null,
  createdAt: '2026-11-30T10:00:00Z',
  expiresAt: '2026-11-30T10:15:00Z',
  failure: null,
  refundedFen: 0,
  refunds: [],
  ...over,
});
const PARAMS = {
  appId: 'wx0123456789abcdef',
  timeStamp: '1796000000',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx123',
  signType: 'RSA',
  paySign: 'c2lnbg==',
};
const bridge = (answer: string) => {
  const invoke = jest.fn((_name: string, _p: Record<string, string>, cb: (r: { err_msg: string }) => void) =>
    cb({ err_msg: answer }),
  );
  (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = { invoke };
  return invoke;
};

afterEach(() => {
  delete (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge;
  jest.clearAllMocks();
});

describe('paying with WeChat Pay', () => {
  it('hands the signed parameters to WeChat and shows the server’s verdict, not the cashier’s', async () => {
    const invoke = bridge('get_brand_wcpay_request:ok');
    mocked.payment
      .mockResolvedValueOnce(aPayment()) // the notify has not arrived yet
      .mockResolvedValueOnce(aPayment({ status: 'PAID', bonusFen: 5_000 }));
    const out = await payWithWechat({ payment: aPayment(), payParams: PARAMS });
    expect(invoke).toHaveBeenCalledWith('getBrandWCPayRequest', PARAMS, expect.any(Function));
    expect(out).toMatchObject({ kind: 'paid', payment: { status: 'PAID', bonusFen: 5_000 } });
    expect(mocked.payment).toHaveBeenCalledTimes(2);
  });

  it('a closed cashier closes the payment (coupons come back at once)', async () => {
    bridge('get_brand_wcpay_request:cancel');
    mocked.cancelPayment.mockResolvedValue(aPayment({ status: 'CLOSED' }));
    const out = await payWithWechat({ payment: aPayment({ kind: 'BILL' }), payParams: PARAMS });
    expect(mocked.cancelPayment).toHaveBeenCalledWith('p1');
    expect(out.kind).toBe('cancelled');
  });

  it('outside WeChat there is no cashier: says to open it in WeChat, claims nothing', async () => {
    const out = await payWithWechat({ payment: aPayment(), payParams: PARAMS });
    expect(out).toMatchObject({ kind: 'failed', message: '请在微信中打开后再支付' });
    expect(mocked.payment).not.toHaveBeenCalled();
  });

  it('a paid payment whose goods could not be granted says it was refunded', async () => {
    bridge('get_brand_wcpay_request:ok');
    mocked.payment.mockResolvedValue(aPayment({ status: 'REFUNDED', failure: '券已过期' }));
    expect(await payWithWechat({ payment: aPayment(), payParams: PARAMS })).toMatchObject({
      kind: 'failed',
      message: '券已过期',
    });
  });

  it('the demo simulator asks in a labelled dialog and reports what the diner chose', async () => {
    const modal = jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: false, cancel: true } as never);
    mocked.simulatePayment.mockResolvedValue(aPayment({ status: 'CLOSED', simulator: '微信支付模拟器' }));
    const start: PaymentStart = { payment: aPayment({ simulator: '微信支付模拟器' }), payParams: null };
    const out = await payWithWechat(start);
    expect(modal.mock.calls[0][0]).toMatchObject({ title: '微信支付模拟器' });
    expect(String(modal.mock.calls[0][0]?.content)).toContain('不会真实扣款');
    expect(mocked.simulatePayment).toHaveBeenCalledWith('p1', false);
    expect(out.kind).toBe('cancelled');
  });

  it('asks for subscriptions only inside the mini-program (no prompt, nothing recorded in h5)', async () => {
    await askSubscriptions(['TOPUP_SUCCEEDED']);
    expect(mocked.subscribeTemplates).not.toHaveBeenCalled();
    expect(mocked.acceptSubscriptions).not.toHaveBeenCalled();
  });
});
