// The booking app end to end in Chromium against a real Lockyard: connect, browse, book with protection and a
// coupon through hosted checkout, status from webhooks, a back-office revoke shown as a reconnect prompt, reconnect,
// and Disconnect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createListeningApp, freePort, type ListeningApp } from '../../../test/harness/listening-app.ts';
import type { DemoLoginCredentials } from '../../../src/sandbox/seed/seed-staff-logins.ts';
import { signedInStaff } from '../../../test/harness/oauth-consent.ts';
import { createBookingApp, SCOPES } from '../src/app.ts';
import { CHROMIUM_SKIP, launchChromium, screenshotDir } from '../../../test/harness/chromium.ts';

const SHOTS = screenshotDir('booking-app');

describe('booking app in Chromium', { skip: CHROMIUM_SKIP }, () => {
  let t: ListeningApp;
  let server: Server;
  let appUrl: string;
  let app: ReturnType<typeof createBookingApp>;
  let browser: Browser;
  let page: Page;
  let demo: DemoLoginCredentials;
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${process.env.LOCKYARD_TEST_STORE ?? 'x'}-${name}.png`), fullPage: true });

  before(async () => {
    t = await createListeningApp();
    demo = t.creds as unknown as DemoLoginCredentials;
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    const { application, clientSecret } = await t.lockyard.services.oauth.applications.createPartner({
      name: 'Storefront Demo',
      redirectUris: [`${appUrl}/callback`],
      scopes: SCOPES as never,
    });
    app = createBookingApp({
      appName: 'Storefront Demo',
      publicUrl: appUrl,
      storaUrl: t.baseUrl,
      clientId: application.clientId,
      clientSecret,
    });
    server = createServer(app.handle);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    browser = await launchChromium();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  async function approveConsent() {
    if (page.url().includes('/backoffice/sign-in')) {
      await page.fill('#email', demo.staff_login.email);
      await page.fill('#password', demo.staff_login.password);
      await Promise.all([page.waitForURL(/\/oauth2\/authorize\?/), page.click('button[type=submit]')]);
    }
    await page.check(`input[name=operator_id][value="${t.a.id}"]`);
    await Promise.all([page.waitForURL(`${appUrl}/sites`), page.click('button[value=approve]')]);
  }

  test('connect through OAuth, then browse sites and unit types with availability and prices', async () => {
    await page.goto(appUrl);
    assert.match((await page.textContent('#connection')) ?? '', /Not connected/);
    await page.click('text=Connect to Stora');
    await approveConsent();
    await shot('1-sites');
    const sites = await page.locator('main li a').allTextContents();
    assert.equal(sites.length, 3);
    await page.click('main li a >> nth=0');
    await page.waitForSelector('tr[data-unit-type]');
    await shot('2-unit-types');
    const first = await page.locator('tr[data-unit-type]').first().innerText();
    assert.match(first, /£[\d,.]+ \/ month/);
    assert.match(first, /\d+ available/);
    assert.ok(app.state.webhook, 'a webhook endpoint was registered on connect');
  });

  test('book with protection and a coupon, pay at the hosted checkout; the webhook marks the booking completed', async () => {
    await page.click('tr[data-unit-type] >> text=Book >> nth=0');
    await page.fill('#full_name', 'Jane Smith');
    await page.fill('#email', `jane.${Date.now()}@example.com`);
    await page.selectOption('#protection', { index: 1 });
    await page.fill('#coupon', 'WELCOME20');
    await shot('3-book');
    await Promise.all([page.waitForNavigation(), page.click('text=Continue to payment')]);
    await shot('4-checkout');
    assert.match(page.url(), /\/checkout\//, await page.locator('main').innerText());
    const orderId = [...app.state.bookings.keys()][0];
    const order = (await t.get(`/2025-09/orders/${orderId}?expand=line_items`)).body.order;
    assert.equal(order.status, 'finalized');
    assert.deepEqual(order.line_items.map((l: { type: string }) => l.type).sort(), ['protection', 'unit_type']);
    assert.ok(order.coupon?.id, 'the coupon is on the order');
    assert.equal(order.metadata.booked_via, 'Storefront Demo');
    // The action shows on the contact's timeline in the back office, attributed to the app.
    const staff = await signedInStaff(t);
    // The contact's page carries the timeline (the old /timeline page redirects to its section).
    const timeline = await staff.get(`/backoffice/contacts/${order.contact.id}`);
    assert.match(
      timeline.body,
      /moved deal &#39;[^&]+ booking&#39; from draft to awaiting payment via Storefront Demo\./,
    );

    await page.fill('#name', 'Jane Smith');
    await page.fill('#card_number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await Promise.all([
      page.waitForURL(/\/portal\/account-setup\//),
      page.getByRole('button', { name: 'Confirm booking' }).click(),
    ]);

    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline) {
      await page.goto(`${appUrl}/bookings`);
      status = (await page.locator(`tr[data-order="${orderId}"] .status`).textContent()) ?? '';
      if (status === 'completed') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    await shot('5-bookings');
    assert.equal(status, 'completed');
    assert.match(await page.locator(`tr[data-order="${orderId}"]`).innerText(), /order\.completed/);
  });

  test('a revoke in the back office becomes a reconnect prompt; Reconnect restores access; Disconnect revokes', async () => {
    await page.goto(`${t.baseUrl}/backoffice/settings/public-api`);
    await page.click('#authorised-applications button.danger');
    await page.goto(`${appUrl}/sites`);
    await shot('6-reconnect-prompt');
    assert.match(await page.getByRole('alert').innerText(), /Reconnect needed/);
    assert.equal(app.state.tokens, null, 'the dead pair was discarded');

    await Promise.all([
      page.waitForURL(/\/oauth2\/authorize\?/),
      page.getByRole('alert').getByRole('link', { name: 'Reconnect' }).click(),
    ]);
    await approveConsent();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal(await page.locator('main li a').count(), 3);

    await page.goto(`${appUrl}/settings`);
    const token = app.state.tokens!.accessToken;
    await Promise.all([page.waitForURL(`${appUrl}/settings`), page.click('text=Disconnect')]);
    await shot('7-disconnected');
    assert.match((await page.textContent('#connection')) ?? '', /Not connected/);
    assert.equal((await t.get('/2025-09/sites', { token })).status, 401, 'Disconnect revoked the grant');
  });
});
