/**
 * WeChat Pay in the loop (issue 12): the h5 build in Chromium against the real server in *real*
 * integrations mode, with the local WeChat fake (server/test/fakes/wechat-fake.ts) as WeChat: login
 * and phone go through code2session / getuserphonenumber, payments through WeChat Pay v3 (signed
 * prepay, the JSAPI cashier, the signed + encrypted notify). No simulator is bound.
 *
 * The page runs in a browser, not in WeChat, so a stand-in for WeChat's in-app JSAPI bridge
 * (`WeixinJSBridge.invoke('getBrandWCPayRequest')`) hands the signed parameters to the fake's cashier
 * — which checks the paySign with the merchant key, takes the "money" and posts the notify — exactly
 * the part the WeChat app plays.
 */
import type { Browser, Page } from 'playwright-core';
import { phone } from '../../scripts/e2e/browser';
import { startServer, type RunningServer } from '../../scripts/e2e/server';
import { WechatFake } from '../../server/test/fakes/wechat-fake';

let fake: WechatFake;
let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let problems: string[];
const diner = `pay-${Date.now().toString(36)}`;
const visible = (text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`).filter({ visible: true }).first();

/** What the h5 page would send as its login and phone codes (no wx.login in a browser). */
function simulatedPhone(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `139${String(h % 100_000_000).padStart(8, '0')}`;
}

beforeAll(async () => {
  fake = await new WechatFake().start();
  server = await startServer({
    config: {
      integrationsMode: 'real',
      simulators: false,
      sms: null,
      wechat: fake.appConfig(),
      wechatPay: fake.payConfig(),
    },
  });
  fake.notifyTarget = `${server.base}/api/wechatpay/notify`;
  // WeChat knows this diner: the codes the page will present are valid at the fake.
  fake.loginCode(`sim-${diner}`, { openid: `oE2E${diner}` }, { reusable: true });
  fake.phoneCode(`sim-phone-${simulatedPhone(diner)}`, simulatedPhone(diner), { reusable: true });
  ({ browser, page, shot, problems } = await phone());
  // The WeChat app's part: its cashier talks to WeChat Pay (here: the fake's cashier endpoint).
  await page.exposeFunction('__wechatCashier', async (params: Record<string, string>) => {
    const r = await fetch(`${fake.url}/__fake/jsapi-pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return ((await r.json()) as { errMsg: string }).errMsg;
  });
  await page.addInitScript(() => {
    const w = window as unknown as {
      WeixinJSBridge: unknown;
      __wxPayResult?: string;
      __wechatCashier: (p: Record<string, string>) => Promise<string>;
    };
    w.WeixinJSBridge = {
      invoke(name: string, params: Record<string, string>, cb: (r: { err_msg: string }) => void) {
        if (name !== 'getBrandWCPayRequest') return cb({ err_msg: `${name}:fail` });
        void w.__wechatCashier({ ...params, result: w.__wxPayResult ?? 'ok' }).then((msg) =>
          cb({
            err_msg: msg.endsWith(':ok')
              ? 'get_brand_wcpay_request:ok'
              : /cancel/.test(msg)
                ? 'get_brand_wcpay_request:cancel'
                : 'get_brand_wcpay_request:fail',
          }),
        );
      },
    };
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.stop();
});

const open = (path: string) => page.goto(`${server.base}/m${path}`);

