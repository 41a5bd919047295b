import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES } from '../../src/kernel/scopes.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import {
  allRoutes,
  fillParams,
  listRouteFor,
  malformedCases,
  paramNames,
  showRouteForParam,
} from '../harness/routes.ts';
import { rowCounts } from '../harness/row-counts.ts';

/** Path parameters whose resources the demo seed cannot hold, with where their isolation is tested instead. */
const ISOLATION_EXEMPT: Record<string, string> = {
  delivery_id: 'deliveries exist only once a webhook is sent; test/api/webhooks.test.ts',
  request_id: 'requests are logged only once made; test/api/request-inspector.test.ts',
};

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
      test(`${route.method} ${route.url}: operator B gets 404 for operator A's id`, async () => {
        const key = list.envelope.kind === 'list' ? list.envelope.key : '';
        const items = (await t.get(`${list.url}?limit=1`)).body[key];
        // A skip would leave a resource untested for isolation: the demo seed must hold one of each.
        assert.ok(items?.length, `the demo seed gives operator A no ${key}: seed one (src/sandbox/seed/)`);
        const own = await t.get(fillParams(route.url, items[0].id));
        assert.equal(own.status, 200);
        const res = await t.get(fillParams(route.url, items[0].id), { token: t.b.token });
        assert.equal(res.status, 404);
        assert.equal(res.body.error.code, 'resource_not_found');
      });
    } else if (paramNames(route.url).length && !ISOLATION_EXEMPT[paramNames(route.url)[0]]) {
      // Writes and nested reads: operator B, with operator A's id, changes nothing and learns nothing.
      const param = paramNames(route.url)[0];
      test(`${route.method} ${route.url}: operator B cannot reach operator A's ${param}`, async () => {
        const show = showRouteForParam(param);
        const list = show && listRouteFor(show);
        assert.ok(
          show && list,
          `no GET route shows and lists :${param}: add one, or exempt it in ISOLATION_EXEMPT with the reason`,
        );
        const key = list.envelope.kind === 'list' ? list.envelope.key : '';
        const id = (await t.get(`${list.url}?limit=1`)).body[key]?.[0]?.id;
        assert.ok(id, `the demo seed gives operator A no ${key}: seed one (src/sandbox/seed/)`);
        const target = route.url.replace(`:${param}`, id).replace(/:[a-z_]+/g, 'x_0000000000000000');
        const seen = async () => ({ ...(await t.get(fillParams(show.url, id))).body, meta: undefined });
        const [rowsBefore, shownBefore] = [await rowCounts(t.lockyard.database.db), await seen()];
        const res = await t.request(route.method, target, {
          token: t.b.token,
          ...(route.method === 'POST' || route.method === 'PATCH' ? { raw: '{}' } : {}),
        });
        // 404 proves the lookup is per operator; a 422 (the body checked first) at least proves nothing was done.
        assert.ok(res.status === 404 || res.status === 422, `${res.status} ${res.text.slice(0, 200)}`);
        assert.equal(res.body.error.code, res.status === 404 ? 'resource_not_found' : 'invalid_content');
        assert.deepEqual(await rowCounts(t.lockyard.database.db), rowsBefore);
        assert.deepEqual(await seen(), shownBefore, "operator A's resource changed");
      });
    }
  }

  // Malformed input of every class (test/harness/routes.ts) is a 4xx in the envelope, with its pointer,
  // and writes nothing.
  for (const route of allRoutes) {
    const cases = malformedCases(route);
    if (!cases.length) continue;
    test(`${route.method} ${route.url}: ${cases.length} malformed inputs refused, nothing written`, async () => {
      const before = route.method === 'GET' ? undefined : await rowCounts(t.lockyard.database.db);
      const failures: string[] = [];
      for (const c of cases) {
        const res = await t.request(c.method, c.url, c.raw === undefined ? {} : { raw: c.raw });
        const error = res.body?.error;
        const pointers: string[] = (error?.details ?? []).map((d: { pointer: string }) => d.pointer);
        const problem =
          res.status !== c.status
            ? `status ${res.status} (${res.text.slice(0, 120)})`
            : error?.code !== c.code
              ? `code ${error?.code}`
              : typeof error.request_id !== 'string' || !Array.isArray(error.details)
                ? 'not the envelope'
                : c.pointer !== undefined && !pointers.includes(c.pointer)
                  ? `pointers ${JSON.stringify(pointers)}`
                  : undefined;
        if (problem)
          failures.push(
            `${c.label}: expected ${c.status} ${c.code}${c.pointer === undefined ? '' : ` at ${JSON.stringify(c.pointer)}`}, got ${problem}`,
          );
      }
      assert.deepEqual(failures, []);
      if (before) assert.deepEqual(await rowCounts(t.lockyard.database.db), before, 'a refused request wrote rows');
    });
  }
});
