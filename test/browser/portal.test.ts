import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { STORE, type TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, type BrowserSuite } from '../harness/browser-suite.ts';
import { CHROMIUM_SKIP } from '../harness/chromium.ts';

// The customer portal in a real browser with JavaScript OFF: emailed-link sign-in and every action as a plain form.
describe(`customer portal in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let t: TestApp;
  let s: BrowserSuite;
  let page: Page;
  let base: string;
  let slug: string;
  let booked: { contactId: string; subscriptionId: string; contractId: string };
  const email = 'portal.browser@example.com';
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('portal', {
      context: { javaScriptEnabled: false, viewport: { width: 1000, height: 900 } },
    });
    ({ t, page, base } = s);
    slug = (await t.ctx()).operator.slug;
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const template = (await t.get('/2025-09/contract_templates?limit=1')).body.contract_templates[0];
    const res = await t.post('/2025-09/orders', {
      site: { id: ut.site.id },
      contact: { email },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      contract_template: { id: template.id },
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } },
        { type: 'security_deposit', quantity: 1, price: { amount: 5000 }, item: { id: ut.id } },
      ],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    assert.equal(res.status, 201, res.text);
    const order = (await t.post(`/sandbox/orders/${res.body.order.id}/pay`)).body.order;
    const contract = (await t.get(`/2025-09/contracts?contact_id=${order.contact.id}`)).body.contracts[0];
    booked = { contactId: order.contact.id, subscriptionId: order.subscription.id, contractId: contract.id };
  });
  after(async () => {
    await s?.close();
  });

  test('sign in with the emailed link', async () => {
    await page.goto(`${base}/portal/${slug}`);
    assert.match(page.url(), /\/sign-in$/);
    await page.fill('#email', email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    assert.match(await page.getByRole('status').innerText(), /a sign-in link is on its way/);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    const row = await t.lockyard.database.db
      .selectFrom('emails')
      .select('body_text')
      .where('contact_id', '=', booked.contactId)
      .where('template', '=', 'portal_sign_in')
      .executeTakeFirstOrThrow();
    const link = new URL(row.body_text!.match(/http\S+\/sign-in\/\S+/)![0]).pathname;
    await page.goto(base + link);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(page.url(), `${base}/portal/${slug}`);
    assert.match(await page.locator('h1').first().innerText(), /Hello/);
    assert.match(await page.locator('[data-testid=subscriptions]').innerText(), /active/);
    assert.match(await page.locator('[data-testid=invoices]').innerText(), /paid/);
    await shot('1-dashboard');
  });

  test('update the card, sign the contract, start the identity check, give notice', async () => {
    await page.fill('#name', 'Pat Browser');
    await page.fill('#card_number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/35');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: 'Update card' }).click();
    assert.match(await page.getByRole('status').innerText(), /payment method was updated/);

    await page.getByRole('button', { name: /^Sign (?!out)/ }).click();
    assert.match(await page.getByRole('status').innerText(), /contract is signed/);
    assert.equal((await t.get(`/2025-09/contracts/${booked.contractId}`)).body.contract.status, 'signed');

    await page.getByRole('button', { name: 'Verify my identity' }).click();
    assert.match(await page.locator('[data-testid=identity-status]').innerText(), /processing/);

    await page.fill(`#ends-${booked.subscriptionId}`, '2040-06-30');
    await page.getByRole('button', { name: 'Give notice' }).click();
    assert.match(await page.getByRole('status').innerText(), /notice was received/);
    assert.match(await page.locator('[data-testid=subscriptions]').innerText(), /ends 30 Jun 2040/);
    await shot('2-after-actions');
    assert.equal((await t.get(`/2025-09/subscriptions/${booked.subscriptionId}`)).body.subscription.cancelled, true);
  });

  test('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.match(await page.locator('h1').innerText(), /signed out/);
    await page.goto(`${base}/portal/${slug}`);
    assert.match(page.url(), /\/sign-in$/);
  });
});
