import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, signInToBackOffice, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations } from '../harness/chromium.ts';

const SECRET = 'sk_browser_secret_555';

// Settings → Add-ons in a real browser: install (key shown once), settings with a write-only secret, enable,
// the log; and Settings → Custom fields with the unit page's panel.
describe('back office Settings → Add-ons in headless Chromium', { skip: CHROMIUM_SKIP }, () => {
  let s: BrowserSuite;
  let t: TestApp;
  let page: Page;
  let base: string;
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('addons');
    ({ t, page, base } = s);
    await t.lockyard.services.addons.createDefinition({
      name: 'Acme Locks',
      description: 'Keypad PINs for every rental, written to the rental as a custom field.',
      setupInstructions: 'Enter your Acme Locks API key and zone, then enable.',
      level: 'operator',
      webhookUrl: 'http://127.0.0.1:9/webhook',
      events: ['job.unit_moveIn.completed', 'job.unit_moveOut.completed'],
      customFields: [
        { code: 'lock_apiKey', title: 'API key', type: 'string', required: true, secret: true },
        { code: 'lock_zone', title: 'Zone', type: 'string', choices: ['north', 'south'] },
      ],
      webtasks: {
        installed: `export default async function ({ api }) {
          console.log('ensuring the PIN field');
          await api.ensureCustomField('unitRental', { code: 'lock_pin', title: 'Lock PIN code', type: 'string', ownerAcl: 'read' });
        }`,
      },
    });
    await signInToBackOffice(s);
  });
  after(async () => {
    await s?.close();
  });

  test('install, configure with a secret that is never shown back, enable; the log shows the webtask', async () => {
    await page.goto(`${base}/backoffice/settings/addons`);
    assert.equal(await page.textContent('h1'), 'Add-ons');
    await shot('01-addons-list');
    await expectNoSeriousA11yViolations(page);
    await page.click('text=Install Acme Locks');
    assert.match((await page.textContent('h1')) ?? '', /Acme Locks installed/);
    const apiKey = (await page.textContent('[data-field="API key"]'))!;
    assert.ok(apiKey.length > 20);
    await shot('02-installed-key-once');
    await expectNoSeriousA11yViolations(page);
    await page.click('text=Configure Acme Locks');
    assert.equal(await page.textContent('[data-state]'), 'paused');
    // Enabling first: refused, naming the missing field.
    await page.click('#state-actions button:has-text("Enable")');
    assert.match((await page.textContent('[role=alert]')) ?? '', /lock_apiKey/);
    await page.fill('#f-lock_apiKey', SECRET);
    await page.selectOption('#f-lock_zone', 'south');
    await page.click('text=Save settings');
    assert.match((await page.textContent('[role=status]')) ?? '', /saved/);
    assert.equal(await page.inputValue('#f-lock_apiKey'), '');
    assert.ok(!(await page.content()).includes(SECRET));
    assert.ok(!(await page.content()).includes(apiKey));
    await page.click('#state-actions button:has-text("Enable")');
    assert.equal(await page.textContent('[data-state]'), 'enabled');
    assert.match((await page.textContent('#addon-log')) ?? '', /webtask: ensuring the PIN field/);
    await shot('03-addon-enabled');
    await expectNoSeriousA11yViolations(page);
  });

  test('Settings → Custom fields, and the unit page’s custom-fields panel', async () => {
    await page.goto(`${base}/backoffice/settings/custom-fields`);
    await page.selectOption('#cf-model', 'unit');
    await page.fill('#cf-code', 'bay');
    await page.fill('#cf-title', 'Loading bay');
    await page.selectOption('#cf-type', 'choice');
    await page.fill('#cf-choices', 'A, B');
    await page.click('text=Add field');
    assert.match((await page.textContent('[role=status]')) ?? '', /unit\.bay/);
    assert.match((await page.textContent('#defined')) ?? '', /Acme Locks/);
    await shot('04-custom-fields-settings');
    await expectNoSeriousA11yViolations(page);
    await page.goto(`${base}/backoffice/units`);
    await page.click('main a[href^="/backoffice/units/unit_"]');
    await page.selectOption('#cf-unit-bay', 'B');
    await page.click('#custom-fields-unit button:has-text("Save custom fields")');
    assert.match((await page.textContent('[role=status]')) ?? '', /custom fields were saved/);
    assert.equal(await page.inputValue('#cf-unit-bay'), 'B');
    await page.locator('#custom-fields-unit').scrollIntoViewIfNeeded();
    await shot('05-unit-custom-fields');
    await expectNoSeriousA11yViolations(page);
  });
});