describe('WeChat Pay with the fake in the loop (h5)', () => {
  it('joins through code2session and the phone exchange', async () => {
    await open(`/?store=SH001&table=8&diner=${diner}`);
    await byTestId('join').click();
    await byTestId('member-card').waitFor();
    const [m] = await server.query('SELECT phone, openid FROM member WHERE openid = ?', [`oE2E${diner}`]);
    expect(m).toMatchObject({ phone: simulatedPhone(diner) });
  });

  it('tops up 充500送50: the notify credits principal and bonus, the page shows the new balance', async () => {
    await byTestId('go-topup').click();
    const packages = page.locator('[data-testid="package"]').filter({ visible: true });
    await packages.first().waitFor();
    await packages.filter({ hasText: '送 ¥50.00' }).first().click();
    await shot('20-topup');
    // Every balance the result screen ever shows, from its first render: never the one from before.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { balancesShown: string[] }).balancesShown = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="balance-after"]');
        if (el && seen[seen.length - 1] !== el.textContent) seen.push(el.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await byTestId('topup-pay').click();
    await byTestId('topup-result').waitFor();
    expect(await byTestId('balance-after').innerText()).toContain('¥550.00');
    const shown = await page.evaluate(() => (window as unknown as { balancesShown: string[] }).balancesShown);
    expect(shown).toEqual(['当前储值余额 ¥550.00']);
    await shot('21-topup-paid');
    const [o] = await server.query(
      "SELECT status, provider, amount_fen, transaction_id FROM payment_order WHERE kind = 'TOPUP' ORDER BY created_at DESC LIMIT 1",
    );
    expect(o).toMatchObject({ status: 'PAID', provider: 'wechat' });
    expect(Number(o.amount_fen)).toBe(50_000);
    expect(String(o.transaction_id)).toMatch(/^42000/);
    expect(fake.deliveries.map((d) => d.status)).toEqual([204]);
    expect(fake.payCalls.every((c) => c.authorized)).toBe(true);
  });

  it('a diner who closes the cashier pays nothing: the order is closed at WeChat Pay too', async () => {
    await open('/subpackages/wallet/topup/index');
    await byTestId('topup-pay').waitFor();
    // The diner closes WeChat's cashier without paying.
    await page.evaluate(() => ((window as unknown as { __wxPayResult: string }).__wxPayResult = 'cancel'));
    await byTestId('topup-pay').click();
    await visible('已取消充值').waitFor();
    const [o] = await server.query(
      "SELECT status, out_trade_no FROM payment_order WHERE kind = 'TOPUP' ORDER BY created_at DESC LIMIT 1",
    );
    expect(o.status).toBe('CLOSED');
    expect(fake.orders.get(String(o.out_trade_no))?.state).toBe('CLOSED');
    expect(await byTestId('balance-now').innerText()).toBe('¥550.00');
  });

  it('pays ¥128 at the table by WeChat Pay: coupon used, visit and points on the verified notify', async () => {
    await open('/pages/pay/index');
    await visible('消费金额').waitFor();
    await page.locator('input').filter({ visible: true }).first().fill('128');
    await byTestId('coupon-choice').waitFor();
    const payable = await byTestId('payable').innerText();
    await byTestId('method-wechat').click();
    await shot('22-pay-wechat');
    await byTestId('pay').click();
    await byTestId('pay-result').waitFor();
    await shot('23-paid-wechat');
    expect(await visible(payable).count()).toBe(1);
    const [v] = await server.query(
      "SELECT pay_method, paid_fen, coupon_count, points_earned FROM visit WHERE channel = 'MINIAPP' ORDER BY created_at DESC LIMIT 1",
    );
    expect(v.pay_method).toBe('WXPAY');
    expect(`¥${(Number(v.paid_fen) / 100).toFixed(2)}`).toBe(payable);
    expect(Number(v.coupon_count)).toBe(1); // the welcome gift, chosen as the best
    expect(await byTestId('points-earned').innerText()).toContain(`获得 ${v.points_earned} 积分`);
    const [o] = await server.query(
      "SELECT status, provider FROM payment_order WHERE kind = 'BILL' ORDER BY created_at DESC LIMIT 1",
    );
    expect(o).toMatchObject({ status: 'PAID', provider: 'wechat' });
    const [locked] = await server.query("SELECT COUNT(*) AS n FROM coupon WHERE status = 'LOCKED'");
    expect(Number(locked.n)).toBe(0);
  });

  it('shows the coupon packs for sale (screenshot)', async () => {
    await open('/subpackages/wallet/packs/index');
    await byTestId('pack').waitFor();
    await visible('100元代金券 · 88元抢').waitFor();
    await shot('24-packs');
  });

  it('ended without a page error or a missing file', () => {
    expect(problems).toEqual([]);
  });
});
