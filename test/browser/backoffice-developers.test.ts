import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations, launchChromium, screenshotDir } from '../harness/chromium.ts';

const SHOTS = screenshotDir('backoffice-developers');

/**
 * Developers, as a partner developer watches an integration: an endpoint made through the API, an event it
 * receives, the delivery with its request and response on the endpoint's page, a resend, the sandbox clock moved
 * from its page, and the request that caused it all in the inspector.
 */
describe(`back office Developers in headless Chromium (${STORE})`, { skip: CHROMIUM_SKIP }, () => {
  let browser: Browser;
  let page: Page;
  let t: TestApp;
  let rx: Receiver;
  let base: string;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.a.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    browser = await launchChromium();
    t = await createTestApp();
    rx = await startReceiver();
    base = await t.lockyard.app.listen({ host: '127.0.0.1', port: 0 });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const demo = t.creds as unknown as DemoLoginCredentials;
    await page.goto(`${base}/backoffice/sign-in?return_to=/backoffice/units`);
    await page.fill('#email', demo.staff_login.email);
    await page.fill('#password', demo.staff_login.password);
    await Promise.all([page.waitForURL(/\/backoffice\/units$/), page.click('button[type=submit]')]);
  });
  after(async () => {
    await page?.close();
    await browser?.close();
    await rx?.close();
    await t?.close();
  });

  test('endpoint via the API → delivery on its page → resend → clock → inspector', async () => {
    const ep = await api('POST', '/2025-09/webhook_endpoints', {
      name: 'Partner listener',
      api_version: '2025-09',
      url: `${rx.base}/hooks`,
      event_types: ['contact.created'],
    });
    assert.equal(ep.status, 201);
    const made = await api('POST', '/2025-09/contacts', { email: 'browser.dev@example.com', full_name: 'Bea Rowser' });
    assert.equal(made.status, 201);
    const requestId = made.body.meta.request_id as string;
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    await rx.waitFor(() => rx.at('/hooks').length === 1);

    // The menu's Developers → the hub → Webhook endpoints → the endpoint.
    await page.click('nav.sections a:text-is("Developers")');
    await page.waitForURL(/\/backoffice\/developers$/);
    assert.equal(await page.locator('h1').innerText(), 'Developers');
    await shot('01-hub');
    await expectNoSeriousA11yViolations(page);
    await page.click('a.tile[href="/backoffice/developers/webhooks"]');
    await page.click('a:text-is("Partner listener")');
    await page.waitForURL(/\/backoffice\/developers\/webhooks\/we_/);
    const delivery = page.locator('article.delivery').first();
    await delivery.locator('details.request summary').click();
    await delivery.locator('details.response summary').click();
    const sent = rx.at('/hooks')[0];
    assert.ok(
      (await delivery.locator('[data-part="request-headers"]').innerText()).includes(
        `X-Stora-Signature: ${sent.headers['x-stora-signature']}`,
      ),
    );
    assert.equal(await delivery.locator('[data-part="request-body"]').innerText(), sent.body);
    assert.match(await delivery.locator('[data-part="response"]').innerText(), /HTTP 200\s+thanks/);
    await shot('02-endpoint-delivery');
    await expectNoSeriousA11yViolations(page);

    // Resend: a new delivery, received again.
    await delivery.locator('button:text-is("Resend")').click();
    assert.match(await page.getByRole('status').innerText(), /queued again/);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    await rx.waitFor(() => rx.at('/hooks').length === 2);
    await page.reload();
    assert.equal(await page.locator('article.delivery').count(), 2);
    assert.match(await page.locator('article.delivery').first().innerText(), /Resend of/);
    await shot('03-resent');

    // The sandbox clock: preview three days, then advance by them.
    const before = (await api('GET', '/sandbox/clock')).body.clock;
    await page.goto(`${base}/backoffice/developers/clock`);
    await page.fill('#f-seconds', '3');
    await page.selectOption('#f-unit', 'days');
    await page.click('#advance-by button:text-is("Preview")');
    await page.waitForURL(/preview=by/);
    assert.match(await page.locator('#falls-due h2').innerText(), /Falls due by/);
    await shot('04-clock-preview');
    await expectNoSeriousA11yViolations(page);
    await page.click('#advance-by button:text-is("Advance by this")');
    assert.match(await page.getByRole('status').innerText(), /The clock moved/);
    const after = (await api('GET', '/sandbox/clock')).body.clock;
    assert.ok(after.offset_seconds - before.offset_seconds >= 3 * 86400);
    await shot('05-clock-advanced');
    await expectNoSeriousA11yViolations(page);

    // The inspector: the contact's request, linked to its record, its event and both deliveries.
    await page.goto(`${base}/backoffice/developers/requests?method=POST&path=contacts`);
    await shot('06-requests');
    await expectNoSeriousA11yViolations(page);
    await page.click(`tr[data-request-id="${requestId}"] a`);
    await page.waitForURL(new RegExp(`/requests/${requestId}$`));
    assert.match(await page.locator('#records').innerText(), new RegExp(`contact ${made.body.contact.id}`));
    assert.equal(await page.locator('#request-events article.delivery').count(), 2);
    await shot('07-request');
    await expectNoSeriousA11yViolations(page);

    // Its event, from the event log.
    await page.goto(`${base}/backoffice/developers/events?type=contact.created`);
    await expectNoSeriousA11yViolations(page);
    await page.locator('#events a.mono').first().click();
    assert.match(await page.locator('#payload').innerText(), /browser\.dev@example\.com/);
    await shot('08-event');
    await expectNoSeriousA11yViolations(page);
  });
});
