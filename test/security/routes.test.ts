import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES } from '../../src/kernel/scopes.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes, fillParams, listRouteFor } from '../harness/routes.ts';

// Generated from the route declarations: every endpoint refuses a missing token, a token without its
// scope, and never shows operator A's resources to operator B.
describe('security of every declared route', () => {
  let t: TestApp;
  let withoutScope: Map<string, string>;
  before(async () => {
    t = await createTestApp();
    withoutScope = new Map();
    for (const scope of new Set(allRoutes.map((r) => r.scope).filter(Boolean))) {
      withoutScope.set(scope!, await t.tokenWith(SCOPES.filter((s) => s !== scope)));
    }
  });
  after(() => t.close());

  for (const route of allRoutes.filter((r) => !r.public)) {
    const url = fillParams(route.url);
    test(`${route.method} ${route.url}: no token → 401`, async () => {
      const res = await t.request(route.method, url, { token: null });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'invalid_token');
    });
    if (route.scope) {
      test(`${route.method} ${route.url}: without ${route.scope} → 403`, async () => {
        const res = await t.request(route.method, url, { token: withoutScope.get(route.scope!) });
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'forbidden');
      });
    }
    const list = route.method === 'GET' ? listRouteFor(route) : undefined;
    if (list && (route.url.match(/:/g) ?? []).length === 1) {
      test(`${route.method} ${route.url}: operator B gets 404 for operator A's id`, async (ctx) => {
        const key = list.envelope.kind === 'list' ? list.envelope.key : '';
        const items = (await t.get(`${list.url}?limit=1`)).body[key];
        if (!items?.length) return ctx.skip('operator A has none');
        const own = await t.get(fillParams(route.url, items[0].id));
        assert.equal(own.status, 200);
        const res = await t.get(fillParams(route.url, items[0].id), { token: t.b.token });
        assert.equal(res.status, 404);
        assert.equal(res.body.error.code, 'resource_not_found');
      });
    }
  }
});
