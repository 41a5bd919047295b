import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

// The demo credentials make the reference's OAuth examples work as written (issue 8, defect 5).
let t: TestApp;
let demo: DemoLoginCredentials;
before(async () => {
  t = await createTestApp();
  demo = t.creds as unknown as DemoLoginCredentials;
});
after(() => t.close());

test('the demo operator application answers the reference’s Client Credentials example as written', async () => {
  const app = demo.operator_application;
  assert.equal(app.operator_id, t.a.id);
  assert.equal(app.token_path, '/oauth2/token');
  // oauth2.md, "Retrieve an Access Token": JSON body, no Authorization header.
  const res = await t.post(
    app.token_path,
    {
      grant_type: 'client_credentials',
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: 'public.contact:write',
    },
    { token: null },
  );
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.body), ['access_token', 'token_type', 'expires_in', 'scope', 'created_at']);
  assert.equal(res.body.token_type, 'Bearer');
  assert.equal(res.body.expires_in, 7200);
  assert.equal(res.body.scope, 'public.contact:write');
  const created = await t.post(
    '/2025-09/contacts',
    { email: 'oauth-example@example.com', full_name: 'OAuth Example' },
    { token: res.body.access_token },
  );
  assert.equal(created.status, 201, created.text);
  const read = await t.get('/2025-09/sites', { token: res.body.access_token });
  assert.equal(read.status, 403, 'the token carries only the scope asked for');
});

test('the authentication guide’s form of the example (public.site:read) works too', async () => {
  const app = demo.operator_application;
  const res = await t.post(
    app.token_path,
    {
      grant_type: 'client_credentials',
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: 'public.site:read',
    },
    { token: null },
  );
  assert.equal(res.status, 200, res.text);
  const sites = await t.get('/2025-09/sites', { token: res.body.access_token });
  assert.equal(sites.status, 200);
  assert.ok(sites.body.sites.length > 0);
});

test('the partner application asked for Client Credentials answers unauthorized_client, not a bare 400', async () => {
  const partner = demo.partner_application;
  const res = await t.post(
    '/oauth2/token',
    {
      grant_type: 'client_credentials',
      client_id: partner.client_id,
      client_secret: partner.client_secret,
      scope: 'public.site:read',
    },
    { token: null },
  );
  assert.equal(res.status, 400);
  assert.equal(res.body.error, 'unauthorized_client');
  assert.match(res.body.error_description, /Authorization Code/);
});
