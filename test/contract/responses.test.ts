import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes, fillParams, listRouteFor } from '../harness/routes.ts';

/** Response schemas made strict: every declared key present, no undeclared key. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);

// Every GET list and show endpoint answers exactly the shape its declared schema (transcribed from the reference) says.
describe('responses match their declared schemas', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const check = (schema: unknown, body: unknown) => {
    const validate = ajv.compile(strict(JSON.parse(JSON.stringify(schema))));
    assert.ok(validate(body), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  };

  for (const route of allRoutes.filter((r) => r.method === 'GET' && r.response && !r.url.startsWith('/sandbox'))) {
    if (route.envelope.kind === 'list' && !route.url.includes(':')) {
      for (const token of ['a', 'b'] as const) {
        test(`${route.url} (operator ${token})`, async () => {
          const res = await t.get(route.url, { token: t[token].token });
          assert.equal(res.status, 200);
          check(route.response, res.body);
        });
      }
    }
    const list = listRouteFor(route);
    if (list) {
      test(`${route.url}`, async (ctx) => {
        const key = list.envelope.kind === 'list' ? list.envelope.key : '';
        const items = (await t.get(list.url)).body[key];
        if (!items?.length) return ctx.skip('no resource to show');
        for (const item of items.slice(0, 5)) {
          const res = await t.get(fillParams(route.url, item.id));
          assert.equal(res.status, 200);
          check(route.response, res.body);
          assert.deepEqual(Object.keys(Object.values(res.body)[0] as object), Object.keys(item), 'show and list render alike');
        }
      });
    }
  }
});
