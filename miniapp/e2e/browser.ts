/** Debian's Chromium through playwright-core, at a phone viewport, with screenshots under artifacts/. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SHOTS = resolve(__dirname, '..', '..', 'artifacts', 'screenshots', 'miniapp');

export async function phone(): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  return { browser, context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let toasts and images settle
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
