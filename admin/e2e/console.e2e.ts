/**
 * The admin console in a real browser against the real server: each role's menu, the member
 * filter against the server's count, creating a coupon template, issuing it to a member,
 * redeeming it on the cashier screen by typing the code + Enter, voiding it, and the dashboard's
 * charts. A screenshot of every page goes to artifacts/screenshots/admin/.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { desktop, type Session } from '../../scripts/e2e/browser';
import { startServer, type RunningServer } from '../../scripts/e2e/server';

let server: RunningServer;
let session: Session;
let browser: Browser;
let page: Page;
const PASSWORD = 'tableside-demo';
const TEMPLATE = `E2E 满88减18 ${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startServer();
  session = await desktop();
  ({ browser, page } = session);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const go = (path: string) => page.goto(`${server.base}/admin${path}`);
const visible = (text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();

async function login(username: string) {
  await page.context().clearCookies();
  await go('/login');
  await page.evaluate(() => localStorage.clear());
  await go('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function menu(): Promise<string[]> {
  const m = page.getByRole('menu', { name: '主菜单' });
  await m.waitFor();
  return m.getByRole('menuitem').allInnerTexts();
}

describe('roles and menus', () => {
  it.each([
    [
      'admin',
      [
        '概览',
        '会员',
        '客群',
        '优惠券模板',
        '营销活动',
        '自动营销',
        '储值与券包',
        '等级与积分',
        '门店',
        '员工与角色',
        '操作日志',
        '数据导入',
        '微信支付订单',
        '收银台',
      ],
    ],
    ['marketer', ['概览', '会员', '客群', '优惠券模板', '营销活动', '自动营销', '储值与券包', '数据导入']],
    ['manager1', ['概览', '会员', '门店', '员工与角色', '微信支付订单', '收银台']],
  ])('%s sees exactly their menu', async (user, expected) => {
    if (user === 'admin') {
      await go('/login');
      await page.getByLabel('用户名').waitFor();
      await session.shot('00-login');
    }
    await login(user);
    await page.waitForURL(/\/admin\/dashboard/);
    expect((await menu()).map((t) => t.trim())).toEqual(expected);
    await session.shot(`01-home-${user}`);
  });

  it('a cashier lands on the full-screen cashier with no back office', async () => {
    await login('cashier1');
    await page.waitForURL(/\/admin\/cashier/);
    await visible('扫描会员码或券码，回车确认')
      .or(page.getByPlaceholder('扫描会员码或券码，回车确认'))
      .first()
      .waitFor();
    expect(await page.getByRole('menu', { name: '主菜单' }).count()).toBe(0);
    await go('/members');
    await visible(/无权访问此页面/).waitFor();
  });
});

describe('head office', () => {
  beforeAll(async () => {
    await login('admin');
    await page.waitForURL(/\/admin\/dashboard/);
  });

  it('renders the dashboard charts and the stored insight', async () => {
    for (const id of ['chart-trend', 'chart-coupons', 'chart-tiers', 'chart-lifecycle', 'chart-intervals'])
      await page.locator(`[data-testid="${id}"] canvas`).first().waitFor();
    await page.locator('[data-testid="loyalty-matrix"] button').first().waitFor();
    await visible('流失风险：高消费、仍活跃概率在下降').waitFor();
    await session.shot('02-dashboard');
  });

  it('opens an RFM cell’s members from the dashboard, with the count the server holds', async () => {
    const [{ n }] = await server.query(
      `SELECT COUNT(*) AS n FROM member_insight mi JOIN member m ON m.id = mi.member_id
        WHERE mi.rfm_segment = '重要价值客户' AND m.deleted_at IS NULL`,
    );
    expect(Number(n)).toBeGreaterThan(0);
    const tile = page.getByRole('button', { name: `重要价值客户：${Number(n)} 人，查看名单` });
    await tile.focus();
    await page.keyboard.press('Enter'); // a tile is a button: the keyboard opens it too
    await page.waitForURL(/\/admin\/members\?filter=/);
    await visible('RFM：重要价值客户').waitFor();
    await page
      .locator('[data-testid="member-total"]')
      .filter({ hasText: `共 ${Number(n)} 位会员` })
      .waitFor();
    await session.shot('02b-members-of-rfm-cell');
  });

  it('renames a cluster; the dashboard shows the new name', async () => {
    await go('/dashboard');
    const edit = page.getByRole('button', { name: /^给.+改名$/ }).first();
    await edit.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('E2E 命名人群');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await visible('已保存：下次刷新后仍沿用这个名称').waitFor();
    await page.locator('[data-testid="insight-section"]').getByText('E2E 命名人群').waitFor();
    await session.shot('02c-cluster-renamed');
  });

  it('filters members and shows the server’s count', async () => {
    await go('/members');
    await page
      .locator('[data-testid="member-total"]')
      .filter({ hasText: /共 \d+ 位会员/ })
      .waitFor();
    await page.getByLabel('会员等级').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '金卡' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    const [{ n }] = await server.query(
      "SELECT COUNT(*) AS n FROM member m JOIN tier t ON t.id = m.tier_id WHERE t.code = 'GOLD' AND m.deleted_at IS NULL",
    );
    expect(Number(n)).toBeGreaterThan(0);
    await page
      .locator('[data-testid="member-total"]')
      .filter({ hasText: `共 ${Number(n)} 位会员` })
      .waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(Math.min(20, Number(n)));
    expect(await page.locator('.ant-table-tbody').innerText()).toMatch(/1\d{2}\*{4}\d{4}/);
    await session.shot('03-members-filtered');
  });

  it('creates a coupon template with a live preview', async () => {
    await go('/coupon-templates');
    await page.getByRole('button', { name: /新建券模板/ }).click();
    await page.getByPlaceholder('如：午市满100减20').fill(TEMPLATE);
    await page.getByLabel('减免金额（元）').fill('18');
    await page.getByLabel('使用门槛（满多少元，选填）').fill('88');
    await page.locator('[data-testid="coupon-preview"]').filter({ hasText: '满88可用' }).waitFor();
    await session.shot('04-template-form');
    // Typing 150 into a number field is refused with the range, never clamped.
    await page.getByLabel('每人限领（不填 = 不限）').fill('5000');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await visible('每人限领必须是 1–1,000 的整数').waitFor();
    await page.getByLabel('每人限领（不填 = 不限）').fill('1');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await visible(`已保存草稿「${TEMPLATE}」`).waitFor();
    const row = page.locator('.ant-table-row').filter({ hasText: TEMPLATE });
    await row.filter({ hasText: '草稿' }).waitFor();
    // A draft issues nothing until published.
    await row.getByRole('button', { name: /发\s*布/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await row.filter({ hasText: '已发布' }).waitFor();
    await session.shot('05-templates');
  });

  it('issues it to a member from the member page', async () => {
    await go('/members');
    await page.getByPlaceholder('完整手机号或尾号').fill('13800138000');
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    await page.locator('[data-testid="member-total"]').filter({ hasText: '共 1 位会员' }).waitFor();
    await page.locator('.ant-table-row').first().click();
    await visible('会员资料').waitFor();
    // The demo seed refreshed the insight: the member's figures and P(alive) curve are there.
    await page.locator('[data-testid="insight-panel"]').getByText('重要价值客户').waitFor();
    await page.locator('[data-testid="palive-curve"]').waitFor();
    await session.shot('06-member-detail');
    await page.getByRole('button', { name: /发\s*券/ }).click();
    await page.getByLabel('券模板').click();
    await page.keyboard.type('E2E');
    const option = page.locator('.ant-select-item-option').filter({ hasText: TEMPLATE });
    await option.click();
    // On a loaded machine the click can land while the filtered list re-renders, leaving the list
    // open over the dialog's buttons: pick the template again if it is still open.
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first();
    const closed = await open.waitFor({ state: 'hidden', timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (!closed) await option.click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await visible('券已发放到会员券包').waitFor();
    const rows = await server.query(
      "SELECT c.code FROM coupon c JOIN coupon_template t ON t.id = c.template_id JOIN member m ON m.id = c.member_id WHERE t.name = ? AND m.phone = '13800138000'",
      [TEMPLATE],
    );
    expect(rows).toHaveLength(1);
    const audit = await server.query("SELECT action FROM audit_log WHERE action = 'coupon.issue'");
    expect(audit.length).toBeGreaterThan(0);
  });

  it('renders the other back-office pages', async () => {
    const pages: [string, string, string][] = [
      ['/tiers-points', '会员等级', '07-tiers-points'],
      ['/stores', '人民广场店', '08-stores'],
      ['/staff', '角色说明', '09-staff'],
      ['/audit-log', '发券', '10-audit-log'],
      ['/imports', '点击或拖入 CSV 文件开始导入', '11-imports'],
      ['/campaigns', '营销活动', '12-campaigns'],
    ];
    for (const [path, text, name] of pages) {
      await go(path);
      await visible(text).waitFor();
      await session.shot(name);
    }
    const [store] = await server.query("SELECT id FROM store WHERE code = 'SH001'");
    await go(`/stores/${store.id}/qr`);
    await page.locator('[data-testid="qr-grid"] img').first().waitFor();
    expect(await page.locator('[data-testid="qr-grid"] img').count()).toBeGreaterThan(5);
    await visible('1 号桌').waitFor();
    await session.shot('13-table-qr-sheet');
  });

  it('creates a campaign with a preview, sends it, and reads its results with the uplift interval', async () => {
    await go('/campaigns');
    await page.getByRole('button', { name: /新建活动/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建营销活动' });
    await dialog.getByLabel('活动名称').fill('E2E 周末回归');
    await dialog.getByLabel('券模板').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '无门槛10元券' }).click();
    await dialog.getByLabel('发（只发给同意营销短信的会员）').check();
    await dialog.getByLabel('对照组比例').fill('20');
    const preview = dialog.locator('[data-testid="campaign-preview"]');
    const [{ n }] = await server.query('SELECT COUNT(*) AS n FROM member WHERE deleted_at IS NULL');
    await preview
      .getByText(String(Number(n)))
      .first()
      .waitFor();
    await session.shot('12a-campaign-wizard');
    await dialog.getByRole('button', { name: /创建活动/ }).click();
    await visible('已创建「E2E 周末回归」').waitFor();
    const row = page.locator('tr', { hasText: 'E2E 周末回归' });
    await row.getByRole('button', { name: /开始发送/ }).click();
    await page.getByRole('button', { name: /^发\s*送$/ }).click();
    await row.getByText('已完成').waitFor({ timeout: 30_000 });
    await session.shot('12b-campaigns');
    await row.getByRole('button', { name: /效\s*果/ }).click();
    const results = page.locator('[data-testid="campaign-results"]');
    await results.getByText('活动带来的增量（与对照组相比）').waitFor();
    await results.locator('[data-testid="chart-campaign-trend"] canvas').waitFor();
    const [{ coupons }] = await server.query(
      "SELECT COUNT(*) AS coupons FROM coupon c JOIN campaign k ON k.id = c.issue_ref WHERE k.name = 'E2E 周末回归'",
    );
    expect(Number(coupons)).toBeGreaterThan(0);
    await session.shot('12c-campaign-results');
    await page.keyboard.press('Escape');
    // The outbox says plainly that the demo's SMS are simulated, with masked numbers.
    await page.getByRole('button', { name: '短信发件箱' }).click();
    const outbox = page.locator('.ant-drawer').filter({ hasText: '短信发件箱' });
    await outbox.getByText('演示环境：这是模拟短信通道').waitFor();
    await outbox
      .getByText(/1\d{2}\*{4}\d{4}/)
      .first()
      .waitFor();
    await session.shot('12d-sms-outbox');
    await page.keyboard.press('Escape');
    // The demo's past campaign (25 days ago, with a holdout): its uplift interval drawn against zero.
    await page
      .locator('tr', { hasText: '双十一回馈' })
      .getByRole('button', { name: /效\s*果/ })
      .click();
    const past = page.locator('.ant-drawer').filter({ hasText: '活动效果：双十一回馈' });
    await past.getByRole('img', { name: /到店率提升/ }).waitFor();
    await session.shot('12f-campaign-uplift');
    await page.keyboard.press('Escape');
  });

  it('schedules a campaign to an uploaded phone list', async () => {
    await go('/campaigns');
    const phones = (
      await server.query('SELECT phone FROM member WHERE phone IS NOT NULL ORDER BY member_no LIMIT 3')
    ).map((r: { phone: string }) => r.phone);
    await page.getByRole('button', { name: /新建活动/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建营销活动' });
    await dialog.getByLabel('活动名称').fill('E2E 名单定时');
    await dialog.getByText('上传手机号名单').click();
    await dialog.getByLabel('选择名单文件').setInputFiles({
      name: '名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`手机号\n${phones.join('\n')}\n12345\n`),
    });
    await dialog.getByText('名单.csv：读到 4 行号码').waitFor();
    await dialog.getByLabel('券模板').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '无门槛10元券' }).click();
    await dialog.getByText('定时', { exact: true }).click();
    await dialog.getByLabel('发送时间').click();
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.keyboard.type(`${day} 18:00`);
    await page.keyboard.press('Enter');
    await dialog.locator('[data-testid="campaign-preview"]').getByText('3').first().waitFor();
    await session.shot('12e-campaign-list-scheduled');
    await dialog.getByRole('button', { name: /创建活动/ }).click();
    const row = page.locator('tr', { hasText: 'E2E 名单定时' });
    await row.getByText('上传名单：4 个号码，其中会员 3 位').waitFor();
    await row.getByRole('button', { name: /确认定时/ }).click();
    // The confirmation pops over the row: press its own 发送 once it is there.
    const confirm = page.locator('.ant-popconfirm').filter({ visible: true });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: /^发\s*送$/ }).click();
    await row.getByText('已定时').waitFor();
    await row.getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}.*自动发送/).waitFor();
  });

  it('lists the automations with switches, creates one (refusing a bad number), and reads a rule’s results', async () => {
    await go('/automations');
    const replayed = page.locator('tr', { hasText: '首购后3天回头券' });
    await replayed.getByText('首次消费后第 3 天').waitFor();
    expect(await replayed.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await session.shot('14a-automations');
    await page.getByRole('button', { name: /新建规则/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建自动营销' });
    await dialog.getByLabel('什么时候发').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '累计消费满 X 元' }).click();
    await dialog.getByLabel('累计消费').fill('-5');
    await dialog.getByLabel('规则名称').fill('E2E 累计满千送券');
    await dialog.getByLabel('券模板').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '无门槛10元券' }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('累计消费应为 0–1000000 元').waitFor();
    await dialog.getByLabel('累计消费').fill('1000');
    // The switch's label is clickable, not only the switch.
    await dialog.getByText('保存后立即启用').click();
    await session.shot('14b-automation-editor');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await visible('已保存「E2E 累计满千送券」（已启用）').waitFor();
    const [saved] = await server.query(
      "SELECT params, enabled FROM automation WHERE name = 'E2E 累计满千送券'",
    );
    expect(JSON.parse(saved.params)).toEqual({ minFen: 100000 });
    expect(Number(saved.enabled)).toBe(1);
    const row = page.locator('tr', { hasText: 'E2E 累计满千送券' });
    await row.getByRole('switch').click();
    await visible('「E2E 累计满千送券」已停用').waitFor();
    await replayed.getByRole('button', { name: /效\s*果/ }).click();
    const results = page.locator('[data-testid="automation-results"]');
    await results.getByText('规则带来的增量（与对照组相比）').waitFor();
    await results.locator('[data-testid="chart-automation-daily"] canvas').waitFor();
    await session.shot('14c-automation-results');
    await page.keyboard.press('Escape');
  });

  it('builds a segment with a live count, saves it and opens its members', async () => {
    await go('/segments');
    const preview = page.locator('[data-testid="segment-preview"]');
    await preview.getByText('位会员').waitFor();
    // The count follows the conditions as they are edited: 会员等级 属于 金卡.
    await page.getByLabel('第 1 个条件的筛选项').click();
    await page.keyboard.type('会员等级');
    await page.keyboard.press('Enter');
    await page.getByLabel('第 1 个条件的运算').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '属于' }).click();
    await page.getByLabel('会员等级的值').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '金卡' }).click();
    await page.keyboard.press('Escape');
    const [{ n }] = await server.query(
      "SELECT COUNT(*) AS n FROM member m JOIN tier t ON t.id = m.tier_id WHERE t.code = 'GOLD' AND m.deleted_at IS NULL",
    );
    await preview
      .locator('.ant-statistic-content-value')
      .filter({ hasText: String(n) })
      .waitFor();
    await session.shot('03b-segment-builder');
    await page.getByLabel('客群名称').fill('金卡会员');
    await page.getByRole('button', { name: /保存客群/ }).click();
    await visible('已保存客群「金卡会员」').waitFor();
    await page
      .locator('.ant-table-row')
      .filter({ hasText: '金卡会员' })
      .getByRole('button', { name: /查看会员/ })
      .click();
    await page
      .locator('[data-testid="member-total"]')
      .filter({ hasText: `共 ${n} 位会员` })
      .waitFor();
    await visible('客群：金卡会员').waitFor();
    await session.shot('03c-members-of-segment');
  });

  it('edits setup in dialogs that refuse bad numbers and save or cancel', async () => {
    await go('/tiers-points');
    const gold = page.locator('.ant-table-row').filter({ hasText: '金卡' });
    await gold.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '编辑等级「金卡」' });
    await dialog.getByLabel('会员价（用券后再减的百分比）').fill('60');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('会员价为 0–50 的整数（最多 5 折）').waitFor();
    await session.shot('07b-tier-edit-refused');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    // Cancel leaves what the server holds.
    await gold.filter({ hasText: '95折' }).waitFor();

    await go('/stores');
    const store = page.locator('.ant-table-row').filter({ hasText: 'HZ001' });
    await store.getByRole('button', { name: /编\s*辑/ }).click();
    await page.locator('.ant-modal').filter({ hasText: '编辑门店' }).waitFor();
    await session.shot('08b-store-edit');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    await go('/staff');
    const cashier2 = page.locator('.ant-table-row').filter({ hasText: 'cashier2' });
    await cashier2.getByRole('button', { name: /重置密码/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /重\s*置/ })
      .click();
    await visible('一次性密码').waitFor();
    await session.shot('09b-staff-one-time-password');
    await page.getByRole('button', { name: /我已记下/ }).click();
    await cashier2.filter({ hasText: '待修改初始密码' }).waitFor();
  });

  it('sets up top-up packages (refusing a bonus above the principal) and coupon packs', async () => {
    await go('/stored-value');
    await visible('充500送50').waitFor();
    await visible('100元代金券 · 88元抢').waitFor();
    await page.getByRole('button', { name: /新建套餐/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新建充值套餐' });
    await dialog.getByLabel('名称').fill('充300送30');
    await dialog.getByLabel('充值金额（元）').fill('300');
    await dialog.getByLabel('赠送金额（元）').fill('400');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('赠送金额不能超过充值金额').waitFor();
    await session.shot('15b-topup-package-refused');
    await dialog.getByLabel('赠送金额（元）').fill('30');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page
      .locator('.ant-table-row')
      .filter({ hasText: '充300送30' })
      .filter({ hasText: '10%' })
      .waitFor();
    await session.shot('15-stored-value');
  });

  it('lists WeChat payments and refunds a paid top-up (principal back, bonus taken back)', async () => {
    // A diner tops up 充500送50 in the mini-program (the demo's labelled simulator takes the payment).
    const api = async (path: string, body: unknown, token?: string) => {
      const r = await fetch(`${server.base}/api${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return (await r.json()) as { accessToken: string; status: string; payment: { id: string } };
    };
    const login = await api('/member/auth/login', { code: 'sim-admin-e2e-topup', storeCode: 'SH001' });
    const joined = await api(
      '/member/join',
      { phoneCode: 'sim-phone-13900007777', consentMarketing: false },
      login.accessToken,
    );
    const [pkg] = await server.query("SELECT id FROM topup_package WHERE name = '充500送50'");
    const started = await api(
      '/member/payments/topup',
      { packageId: pkg.id, requestId: `e2e-${Date.now()}` },
      joined.accessToken,
    );
    const paid = await api(
      `/member/payments/${started.payment.id}/simulate`,
      { paid: true },
      joined.accessToken,
    );
    expect(paid.status).toBe('PAID');

    await go('/payments');
    const row = page.locator('.ant-table-row').filter({ hasText: '139****7777' });
    await row.filter({ hasText: '已支付' }).waitFor();
    await session.shot('16-payments');
    await row.getByRole('button', { name: /退\s*款/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '退款：' });
    await dialog.getByText('赠送金额按比例收回').waitFor();
    await dialog.getByRole('button', { name: /确认退款/ }).click();
    await dialog.getByText('请填写退款原因').waitFor();
    await dialog.getByLabel('退款原因（会员可见）').fill('顾客搬家，申请退卡');
    await session.shot('16b-refund-dialog');
    await dialog.getByRole('button', { name: /确认退款/ }).click();
    await row.filter({ hasText: '已退款' }).waitFor();
    const [m] = await server.query(
      'SELECT balance_principal_fen AS p, balance_bonus_fen AS b FROM member WHERE phone = ?',
      ['13900007777'],
    );
    expect([Number(m.p), Number(m.b)]).toEqual([0, 0]);
  });

  it('imports a CSV with a progress bar and a report of rejected rows', async () => {
    await go('/imports');
    const csv = [
      'phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id',
      '13700000001,导入甲,M,,,,,,',
      'bad,导入乙,M,,,,,,',
    ].join('\n');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await visible(/完成：共 2 行，导入 1/).waitFor();
    await visible('手机号格式不正确：bad').waitFor();
    await session.shot('14-import-done');
    // A file that is not a member list fails loudly, showing the header it should have.
    await page.locator('input[type="file"]').setInputFiles({
      name: 'wrong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('mobile,nick\n13700000002,x\n'),
    });
    await visible(/没有导入任何数据：表头不正确：应为 phone,name,gender,birthday/).waitFor();
    expect(await page.locator('.ant-progress-status-exception').count()).toBeGreaterThan(0);
    await session.shot('14b-import-wrong-header');
  });

  it('shows a skeleton at once on a slow network, before any script has arrived', async () => {
    const slow = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const p = await slow.newPage();
    await p.route('**/*.js', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue();
    });
    await p.goto(`${server.base}/admin/login`, { waitUntil: 'commit' });
    await p.getByText('Tableside 管理后台 · 正在加载…').waitFor({ timeout: 2000 });
    await p.screenshot({
      path: resolve(
        __dirname,
        '..',
        '..',
        'artifacts',
        'screenshots',
        'admin',
        '00-slow-network-skeleton.png',
      ),
    });
    await slow.close();
  });
});

