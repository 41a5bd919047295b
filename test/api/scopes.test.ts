import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES } from '../../src/kernel/scopes.ts';
import { SCOPE_WORDS, scopeRows } from '../../src/web/backoffice/scope-words.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes } from '../harness/routes.ts';

// A scope is offered (token forms, consent, scopes_supported) exactly when some endpoint needs it.
describe('scopes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('the grantable scopes are exactly the scopes the routes declare', () => {
    const used = new Set(allRoutes.map((r) => r.scope).filter(Boolean));
    assert.deepEqual([...SCOPES].sort(), [...used].sort());
    assert.deepEqual(Object.keys(SCOPE_WORDS).sort(), [...SCOPES].sort());
    assert.deepEqual(
      scopeRows()
        .flatMap((r) => [r.read, r.write].filter(Boolean))
        .sort(),
      [...SCOPES].sort(),
    );
  });

  test('each scope reads as the Authorization guide words it', () => {
    assert.deepEqual(SCOPE_WORDS['public.contract_template:read'], {
      name: 'Contract Template (Read)',
      description: 'Allow to read all contract templates',
    });
    assert.deepEqual(SCOPE_WORDS['public.tenancy:read'], {
      name: 'Tenancy (Read)',
      description: 'Allow to read all tenancies',
    });
    assert.equal(SCOPE_WORDS['public.staff:read'].description, 'Allow to read all staff');
    assert.equal(SCOPE_WORDS['public.product_category:read'].description, 'Allow to read all product categories');
    assert.equal(SCOPE_WORDS['public.timeline_event:write'].description, 'Allow to manage timeline events');
  });

  test('scopes_supported lists them, and a scope without an endpoint is refused', async () => {
    const meta = await t.get('/.well-known/oauth-authorization-server', { token: null });
    assert.deepEqual([...meta.body.scopes_supported].sort(), [...SCOPES].sort());
    const app = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'x',
      scopes: ['public.site:read'],
    });
    const res = await t.post(
      '/oauth2/token',
      {
        grant_type: 'client_credentials',
        client_id: app.application.clientId,
        client_secret: app.clientSecret,
        scope: 'public.timeline_event:read',
      },
      { token: null },
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
    await assert.rejects(
      t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
        name: 'y',
        scopes: ['public.access_token:read'],
      }),
    );
  });

  test('a scope never grants more than its resource: each write scope reaches only its own resource', async () => {
    // Reading never needs (nor is granted by) a write scope, and changes always need one.
    for (const r of allRoutes.filter((x) => x.scope)) {
      const access = r.scope!.endsWith(':write') ? 'write' : 'read';
      if (r.method === 'GET') assert.equal(access, 'read', `${r.method} ${r.url} needs a read scope`);
      else if (!r.url.startsWith('/sandbox')) assert.equal(access, 'write', `${r.method} ${r.url} needs a write scope`);
    }
    const dealsOnly = await t.tokenWith(['public.deal:read', 'public.deal:write']);
    assert.equal((await t.get('/2025-09/contacts', { token: dealsOnly })).status, 403);
    assert.equal((await t.get('/2025-09/tasks', { token: dealsOnly })).status, 403);
  });
});
