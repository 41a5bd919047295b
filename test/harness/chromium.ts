import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (Playwright's own browser download is not available here); CI installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** `describe(…, { skip: CHROMIUM_SKIP })`: the reason when the browser is missing. */
export const CHROMIUM_SKIP = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (CI does).`;

/** Where a suite's screenshots go (SCREENSHOT_DIR overrides), created. */
export function screenshotDir(suite: string): string {
  const dir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), `lockyard-${suite}-screenshots`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Headless Chromium with the flags this machine needs; playwright-core loads only when a browser suite runs. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
