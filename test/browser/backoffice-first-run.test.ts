import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createLockyard, type Lockyard } from '../../src/main.ts';
import { STORE } from '../harness/test-app.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations, launchChromium, screenshotDir } from '../harness/chromium.ts';

const SHOTS = screenshotDir('backoffice-settings');

// The first-run page (docs/decisions/onboarding.md) in a real browser, on an empty store.
describe(`back office first run in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('first run: the setup page needs the console’s code, then signs the new owner in', async () => {
    // An empty embedded store: no operator, as after `start --production --seed none`.
    const lockyard: Lockyard = await createLockyard({ database: {}, logLevel: false, sandbox: false });
    try {
      const base = await lockyard.app.listen({ host: '127.0.0.1', port: 0 });
      lockyard.config.setupCode = 'console-code-123';
      page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(`${base}/backoffice`);
      assert.match(page.url(), /\/backoffice\/setup$/);
      await shot('01-setup');
      await expectNoSeriousA11yViolations(page);
      await page.fill('#f-setup_code', 'a guess');
      await page.fill('#f-name', 'Riverside Self Storage');
      await page.fill('#f-tax_rates_unit_type', '20');
      await page.fill('#f-owner_name', 'Riley Owner');
      await page.fill('#f-owner_email', 'riley@riverside.example.com');
      await page.fill('#f-owner_password', 'short');
      await page.click('button[type=submit]');
      assert.match(await page.locator('#f-setup_code-error').innerText(), /does not match/);
      assert.equal(await page.inputValue('#f-name'), 'Riverside Self Storage');
      await shot('02-setup-wrong-code');
      await expectNoSeriousA11yViolations(page);
      await page.fill('#f-setup_code', 'console-code-123');
      await page.fill('#f-owner_password', 'short');
      await page.click('button[type=submit]');
      assert.match(await page.locator('#f-owner_password-error').innerText(), /at least 12 characters/);
      await shot('03-setup-short-password');
      await page.fill('#f-owner_password', 'riverside owner password');
      await page.click('button[type=submit]');
      assert.match(page.url(), /\/backoffice\/settings\?done=setup$/);
      assert.match(await page.getByRole('status').innerText(), /Your operator is set up/);
      await shot('04-settings-after-setup');
      await expectNoSeriousA11yViolations(page);
      await page.close();
    } finally {
      await lockyard.close();
    }
  });
});
