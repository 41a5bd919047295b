import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createTestApp, type TestApp } from './test-app.ts';
import { launchChromium, screenshotDir } from './chromium.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

/** What every browser suite starts from: a seeded app listening on a real port, Chromium, and one page. */
export interface BrowserSuite {
  t: TestApp;
  browser: Browser;
  page: Page;
  /** The listening server's origin, e.g. http://127.0.0.1:41234. */
  base: string;
  /** A full-page screenshot named `name`.png in the suite's screenshot folder. */
  shot(name: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Opens a suite's app, browser and page (call it in `before`, and `close` in `after`). `context` sets the page's
 * browser context (viewport 1200×900 unless given; `javaScriptEnabled: false` for the no-JavaScript pages).
 */
export async function openBrowserSuite(
  name: string,
  opts: { app?: Parameters<typeof createTestApp>[0]; context?: BrowserContextOptions } = {},
): Promise<BrowserSuite> {
  const shots = screenshotDir(name);
  const t = await createTestApp(opts.app);
  let browser: Browser | undefined;
  try {
    const base = await t.lockyard.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...opts.context });
    const page = await context.newPage();
    return {
      t,
      browser,
      page,
      base,
      shot: (shotName) => page.screenshot({ path: join(shots, `${shotName}.png`), fullPage: true }),
      close: async () => {
        await browser?.close();
        await t.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await t.close();
    throw err;
  }
}

/** Signs the demo operator's staff user in to the back office and waits for the dashboard. */
export async function signInToBackOffice(s: Pick<BrowserSuite, 't' | 'page' | 'base'>): Promise<void> {
  const demo = s.t.creds as unknown as DemoLoginCredentials;
  await s.page.goto(`${s.base}/backoffice`);
  await s.page.fill('#email', demo.staff_login.email);
  await s.page.fill('#password', demo.staff_login.password);
  await Promise.all([s.page.waitForURL(/\/backoffice\/dashboard/), s.page.click('button[type=submit]')]);
}
