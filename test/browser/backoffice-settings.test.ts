import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations, launchChromium, screenshotDir } from '../harness/chromium.ts';

const SHOTS = screenshotDir('backoffice-settings');

// Settings (Operator, Billing, Staff) and what a staff-role member sees, in a real browser.
describe(`back office settings in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe('on the demo operators', () => {
    let t: TestApp;
    let base: string;
    before(async () => {
      t = await createTestApp();
      base = await t.lockyard.app.listen({ host: '127.0.0.1', port: 0 });
      page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const demo = t.creds as unknown as DemoLoginCredentials;
      await page.goto(`${base}/backoffice/sign-in?return_to=/backoffice/settings`);
      await page.fill('#email', demo.staff_login.email);
      await page.fill('#password', demo.staff_login.password);
      await Promise.all([page.waitForURL(/\/backoffice\/settings$/), page.click('button[type=submit]')]);
    });
    after(async () => {
      await page?.close();
      await t?.close();
    });

    test('Settings index, Operator with a field error, Billing saved', async () => {
      assert.equal(await page.locator('h1').innerText(), 'Settings');
      await shot('05-settings-index');
      await expectNoSeriousA11yViolations(page);
      await page.click('.settings-areas a[href="/backoffice/settings/operator"]');
      await page.fill('#f-time_zone', 'Mars/Olympus');
      await page.click('button.primary');
      assert.match(await page.locator('#f-time_zone-error').innerText(), /must be an IANA time zone/);
      await shot('06-operator-error');
      await expectNoSeriousA11yViolations(page);
      await page.goto(`${base}/backoffice/settings/billing`);
      await page.fill('#f-dunning_retry_days', '2, 4, 8');
      await page.click('button.primary');
      assert.match(await page.getByRole('status').innerText(), /Billing settings saved/);
      assert.match(await page.locator('#uncollectible').innerText(), /uncollectible after day 8/);
      await shot('07-billing-saved');
      await expectNoSeriousA11yViolations(page);
    });

    test('Settings → Staff: add a staff member; signed in as them, no Settings link and a 403 page', async () => {
      await page.goto(`${base}/backoffice/settings/staff`);
      await page.fill('#f-name', 'Front Desk');
      await page.fill('#f-email', 'front.desk@acme.example.com');
      await page.selectOption('#f-role', 'staff');
      await page.click('#add-staff button.primary');
      const password = await page.locator('[data-field=Password]').innerText();
      await shot('08-staff-created');
      await expectNoSeriousA11yViolations(page);

      const desk = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      await desk.goto(`${base}/backoffice/sign-in?return_to=/backoffice/units`);
      await desk.fill('#email', 'front.desk@acme.example.com');
      await desk.fill('#password', password);
      await Promise.all([desk.waitForURL(/\/backoffice\/units$/), desk.click('button[type=submit]')]);
      const menu = await desk.locator('nav.sections').innerText();
      assert.doesNotMatch(menu, /Settings|Developers/);
      await desk.screenshot({ path: join(SHOTS, '09-staff-role-menu.png') });
      const refused = await desk.goto(`${base}/backoffice/settings/public-api`);
      assert.equal(refused?.status(), 403);
      assert.match(await desk.getByRole('alert').innerText(), /needs the manager role/);
      await desk.screenshot({ path: join(SHOTS, '10-staff-role-403.png') });
      await desk.close();
    });
  });
});
