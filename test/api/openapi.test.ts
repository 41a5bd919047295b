import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes } from '../harness/routes.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('is OpenAPI 3.1 and lists every implemented endpoint with its scope, parameters and schemas', async () => {
    const res = await t.get('/2025-09/openapi.json', { token: null });
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.match(doc.openapi, /^3\.1/);
    for (const route of allRoutes) {
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${path} missing`);
      assert.equal(op.operationId, route.operationId);
      if (!route.public) assert.deepEqual(op.security, [{ bearerAuth: [] }]);
      if (route.body) assert.ok(op.requestBody?.content?.['application/json']?.schema, `${path} body`);
      if (route.response) assert.ok(Object.values(op.responses ?? {}).length, `${path} response`);
    }
    const list = doc.paths['/2025-09/unit_types'].get;
    assert.deepEqual(list.parameters.map((p: any) => p.name).sort(), [
      'expand',
      'limit',
      'page',
      'site_id',
      'sort_by',
      'sort_direction',
    ]);
  });

  test('a browsable reference page is served', async () => {
    const res = await t.get('/docs/', { token: null });
    assert.equal(res.status, 200);
    assert.match(res.text, /<html/i);
  });
});
