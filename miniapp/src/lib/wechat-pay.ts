/**
 * Paying with WeChat Pay: the server prepares the payment (prepay id, signed parameters), WeChat's
 * cashier takes the money, and the server decides — from WeChat Pay's verified notify, or by asking
 * WeChat Pay — whether it was paid. The page only ever shows the server's verdict.
 *
 * - weapp: `Taro.requestPayment` (wx.requestPayment).
 * - h5 inside WeChat: the JSAPI bridge (`WeixinJSBridge.invoke('getBrandWCPayRequest')`).
 * - the demo: the server answers with `simulator` and no parameters; a clearly labelled dialog
 *   stands in for the cashier (no money moves).
 */
import Taro from '@tarojs/taro';
import { api } from './api';
import type { PayParams, Payment, PaymentStart, SubscribeKind } from './types';

export type PayOutcome =
  | { kind: 'paid'; payment: Payment }
  | { kind: 'cancelled'; payment: Payment }
  | { kind: 'pending'; payment: Payment }
  | { kind: 'failed'; payment: Payment; message: string };

interface JsBridge {
  invoke(name: string, params: Record<string, string>, cb: (res: { err_msg?: string }) => void): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What WeChat's cashier said: 'ok', 'cancel' or 'fail'. */
async function cashier(p: PayParams): Promise<'ok' | 'cancel' | 'fail'> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({
        timeStamp: p.timeStamp,
        nonceStr: p.nonceStr,
        package: p.package,
        signType: p.signType as 'RSA',
        paySign: p.paySign,
      });
      return 'ok';
    } catch (e) {
      return /cancel/.test(String((e as { errMsg?: string }).errMsg)) ? 'cancel' : 'fail';
    }
  }
  const bridge = (globalThis as { WeixinJSBridge?: JsBridge }).WeixinJSBridge;
  if (!bridge) return 'fail';
  return new Promise((resolve) =>
    bridge.invoke('getBrandWCPayRequest', { ...p }, (res) => {
      const msg = res.err_msg ?? '';
      resolve(msg.endsWith(':ok') ? 'ok' : msg.endsWith(':cancel') ? 'cancel' : 'fail');
    }),
  );
}

/** Waits for the server's verdict (a notify may come a moment after the cashier closes). */
async function verdict(id: string): Promise<Payment> {
  let p = await api.payment(id);
  for (let i = 0; i < 15 && p.status === 'PENDING'; i++) {
    await sleep(i < 5 ? 600 : 1500);
    p = await api.payment(id);
  }
  return p;
}

export async function payWithWechat(start: PaymentStart): Promise<PayOutcome> {
  const { payment, payParams } = start;
  if (payment.status !== 'PENDING')
    return { kind: payment.status === 'PAID' ? 'paid' : 'cancelled', payment };
  if (payment.simulator) {
    const { confirm } = await Taro.showModal({
      title: payment.simulator,
      content: `演示环境：确认支付 ¥${(payment.amountFen / 100).toFixed(2)}？不会真实扣款`,
      confirmText: '确认支付',
      cancelText: '取消',
    });
    const after = await api.simulatePayment(payment.id, confirm);
    return { kind: after.status === 'PAID' ? 'paid' : 'cancelled', payment: after };
  }
  if (!payParams) return { kind: 'failed', payment, message: '微信支付暂时无法使用，请稍后再试' };
  const said = await cashier(payParams);
  if (said === 'cancel') {
    // Closed at WeChat Pay first, so it cannot be paid later; coupons held for it come back now.
    const after = await api.cancelPayment(payment.id);
    return after.status === 'PAID' ? { kind: 'paid', payment: after } : { kind: 'cancelled', payment: after };
  }
  if (said === 'fail' && process.env.TARO_ENV !== 'weapp' && !('WeixinJSBridge' in globalThis))
    return { kind: 'failed', payment, message: '请在微信中打开后再支付' };
  const after = await verdict(payment.id);
  if (after.status === 'PAID') return { kind: 'paid', payment: after };
  if (after.status === 'REFUNDED')
    return { kind: 'failed', payment: after, message: after.failure ?? '支付已全额退回' };
  if (after.status === 'PENDING') return { kind: 'pending', payment: after };
  return { kind: 'failed', payment: after, message: '支付未完成' };
}

/**
 * Asks the diner (in WeChat's own prompt) whether to receive these messages, right after they did
 * something the message is about; records what they allowed. Outside the mini-program there is no
 * prompt and nothing is recorded.
 */
export async function askSubscriptions(kinds: SubscribeKind[]): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return;
  try {
    const { templates } = await api.subscribeTemplates();
    const ids = kinds.map((k) => templates[k]).filter((x): x is string => !!x);
    if (!ids.length) return;
    const res = (await Taro.requestSubscribeMessage({ tmplIds: ids } as never)) as unknown as Record<
      string,
      string
    >;
    const accepted = kinds.filter((k) => templates[k] && res[templates[k]!] === 'accept');
    if (accepted.length) await api.acceptSubscriptions(accepted);
  } catch {
    /* the diner closed the prompt, or it is not available: nothing to record */
  }
}
