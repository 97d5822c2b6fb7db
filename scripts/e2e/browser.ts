/**
 * Debian's Chromium through playwright-core (no browser download), with screenshots saved under
 * artifacts/screenshots/<app>/. `phone()` is the mini-program's 375×812; `desktop()` the admin's.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ARTIFACTS = resolve(__dirname, '..', '..', 'artifacts', 'screenshots');

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  shot: (name: string) => Promise<void>;
  /** Uncaught page errors and 404s seen so far: a journey should end with none. */
  problems: string[];
}

async function open(app: string, options: Parameters<Browser['newContext']>[0]): Promise<Session> {
  const dir = join(ARTIFACTS, app);
  mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => {
    console.error(`[${app}] page error:`, e.message);
    problems.push(`page error: ${e.message}`);
  });
  // A missing file (favicon, chunk, image); API 404s are business answers (e.g. not a member yet).
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() === 404 && !path.startsWith('/api/')) problems.push(`404: ${path}`);
  });
  return {
    browser,
    context,
    page,
    problems,
    shot: async (name) => {
      await page.waitForTimeout(300); // let toasts, charts and images settle
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    },
  };
}

export const phone = () =>
  open('miniapp', {
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

export const desktop = () => open('admin', { viewport: { width: 1440, height: 900 } });
