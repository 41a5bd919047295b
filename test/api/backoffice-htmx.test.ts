import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

/** htmx in the back office (docs/decisions/backoffice-htmx.md): the server's side of it; the browser's is in
 *  test/browser/backoffice-day-to-day.test.ts. */
describe('back office: htmx', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  const hx = { 'hx-request': 'true' };

  before(async () => {
    t = await createTestApp();
    const demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
  });
  after(() => t.close());

  test('the pinned htmx is served from the back office, and pages may run only their own scripts', async () => {
    const res = await t.lockyard.app.inject({ method: 'GET', url: '/backoffice/assets/htmx.min.js' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
    const pinned = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
    assert.equal(res.body, pinned);
    const version = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('htmx.org/package.json'), 'utf8'),
    ).version;
    assert.equal(version, JSON.parse(readFileSync('package.json', 'utf8')).dependencies['htmx.org']);

    const page = await staff.get('/backoffice/deals');
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /connect-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(page.body, /<script src="\/backoffice\/assets\/htmx\.min\.js" defer><\/script>/);
    assert.match(page.body, /<meta name="htmx-config" content="[^"]*&quot;allowEval&quot;:false/);
    // The plain form and its htmx twin post to the same place.
    const forms = [...page.body.matchAll(/<form method="post" action="([^"]+)" hx-post="([^"]+)"/g)];
    assert.ok(forms.length > 0);
    for (const [, action, hxPost] of forms) assert.equal(hxPost, action);
  });

  test('an error page replaces the page content; a signed-out htmx request navigates to sign-in', async () => {
    const missing = await t.lockyard.app.inject({
      method: 'GET',
      url: '/backoffice/units/unit_missing',
      headers: { ...hx, cookie: staff.cookieHeader() },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers['hx-retarget'], 'main');
    assert.equal(missing.headers['hx-reselect'], 'main');
    const plain = await staff.get('/backoffice/units/unit_missing');
    assert.equal(plain.status, 404);
    assert.equal(plain.headers['hx-retarget'], undefined);

    const anon = await t.lockyard.app.inject({ method: 'GET', url: '/backoffice/tasks?view=all', headers: hx });
    assert.equal(anon.statusCode, 204);
    assert.equal(anon.headers['hx-redirect'], '/backoffice/sign-in?return_to=%2Fbackoffice%2Ftasks%3Fview%3Dall');
    const anonPlain = await t.lockyard.app.inject({ method: 'GET', url: '/backoffice/tasks?view=all' });
    assert.equal(anonPlain.statusCode, 303);
    // Back after htmx pushed a URL, with nothing cached: the whole page, as a plain GET gets it.
    const restore = await t.lockyard.app.inject({
      method: 'GET',
      url: '/backoffice/tasks',
      headers: { ...hx, 'hx-history-restore-request': 'true' },
    });
    assert.equal(restore.statusCode, 303);
  });
});
