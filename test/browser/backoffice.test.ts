import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness/test-app.ts';
import { openBrowserSuite, type BrowserSuite } from '../harness/browser-suite.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { CHROMIUM_SKIP, expectNoSeriousA11yViolations } from '../harness/chromium.ts';

// A real browser against a listening server: sign-in, consent, and the Public API settings pages.
describe('back office in headless Chromium', { skip: CHROMIUM_SKIP }, () => {
  let s: BrowserSuite;
  let t: TestApp;
  let page: Page;
  let base: string;
  let demo: DemoLoginCredentials;
  let partnerSite: Server;
  let partner: { clientId: string; clientSecret: string; redirectUri: string };
  const shot = (name: string) => s.shot(name);

  before(async () => {
    s = await openBrowserSuite('backoffice');
    ({ t, page, base } = s);
    demo = t.creds as unknown as DemoLoginCredentials;
    // The partner's own site: its callback page is where the browser lands after consent.
    partnerSite = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Partner callback</h1>'),
    );
    await new Promise<void>((resolve) => partnerSite.listen(0, '127.0.0.1', resolve));
    const redirectUri = `http://127.0.0.1:${(partnerSite.address() as AddressInfo).port}/callback`;
    const { application, clientSecret } = await t.lockyard.services.oauth.applications.createPartner({
      name: 'Smart Entry Partner',
      redirectUris: [redirectUri],
      scopes: ['public.site:read', 'public.contact:read', 'public.order:read'],
    });
    partner = { clientId: application.clientId, clientSecret, redirectUri };
  });
  after(async () => {
    partnerSite?.close();
    await s?.close();
  });

  const verifier = randomBytes(32).toString('base64url');
  let partnerTokens: { access_token: string; refresh_token: string };

  test('a partner link leads through sign-in and consent back to the partner with a code', async () => {
    const query = new URLSearchParams({
      client_id: partner.clientId,
      redirect_uri: partner.redirectUri,
      response_type: 'code',
      scope: 'public.site:read public.contact:read public.order:read',
      state: 'browser-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    await page.goto(`${base}/oauth2/authorize?${query}`);
    assert.match(page.url(), /\/backoffice\/sign-in\?return_to=/);
    await page.fill('#email', demo.staff_login.email);
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    assert.equal(await page.textContent('[role=alert]'), 'That email and password do not match.');
    await shot('01-sign-in-error');
    await expectNoSeriousA11yViolations(page);
    await page.fill('#password', demo.staff_login.password);
    await Promise.all([page.waitForURL(/\/oauth2\/authorize\?/), page.click('button[type=submit]')]);

    assert.equal(await page.textContent('.consent-app'), 'Smart Entry Partner');
    const scopes = await page.locator('ul.scope-list li strong').allTextContents();
    assert.deepEqual(scopes, ['Contact (Read)', 'Order (Read)', 'Site (Read)']);
    const operators = await page.locator('.operator-choice label').allTextContents();
    assert.deepEqual(
      operators.map((s) => s.trim()),
      ['Acme Self Storage', 'Harbour Storage Co'],
    );
    await shot('02-consent');
    await expectNoSeriousA11yViolations(page);

    await page.check(`input[name=operator_id][value="${t.a.id}"]`);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(partner.redirectUri)),
      page.click('button[value=approve]'),
    ]);
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'browser-state');
    const code = callback.searchParams.get('code')!;
    assert.ok(code);

    const res = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: partner.redirectUri,
        code_verifier: verifier,
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
      }),
    });
    assert.equal(res.status, 200);
    partnerTokens = await res.json();
    const sites = await fetch(`${base}/2025-09/sites`, {
      headers: { authorization: `Bearer ${partnerTokens.access_token}` },
    });
    assert.equal(sites.status, 200);
  });

  test('Settings → Public API: generate a token, create an application, revoke the partner', async () => {
    await page.goto(`${base}/backoffice/settings/public-api`);
    assert.equal(await page.textContent('h1'), 'Public API');
    assert.match((await page.textContent('#authorised-applications')) ?? '', /Smart Entry Partner/);
    await shot('03-settings');
    await expectNoSeriousA11yViolations(page);

    await page.click('#generate-token > summary');
    await page.fill('#token-name', 'Browser token');
    await page.check('[id="token-public.unit:read"]');
    await page.selectOption('#token-expiry', '90');
    await shot('04-generate-token-form');
    await page.click('#access-tokens button.primary');
    assert.equal(await page.textContent('h1'), 'Access token generated');
    const token = (await page.textContent('[data-field="Access token"]'))!;
    const units = await fetch(`${base}/2025-09/units`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(units.status, 200);
    await shot('05-token-shown-once');

    await page.click('text=Back to Public API settings');
    await page.click('#create-application > summary');
    await page.fill('#app-name', 'Booking widget');
    await page.check('[id="app-public.site:read"]');
    await page.click('#applications button.primary');
    assert.equal(await page.textContent('h1'), 'Application created');
    await shot('06-application-created');

    await page.click('text=Back to Public API settings');
    assert.match((await page.textContent('#applications table')) ?? '', /Booking widget/);
    assert.match((await page.textContent('#access-tokens table')) ?? '', /Browser token/);
    await page.click('#authorised-applications button.danger');
    assert.match((await page.textContent('[role=status]')) ?? '', /Access was revoked/);
    assert.match((await page.textContent('#authorised-applications')) ?? '', /No partner applications are authorised/);
    await shot('07-after-revoke');

    const refreshed = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: partnerTokens.refresh_token,
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
      }),
    });
    assert.equal(refreshed.status, 400);
    assert.equal((await refreshed.json()).error, 'invalid_grant');
    const refused = await fetch(`${base}/2025-09/sites`, {
      headers: { authorization: `Bearer ${partnerTokens.access_token}` },
    });
    assert.equal(refused.status, 401);
  });

  test('Units: an overlocked unit’s page shows its shut door; repossessing it revokes the code', async () => {
    await page.goto(`${base}/backoffice/units?status=overlock`);
    await page.click('a.unit-tile');
    assert.equal(await page.getAttribute('#unit-status', 'data-status'), 'overlock');
    assert.equal(await page.getAttribute('#door [data-state]', 'data-state'), 'restricted');
    assert.match((await page.getAttribute('#door [data-code]', 'data-code')) ?? '', /^\d{6}$/);
    await shot('08-unit-overlocked');
    await page.click('button:has-text("Repossess")');
    assert.match((await page.textContent('[role=status]')) ?? '', /repossessed/);
    assert.equal(await page.getAttribute('#unit-status', 'data-status'), 'repossessed');
    assert.equal(await page.getAttribute('#door [data-state]', 'data-state'), 'revoked');
    await shot('09-unit-repossessed');
  });
});
