import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { STORE, type TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP } from '../harness/chromium.ts';

// The hosted checkout in a real browser with JavaScript OFF: plain server-rendered forms only.
describe(`hosted checkout in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let t: TestApp;
  let s: BrowserSuite;
  let page: Page;
  let base: string;
  let partnerSite: Server;
  let cancelUrl: string;
  let order: { id: string; payment_url: string };
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('checkout', {
      context: { javaScriptEnabled: false, viewport: { width: 1100, height: 900 } },
    });
    ({ t, page, base } = s);
    partnerSite = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Booking cancelled</h1>'),
    );
    await new Promise<void>((resolve) => partnerSite.listen(0, '127.0.0.1', resolve));
    cancelUrl = `http://127.0.0.1:${(partnerSite.address() as AddressInfo).port}/booking/cancelled`;

    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const products = (await t.get(`/2025-09/products?site_id=${ut.site.id}&limit=100`)).body.products;
    const protection = (await t.get('/2025-09/protection_levels?limit=1')).body.protection_levels[0].id;
    const contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
    const res = await t.post('/2025-09/orders', {
      site: { id: ut.site.id },
      contact: { id: contact },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: '2026-04-15T00:00:00Z',
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } },
        { type: 'protection', quantity: 1, price: { amount: 999 }, item: { id: protection } },
        { type: 'security_deposit', quantity: 1, price: { amount: 5000 }, item: { id: ut.id } },
        {
          type: 'product',
          quantity: 2,
          price: { amount: 450 },
          item: { id: products.find((p: any) => p.charge_type === 'one_time').id },
        },
      ],
      finalize: { cancel_redirect_url: cancelUrl },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    order = res.body.order;
  });
  after(async () => {
    partnerSite?.close();
    await s?.close();
  });

  const checkoutUrl = () => base + new URL(order.payment_url).pathname;

  test('the payment page shows what is billed now and what is billed each month', async () => {
    const res = await page.goto(checkoutUrl());
    assert.equal(res?.status(), 200);
    await shot('1-checkout');
    const now = await page.locator('[data-testid=billed-now]').innerText();
    assert.match(now, /Security deposit for /);
    assert.match(now, /Due today\s+£60\.80/); // 50.00 deposit + 2 × 4.50 product + 1.80 tax (20 %) on the product
    const monthly = await page.locator('[data-testid=billed-each-period]').innerText();
    assert.match(monthly, /Protection: .* cover/);
    assert.match(monthly, /Each month\s+£123\.99/); // 95.00 + 19.00 tax + 9.99
  });

  test('the cancel link goes to cancel_redirect_url', async () => {
    await page.getByRole('link', { name: 'Cancel and go back' }).click();
    assert.equal(page.url(), cancelUrl);
    assert.equal(await page.locator('h1').innerText(), 'Booking cancelled');
    await page.goto(checkoutUrl());
  });

  test('4000 0000 0000 0002 is declined with a clear message, the order stays finalized', async () => {
    await page.fill('#name', 'Jane Smith');
    await page.fill('#card_number', '4000 0000 0000 0002');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await shot('2-declined');
    assert.match(await page.getByRole('alert').innerText(), /Your card was declined/);
    assert.equal(await page.inputValue('#name'), 'Jane Smith');
    assert.equal((await t.get(`/2025-09/orders/${order.id}`)).body.order.status, 'finalized');
  });

  test('retrying with 4242 4242 4242 4242 completes the order and lands on account setup', async () => {
    await page.fill('#card_number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    assert.match(page.url(), /\/portal\/account-setup\//);
    await shot('3-account-setup');
    assert.match(await page.getByRole('status').innerText(), /Booking confirmed/);
    const shown = (await t.get(`/2025-09/orders/${order.id}`)).body.order;
    assert.equal(shown.status, 'completed');
    assert.match(shown.tenancy.id, /^ten_/);
    // The payment link now leads to the portal, and the order cannot be paid twice.
    await page.goto(checkoutUrl());
    assert.match(page.url(), /\/portal\/account-setup\//);
    await page.getByRole('button', { name: 'Create account' }).click();
    await shot('4-account-ready');
    assert.equal(await page.locator('h1').innerText(), 'Your account is ready');
    // The account works: the portal opens signed in, showing this booking.
    await page.getByRole('link', { name: 'Go to your customer portal' }).click();
    assert.match(page.url(), /\/portal\/[a-z0-9-]+$/);
    await shot('5-portal');
    assert.match(await page.locator('[data-testid=subscriptions]').innerText(), /active/);
  });
});
