/**
 * The diner's journey in the h5 build, against the real server:
 * table QR link → join → member card whose code rotates → claim a coupon → see it in the wallet →
 * pay a bill with it through the WeChat Pay simulator → points go up. Screenshots of every page.
 */
import type { Browser, Page } from 'playwright-core';
import { phone } from '../../scripts/e2e/browser';
import { startServer, type RunningServer } from '../../scripts/e2e/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let problems: string[];
const diner = `e2e-${Date.now().toString(36)}`;
const visible = (text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`).filter({ visible: true }).first();

beforeAll(async () => {
  server = await startServer({ memberCodeStepSeconds: 5 });
  ({ browser, page, shot, problems } = await phone());
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const open = (path: string) => page.goto(`${server.base}/m${path}`);

describe('the diner journey (h5)', () => {
  let pointsBefore = 0;

  it('opens from the table QR link and shows the store and table', async () => {
    const [store] = await server.query("SELECT name FROM store WHERE code = 'SH001'");
    await open(`/?store=SH001&table=8&diner=${diner}`);
    await visible(`欢迎光临 · ${store.name} · 桌号 8`).waitFor();
    await visible('模拟器：以演示手机号入会').waitFor();
    await shot('01-entry');
  });

  it('joins in one tap and lands on the member card with the welcome gift', async () => {
    await visible('模拟器：以演示手机号入会').click();
    await byTestId('member-card').waitFor();
    await visible('会员码').waitFor();
    pointsBefore = Number(await byTestId('points').innerText());
    const rows = await server.query(
      "SELECT m.join_channel, m.consent_sms, s.code FROM member m JOIN store s ON s.id = m.join_store_id WHERE m.openid IS NOT NULL AND m.phone LIKE '139%' ORDER BY m.created_at DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({ join_channel: 'TABLE_QR', code: 'SH001' });
    expect(Number(rows[0].consent_sms)).toBe(0);
    await shot('02-card');
  });

  it('shows a member code that changes after the rotation period', async () => {
    const first = (await byTestId('code-digits').innerText()).replace(/\s/g, '');
    expect(first).toMatch(/^8\d{15}$/);
    await page.waitForFunction(
      (prev) => {
        const el = [...document.querySelectorAll('[data-testid="code-digits"]')].find(
          (e) => (e as HTMLElement).offsetParent !== null,
        );
        return el && el.textContent!.replace(/\s/g, '') !== prev;
      },
      first,
      { timeout: 15000 },
    );
    const second = (await byTestId('code-digits').innerText()).replace(/\s/g, '');
    expect(second).toMatch(/^8\d{15}$/);
    expect(second).not.toBe(first);
    expect(second.slice(0, 10)).toBe(first.slice(0, 10)); // same member number, new one-time part
  });

  it('claims a coupon in the claim centre', async () => {
    await open('/pages/claim/index');
    const offer = page
      .locator('[data-testid="offer"]')
      .filter({ hasText: '满100减20' })
      .filter({ visible: true })
      .first();
    await offer.waitFor();
    await shot('03-claim');
    await offer.getByText('立即领取').click();
    await visible('领取成功，已放入券包').waitFor();
    await offer.getByText(/已领 1/).waitFor();
  });

  it('a flash sale counts down to its start and cannot be claimed before it', async () => {
    await open('/pages/claim/index');
    const flash = page
      .locator('[data-testid="offer"]')
      .filter({ hasText: '午市秒杀' })
      .filter({ visible: true })
      .first();
    await flash.scrollIntoViewIfNeeded();
    const note = flash.getByText(/距开抢 /);
    await note.waitFor();
    const before = await note.textContent();
    await page.waitForTimeout(2100);
    expect(await note.textContent()).not.toBe(before); // it ticks
    // Tapping before the start claims nothing.
    await flash.getByText('即将开抢').click();
    await page.waitForTimeout(500);
    expect(await page.getByText('领取成功，已放入券包').filter({ visible: true }).count()).toBe(0);
    // Not even asked: no refusal from the server either (the button is closed until the start).
    expect(await page.getByText('还没开抢，请到点再来').filter({ visible: true }).count()).toBe(0);
    await flash.getByText(/每人限领 1 张（已领 0）/).waitFor();
    await shot('03b-flash-countdown');
  });

  it('sees the claimed coupon and the welcome gift in the wallet, and opens its code', async () => {
    await open('/pages/wallet/index');
    const coupons = page.locator('[data-testid="coupon-available"]').filter({ visible: true });
    await coupons.first().waitFor();
    const names = await coupons.allInnerTexts();
    expect(names.some((t) => t.includes('满100减20'))).toBe(true);
    expect(names.some((t) => t.includes('新人礼'))).toBe(true);
    await shot('04-wallet');
    await visible('已使用').click();
    await visible('还没有用过券').waitFor();
    await shot('04b-wallet-used');
    await visible('可使用').click();
    await coupons.filter({ hasText: '满100减20' }).first().click();
    await byTestId('code-view').waitFor();
    expect((await byTestId('code-digits').innerText()).replace(/\s/g, '')).toMatch(/^6\d{19}$/);
    await shot('05-coupon');
  });

  it('pays ¥128 at the table with the best coupon pre-selected, through the WeChat Pay simulator', async () => {
    await open('/pages/pay/index');
    await visible('消费金额').waitFor();
    const amount = page.locator('input').filter({ visible: true }).first();
    // Over the table limit: the message says what the limit is.
    await amount.fill('200000');
    expect(await byTestId('amount-error').innerText()).toContain('单笔最多 ¥100,000.00');
    await amount.fill('128');
    await byTestId('coupon-choice').waitFor();
    const selected = page.locator('[data-testid="choice-selected"]').filter({ visible: true });
    await expect(selected.count()).resolves.toBe(1);
    expect(await selected.first().innerText()).toContain('满100减20');
    expect(await byTestId('payable').innerText()).toBe('¥108.00');
    await shot('06-pay');
    // Switching methods back and forth renders cleanly (no DOM errors in h5).
    await byTestId('method-balance').click();
    await byTestId('method-wechat').click();
    await byTestId('pay').click();
    // The demo's labelled stand-in for WeChat's cashier: nothing is charged.
    await visible('微信支付模拟器').waitFor();
    await shot('06b-pay-simulator');
    await page.locator('.taro__modal').getByText('确认支付', { exact: true }).click();
    await byTestId('pay-result').waitFor();
    expect(await byTestId('points-earned').innerText()).toContain('获得 108 积分');
    await visible('微信支付模拟器：未真实扣款').waitFor();
    await shot('07-paid');
    const [visit] = await server.query(
      "SELECT channel, amount_fen, discount_fen, paid_fen FROM visit WHERE channel = 'MINIAPP' ORDER BY created_at DESC LIMIT 1",
    );
    expect(visit).toMatchObject({ channel: 'MINIAPP' });
    expect([Number(visit.amount_fen), Number(visit.discount_fen), Number(visit.paid_fen)]).toEqual([
      12800, 2000, 10800,
    ]);
  });

  it('sees the points go up on the card', async () => {
    await open('/pages/card/index');
    await byTestId('member-card').waitFor();
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('[data-testid="points"]')].some(
          (e) => e.textContent === String(expected),
        ),
      pointsBefore + 108,
    );
    await shot('08-card-after');
  });

  it('a diner who taps the consent sentence joins with exactly that consent', async () => {
    const fresh = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const other = await fresh.newPage();
    const name = `${diner}-c`;
    await other.goto(`${server.base}/m/?store=SH001&table=4&diner=${name}`);
    const row = other.locator('[data-testid="consent"]').filter({ visible: true }).first();
    await row.getByText('我愿意接收优惠活动短信和微信消息').click();
    expect(await row.getAttribute('aria-checked')).toBe('true');
    await other.getByText('模拟器：以演示手机号入会').filter({ visible: true }).first().click();
    await other.locator('[data-testid="member-card"]').filter({ visible: true }).first().waitFor();
    const [m] = await server.query(
      'SELECT consent_sms, consent_wechat FROM member WHERE openid IS NOT NULL ORDER BY created_at DESC LIMIT 1',
    );
    expect([Number(m.consent_sms), Number(m.consent_wechat)]).toEqual([1, 1]);
    await fresh.close();
  });

  it('a returning member on a new phone goes straight to the card, never to 入会', async () => {
    const fresh = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const other = await fresh.newPage();
    await other.goto(`${server.base}/m/?store=SH001&table=3&diner=${diner}`);
    await other.locator('[data-testid="member-card"]').filter({ visible: true }).first().waitFor();
    expect(await other.getByText('一键成为会员').count()).toBe(0);
    await fresh.close();
  });

  it('renders every other page (screenshots)', async () => {
    const pages: [string, string, string][] = [
      ['/pages/me/index', '消息订阅', '09-me'],
      ['/subpackages/points/history/index', '消费', '10-points-history'],
      ['/subpackages/points/exchange/index', '可用积分', '11-points-exchange'],
      ['/subpackages/account/profile/index', '手机号来自微信授权', '11b-profile'],
      ['/subpackages/account/visits/index', '¥108.00', '12-visits'],
      ['/subpackages/account/ledger/index', '暂无储值记录', '13-ledger'],
      ['/subpackages/account/privacy/index', '会员服务协议与隐私政策', '14-privacy'],
      ['/subpackages/account/delete/index', '注销后', '15-delete'],
    ];
    for (const [path, text, name] of pages) {
      await open(path);
      await visible(text).waitFor();
      await shot(name);
    }
  });

  it('ended without a page error or a missing file (favicon included)', () => {
    expect(problems).toEqual([]);
  });
});
