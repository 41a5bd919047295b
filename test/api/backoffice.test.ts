import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { cookieFlags, safeReturnTo } from '../../src/web/backoffice/web-kit.ts';

const BASE = '/backoffice/settings/public-api';

describe('back office: sign-in and Settings → Public API', () => {
  let t: TestApp;
  let demo: DemoLoginCredentials;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp();
    demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    const res = await staff.signIn(demo.staff_login.email, demo.staff_login.password);
    assert.equal(res.status, 303);
  });
  after(() => t.close());

  test('pages need a session; sign-in sets a database-backed, HttpOnly, SameSite=Lax cookie', async () => {
    const anon = new BackofficeSession(t.lockyard.app);
    const res = await anon.get(BASE);
    assert.equal(res.status, 303);
    assert.equal(res.location, `/backoffice/sign-in?return_to=${encodeURIComponent(BASE)}`);
    await anon.get(res.location!);
    const signed = await anon.post('/backoffice/sign-in', {
      email: demo.staff_login.email,
      password: demo.staff_login.password,
      return_to: BASE,
    });
    assert.equal(signed.status, 303);
    assert.equal(signed.location, BASE);
    const cookie = [signed.headers['set-cookie']].flat().find((c) => c!.startsWith('lockyard_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http in tests');
    assert.equal(cookieFlags('https://lockyard.example').secure, true);
    const page = await anon.get(BASE);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Public API<\/h1>/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['cache-control'], 'no-store');

    const out = await anon.post('/backoffice/sign-out');
    assert.equal(out.status, 303);
    assert.equal((await anon.get(BASE)).status, 303, 'the session row is gone');
  });

  test('return_to never leaves the site', () => {
    assert.equal(safeReturnTo('https://evil.example/'), '/backoffice');
    assert.equal(safeReturnTo('//evil.example/backoffice'), '/backoffice');
    assert.equal(safeReturnTo('/oauth2/authorize?client_id=x'), '/oauth2/authorize?client_id=x');
  });

  test('every form needs the CSRF token', async () => {
    const forged = await staff.post(`${BASE}/tokens`, {
      _csrf: 'forged',
      name: 'x',
      scopes: 'public.site:read',
      expires_in: '30',
    });
    assert.equal(forged.status, 403);
    assert.match(forged.body, /Form expired/);
    const anon = new BackofficeSession(t.lockyard.app);
    const noSecret = await anon.post('/backoffice/sign-in', {
      email: demo.staff_login.email,
      password: demo.staff_login.password,
    });
    assert.equal(noSecret.status, 403);
  });

  test('generates an access token shown once, which the API accepts with its scopes; revoking it refuses it', async () => {
    await staff.get(BASE);
    const res = await staff.post(`${BASE}/tokens`, {
      name: 'Reporting script',
      scopes: ['public.site:read', 'public.contact:read'],
      expires_in: '30',
    });
    assert.equal(res.status, 200);
    const token = res.body.match(/data-field="Access token">([^<]+)</)![1];
    assert.match(res.body, /Copy it now/);
    assert.equal((await t.get('/2025-09/sites', { token })).status, 200);
    assert.equal((await t.get('/2025-09/unit_types', { token })).status, 403);
    const info = await t.get('/oauth2/token/info', { token });
    assert.equal(info.body.expires_in - info.body.created_at, 30 * 86400);

    const page = await staff.get(BASE);
    assert.match(page.body, /Reporting script/);
    assert.ok(!page.body.includes(token), 'the list never shows the token again');
    const id = page.body.match(/<tr data-token-id="(tok_[0-9a-f]+)">\s*<td>Reporting script/)![1];
    const revoked = await staff.post(`${BASE}/tokens/${id}/revoke`);
    assert.equal(revoked.status, 303);
    assert.equal((await t.get('/2025-09/sites', { token })).status, 401);
    assert.match((await staff.get(revoked.location!)).body, /The access token was revoked/);
  });

  test('invalid token form is re-shown with the problem', async () => {
    await staff.get(BASE);
    const res = await staff.post(`${BASE}/tokens`, { name: 'No scopes', expires_in: '30' });
    assert.equal(res.status, 422);
    assert.match(res.body, /choose at least one scope/);
    assert.match(res.body, /value="No scopes"/);
  });

  test('creates, rotates and deletes an operator application', async () => {
    await staff.get(BASE);
    const created = await staff.post(`${BASE}/applications`, { name: 'Booking widget', scopes: ['public.site:read'] });
    assert.equal(created.status, 200);
    const clientId = created.body.match(/data-field="Client ID">([^<]+)</)![1];
    const secret = created.body.match(/data-field="Client secret">([^<]+)</)![1];
    const grant = (s: string) =>
      t.post(
        '/oauth2/token',
        { grant_type: 'client_credentials', client_id: clientId, client_secret: s, scope: 'public.site:read' },
        { token: null },
      );
    const first = await grant(secret);
    assert.equal(first.status, 200);

    const page = await staff.get(BASE);
    const appId = page.body.match(/<tr data-application-id="(app_[0-9a-f]+)">\s*<td>Booking widget/)![1];
    assert.ok(!page.body.includes(secret));
    const rotated = await staff.post(`${BASE}/applications/${appId}/rotate-secret`);
    const newSecret = rotated.body.match(/data-field="Client secret">([^<]+)</)![1];
    assert.equal((await grant(secret)).status, 401);
    assert.equal((await grant(newSecret)).status, 200);

    // Another operator's staff cannot touch it: operator B's id space does not contain it.
    await staff.post('/backoffice/operator', { operator_id: t.b.id });
    const foreign = await staff.post(`${BASE}/applications/${appId}/delete`);
    assert.equal(foreign.status, 404);
    await staff.post('/backoffice/operator', { operator_id: t.a.id });

    const deleted = await staff.post(`${BASE}/applications/${appId}/delete`);
    assert.equal(deleted.status, 303);
    assert.equal(
      (await t.get('/2025-09/sites', { token: first.body.access_token })).status,
      401,
      'its tokens are revoked',
    );
    assert.equal((await grant(newSecret)).status, 401);
  });

  test('sign-in is throttled after repeated failures, even with the right password', async () => {
    const victim = await t.lockyard.services.staffLogins.createUser({
      email: 'throttle@lockyard.test',
      name: 'T',
      password: 'a long enough password',
    });
    await t.lockyard.services.staffLogins.addMembership(victim.id, t.a.id, null);
    const s = new BackofficeSession(t.lockyard.app);
    for (let i = 0; i < 5; i++) {
      const res = await s.signIn(victim.email, 'wrong password!');
      assert.equal(res.status, 401);
      assert.match(res.body, /do not match/);
    }
    const blocked = await s.signIn(victim.email, 'a long enough password');
    assert.equal(blocked.status, 429);
    assert.match(blocked.body, /Too many failed sign-in attempts/);
    assert.equal(s.cookie('lockyard_session'), undefined);
  });
});