describe('cashier screen (1366×768, keyboard only)', () => {
  it('scan → type 128 → best coupon → commit → print → void by Enter, all on one screen', async () => {
    const [{ code }] = await server.query(
      "SELECT c.code FROM coupon c JOIN coupon_template t ON t.id = c.template_id WHERE t.name = ? AND c.status = 'AVAILABLE'",
      [TEMPLATE],
    );
    await page.setViewportSize({ width: 1366, height: 768 });
    await login('cashier1');
    await page.waitForURL(/\/admin\/cashier/);
    const scan = page.getByPlaceholder('扫描会员码或券码，回车确认');
    await scan.waitFor();
    await session.shot('15-cashier-empty');
    // The scan field has the focus: a USB scanner types the code and Enter.
    await page.keyboard.type(String(code));
    await page.keyboard.press('Enter');
    // ¥0 bill: the coupon is shown but not usable yet, with the reason.
    await page.locator('[data-testid="coupon-unusable"]').filter({ hasText: TEMPLATE }).waitFor();
    // F3 → the amount; cashiers type yuan: 128 is ¥128. The best coupon is pre-selected.
    await page.keyboard.press('F3');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'amount');
    await page.keyboard.type('128');
    expect(await page.locator('[data-testid="amount"]').innerText()).toBe('¥128');
    // The server pre-selects the best coupon; if the diner holds a better one, pick ours with Space.
    const ours = page
      .locator('[data-testid="coupon-applicable"], [data-testid="coupon-selected"]')
      .filter({ hasText: TEMPLATE });
    await ours.waitFor();
    if ((await ours.getAttribute('data-testid')) !== 'coupon-selected') {
      await ours.focus();
      await page.keyboard.press('Space');
    }
    await page.locator('[data-testid="coupon-selected"]').filter({ hasText: TEMPLATE }).waitFor();
    await page.keyboard.press('F3');
    await page.waitForFunction(
      // ¥128 − ¥18 coupon = ¥110, then the gold tier's member price (95折) takes ¥5.50 off.
      () => document.querySelector('[data-testid="cashier-payable"]')?.textContent === '¥104.50',
    );
    // Everything fits the till's screen: no page scroll either way.
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    const confirm = await page.getByRole('button', { name: /确认收款并核销/ }).boundingBox();
    expect(confirm!.y + confirm!.height).toBeLessThanOrEqual(768);
    await session.shot('16-cashier-ready');
    await page.keyboard.press('Enter');
    const receipt = page.locator('[data-testid="receipt"]');
    await receipt.waitFor();
    expect(await receipt.innerText()).toContain('-¥18.00');
    expect(await receipt.innerText()).toContain('-¥5.50');
    await session.shot('17-cashier-receipt');
    // Print: the browser prints only the 58 mm receipt block.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByRole('button', { name: /打印小票/ }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const slip = page.locator('.receipt-print');
    expect(await slip.isVisible()).toBe(true);
    expect(await slip.innerText()).toContain('应收');
    await slip.screenshot({
      path: resolve(__dirname, '..', '..', 'artifacts', 'screenshots', 'admin', '17b-receipt-print.png'),
    });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: /完成/ }).focus();
    await page.keyboard.press('Enter');
    await receipt.waitFor({ state: 'hidden' });
    const [used] = await server.query('SELECT status, used_visit_id FROM coupon WHERE code = ?', [code]);
    expect(used.status).toBe('USED');

    // F4 → today's list with the latest 撤销 focused; Enter opens the confirmation with its
    // confirm button focused; Enter confirms.
    await page.keyboard.press('F4');
    const row = page.locator('.ant-table-row').filter({ hasText: '¥128.00' }).first();
    await row.waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.replace(/\s/g, '') === '撤销');
    await page.keyboard.press('Enter');
    await visible(/撤销这笔核销？/).waitFor();
    // Esc cancels: nothing is voided, and the focus is back on 撤销.
    await page.keyboard.press('Escape');
    await page.getByText('撤销这笔核销？').waitFor({ state: 'hidden' });
    expect(
      (await server.query('SELECT status FROM visit WHERE id = ?', [used.used_visit_id]))[0].status,
    ).toBe('OK');
    await page.waitForFunction(() => document.activeElement?.textContent?.replace(/\s/g, '') === '撤销');
    await page.keyboard.press('Enter');
    await visible(/撤销这笔核销？/).waitFor();
    await page.waitForFunction(() => /确认撤销/.test(document.activeElement?.textContent ?? ''));
    await session.shot('18a-cashier-void-confirm');
    await page.keyboard.press('Enter');
    await visible(/已撤销：券已退回 1 张/).waitFor();
    await page.locator('.ant-table-row').filter({ hasText: '已撤销' }).first().waitFor();
    await session.shot('18-cashier-voided');
    const [back] = await server.query('SELECT status FROM coupon WHERE code = ?', [code]);
    expect(back.status).toBe('AVAILABLE');
    const [visit] = await server.query('SELECT status FROM visit WHERE id = ?', [used.used_visit_id]);
    expect(visit.status).toBe('VOID');
  });

  it('the till also fits 1280×800', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('F2');
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    await session.shot('19-cashier-1280x800');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('ended without a page error or a missing file (favicon included)', () => {
    expect(session.problems).toEqual([]);
  });
});
