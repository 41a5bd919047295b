import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { STORE, type TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations } from '../harness/chromium.ts';

// The storefront as a customer meets it: browse, book, pay with 4242 on the hosted checkout. The pages use no
// JavaScript; the context keeps it on only so the axe check can run in the page.
describe(`storefront in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let t: TestApp;
  let s: BrowserSuite;
  let page: Page;
  let base: string;
  let slug: string;
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('storefront', { context: { viewport: { width: 1100, height: 900 } } });
    ({ t, page, base } = s);
    slug = (await t.lockyard.services.operators.list()).find((o) => o.id === t.a.id)!.slug;
  });
  after(async () => {
    await s?.close();
  });

  test('sites, then a site’s unit types with prices and availability', async () => {
    assert.equal((await page.goto(`${base}/storefront/${slug}`))?.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Our sites');
    await shot('1-sites');
    await expectNoSeriousA11yViolations(page);
    await page.locator('[data-testid=sites] a').first().click();
    const table = await page.locator('[data-testid=unit-types]').innerText();
    assert.match(table, /£\d+\.\d\d\s+per month/);
    assert.match(table, /\d+ available/);
    await shot('2-site');
    await expectNoSeriousA11yViolations(page);
  });

  test('book → an order with source storefront → hosted checkout → 4242 → confirmation', async () => {
    await page
      .locator('a.button', { hasText: /^Book / })
      .first()
      .click();
    assert.match(page.url(), /\/order\/contact-details\?unit_type_slug=/);
    await shot('3-details');
    await expectNoSeriousA11yViolations(page);
    await page.fill('#email', 'storefront.customer@example.com');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    assert.match(page.url(), /\/checkout\//);
    await shot('4-checkout');
    await expectNoSeriousA11yViolations(page);

    const orders = (await t.get('/2025-09/orders?limit=100')).body.orders as any[];
    const order = orders.find((o) => o.source === 'storefront' && o.status === 'finalized');
    assert.ok(order, 'the storefront made a finalized order with source storefront');

    await page.fill('#name', 'Sam Storefront');
    await page.fill('#card_number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    assert.match(await page.getByRole('status').innerText(), /Booking confirmed/);
    await shot('5-confirmed');
    await expectNoSeriousA11yViolations(page);
    assert.equal((await t.get(`/2025-09/orders/${order.id}`)).body.order.status, 'completed');
  });
});
