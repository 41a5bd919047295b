import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { consent, signedInStaff } from '../harness/oauth-consent.ts';

const BASE = '/backoffice/settings/public-api';
const PASSWORD = 'correct horse battery staple';

/** Settings → Public API creates Authorization Code (partner) applications too, its secret shown once. */
describe(`back office: partner applications (${STORE})`, () => {
  let t: TestApp;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp();
    staff = await signedInStaff(t);
    await staff.get('/backoffice/settings');
    assert.equal((await staff.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
  });
  after(() => t.close());

  test('the page lists the partner applications and refuses a bad one at its field, keeping what was typed', async () => {
    const page = await staff.get(BASE);
    assert.equal(page.status, 200);
    const section = page.body.slice(page.body.indexOf('id="partner-applications"'));
    assert.match(section, /<td>Demo Partner Integration<\/td>/);
    const none = await staff.post(`${BASE}/partner-applications`, {
      name: 'No redirect',
      redirect_uris: '',
      scopes: 'public.site:read',
    });
    assert.equal(none.status, 422);
    assert.match(
      none.body,
      /Could not create the partner application: redirect_uris a partner application needs at least one redirect URI/,
    );
    assert.match(none.body, /value="No redirect"/);
    const bad = await staff.post(`${BASE}/partner-applications`, {
      name: 'Bad redirect',
      redirect_uris: 'https://ok.example.com/cb\njavascript:alert(1)',
      scopes: 'public.site:read',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Could not create the partner application: redirect_uris /);
    assert.ok(bad.body.includes('javascript:alert(1)</textarea>'), 'the typed URIs are kept');
    const noScope = await staff.post(`${BASE}/partner-applications`, {
      name: 'No scope',
      redirect_uris: 'https://ok.example.com/cb',
    });
    assert.equal(noScope.status, 422);
    assert.match(noScope.body, /choose at least one scope/);
    const forged = await staff.post(`${BASE}/partner-applications`, {
      _csrf: 'forged',
      name: 'Forged',
      redirect_uris: 'https://ok.example.com/cb',
      scopes: 'public.site:read',
    });
    assert.equal(forged.status, 403);
  });

  test('created once with its secret shown, it completes the Authorization Code flow; staff cannot create one', async () => {
    const redirect = 'https://partner.example.com/oauth/callback';
    const made = await staff.post(`${BASE}/partner-applications`, {
      name: 'Insurance connector',
      redirect_uris: `${redirect}\r\nhttp://127.0.0.1/callback`,
      scopes: ['public.site:read', 'public.contact:read'],
    });
    assert.equal(made.status, 200, made.body.slice(0, 500));
    assert.match(made.body, /Partner application created/);
    const clientId = made.body.match(/data-field="Client ID">([^<]+)</)![1];
    const clientSecret = made.body.match(/data-field="Client secret">([^<]+)</)![1];
    assert.ok(!(await staff.get(BASE)).body.includes(clientSecret), 'the secret is never shown again');
    assert.match((await staff.get(BASE)).body, /<td>Insurance connector<\/td>/);

    const authorize = `http://lockyard.test/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirect,
      scope: 'public.site:read',
      state: 'xyz',
    })}`;
    const callback = new URL(await consent(staff, authorize, t.a.id));
    assert.equal(`${callback.origin}${callback.pathname}`, redirect);
    assert.equal(callback.searchParams.get('state'), 'xyz');
    const exchanged = await t.lockyard.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: redirect,
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    assert.equal(exchanged.statusCode, 200, exchanged.body);
    const token = JSON.parse(exchanged.body).access_token;
    assert.equal((await t.get('/2025-09/sites?limit=1', { token })).status, 200);
    assert.equal((await t.get('/2025-09/contacts?limit=1', { token })).status, 403, 'only the granted scope');

    await t.lockyard.services.team.add(t.a.id, {
      email: 'desk@partners.example.com',
      name: 'Desk',
      role: 'staff',
      password: PASSWORD,
    });
    const desk = new BackofficeSession(t.lockyard.app, '10.0.0.7');
    assert.equal((await desk.signIn('desk@partners.example.com', PASSWORD)).status, 303);
    await desk.get('/backoffice/settings');
    const refused = await desk.post(`${BASE}/partner-applications`, {
      name: 'Sneaky',
      redirect_uris: redirect,
      scopes: 'public.site:read',
    });
    assert.equal(refused.status, 403);
  });
});
