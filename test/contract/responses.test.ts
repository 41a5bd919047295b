import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes, fillParams, listRouteFor, malformedCases } from '../harness/routes.ts';

/** Response schemas made strict: every declared key present, no undeclared key. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
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
      test(`${route.url}`, async () => {
        const key = list.envelope.kind === 'list' ? list.envelope.key : '';
        const items = (await t.get(list.url)).body[key];
        // A skip would leave a show endpoint's shape unchecked: the demo seed must hold one of each.
        assert.ok(items?.length, `the demo seed has no ${key} to show: seed one (src/sandbox/seed/)`);
        for (const item of items.slice(0, 5)) {
          const res = await t.get(fillParams(route.url, item.id));
          assert.equal(res.status, 200);
          check(route.response, res.body);
          assert.deepEqual(
            Object.keys(Object.values(res.body)[0] as object),
            Object.keys(item),
            'show and list render alike',
          );
        }
      });
    }
  }

  // Refused input answers the error envelope exactly (misc.md "Errors"): one request of each
  // malformed-input class (test/harness/routes.ts) on every route, API, sandbox and public alike.
  for (const route of allRoutes) {
    const cases = [...new Map(malformedCases(route).map((c) => [c.kind, c])).values()];
    if (!cases.length) continue;
    test(`${route.method} ${route.url}: error envelope for ${cases.length} kinds of malformed input`, async () => {
      for (const c of cases) {
        const res = await t.request(c.method, c.url, c.raw === undefined ? {} : { raw: c.raw });
        assert.equal(res.status, c.status, `${c.label}: ${res.text.slice(0, 200)}`);
        assert.match(String(res.headers['content-type']), /^application\/json/, c.label);
        assert.equal(res.headers['x-request-id'], res.body.error.request_id, c.label);
        check(ErrorEnvelope, res.body);
      }
    });
  }
});

/** The error envelope as misc.md shows it; `strict` adds additionalProperties: false throughout. */
const ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'details', 'links', 'message', 'request_id', 'type'],
      properties: {
        code: {
          enum: [
            'invalid_request',
            'api_error',
            'invalid_token',
            'forbidden',
            'resource_not_found',
            'invalid_endpoint',
            'invalid_format',
            'conflict',
            'invalid_url_param',
            'invalid_content',
            'too_many_requests',
            'internal_server_error',
          ],
        },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['message', 'pointer'],
            properties: { message: { type: 'string', minLength: 1 }, pointer: { type: 'string', pattern: '^(/.*)?$' } },
          },
        },
        links: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'name', 'url'],
            properties: { kind: { type: 'string' }, name: { type: 'string' }, url: { type: 'string', format: 'uri' } },
          },
        },
        message: { type: 'string', minLength: 1 },
        request_id: { type: 'string', format: 'uuid' },
        type: { enum: ['invalid_request_error', 'api_error'] },
      },
    },
  },
};
