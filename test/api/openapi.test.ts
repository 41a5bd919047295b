import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { allRoutes } from '../harness/routes.ts';
import { EMITTED_EVENT_TYPES } from '../../src/domain/events/event-map.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Object schemas made strict (no undeclared key), as the contract tests read the show schemas. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  before(async () => {
    t = await createTestApp();
    const res = await t.get('/2025-09/openapi.json', { token: null });
    assert.equal(res.status, 200);
    doc = res.body;
  });
  after(() => t.close());

  test('validates against the OpenAPI 3.1 schema (and the validator does refuse a broken document)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    const broken = structuredClone(doc);
    broken.paths['/2025-09/sites'].get.responses = 'none';
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  test('is OpenAPI 3.1 and lists every implemented endpoint with its scope, parameters and schemas', async () => {
    assert.match(doc.openapi, /^3\.1/);
    for (const route of allRoutes) {
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${path} missing`);
      assert.equal(op.operationId, route.operationId);
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

  test('every operation has a description that names the scope it requires, and says so in security', () => {
    for (const route of allRoutes) {
      const op = doc.paths[route.url.replace(/:([a-z_]+)/g, '{$1}')][route.method.toLowerCase()];
      const name = `${route.method} ${route.url}`;
      assert.ok(op.description?.length > op.summary.length, `${name} has a description`);
      if (route.public) {
        assert.deepEqual(op.security, [], name);
        assert.match(op.description, /no token is needed/, name);
      } else if (route.scope) {
        assert.equal(op['x-required-scope'], route.scope, name);
        assert.deepEqual(op.security, [{ bearerAuth: [route.scope] }, { oauth2: [route.scope] }], name);
        assert.ok(op.description.includes(`**Required scope:** \`${route.scope}\``), name);
      } else {
        assert.equal(op['x-required-scope'], null, name);
        assert.deepEqual(op.security, [{ bearerAuth: [] }, { oauth2: [] }], name);
        assert.match(op.description, /any valid token/, name);
      }
    }
    const schemes = doc.components.securitySchemes;
    assert.equal(schemes.oauth2.flows.clientCredentials.tokenUrl, 'http://lockyard.test/oauth2/token');
    assert.deepEqual(Object.keys(schemes.oauth2.flows.authorizationCode.scopes), [...SCOPES]);
  });

  test('the OAuth endpoints are documented, and each documented one answers', async () => {
    const oauth = [
      '/oauth2/token',
      '/oauth2/revoke',
      '/oauth2/introspect',
      '/oauth2/token/info',
      '/.well-known/oauth-authorization-server',
    ];
    for (const path of oauth) {
      const [method, op] = Object.entries(doc.paths[path] ?? {})[0] as [string, any];
      assert.ok(op?.description, `${path} documented`);
      assert.deepEqual(op.tags, ['OAuth']);
      const res = await t.request(method.toUpperCase(), path, { token: null });
      assert.notEqual(res.status, 404, `${method} ${path} exists`);
      assert.ok(Object.keys(op.responses).includes(String(res.status)), `${path} answered ${res.status}, documented`);
    }
    const metadata = await t.get('/.well-known/oauth-authorization-server', { token: null });
    const schema =
      doc.paths['/.well-known/oauth-authorization-server'].get.responses['200'].content['application/json'].schema;
    assert.ok(ajv.validate(schema, metadata.body), JSON.stringify(ajv.errors));
  });

  test('the errors section the envelope links to is linked from the document', () => {
    assert.match(doc.info.description, /\(\/docs\/errors\)/);
  });

  test('every emitted event type has a webhook whose payload schema matches real events', async () => {
    assert.deepEqual(Object.keys(doc.webhooks).sort(), [...EMITTED_EVENT_TYPES].sort());
    for (const type of EMITTED_EVENT_TYPES) {
      const op = doc.webhooks[type].post;
      assert.ok(op.description && op['x-required-scope'], type);
      const data = op.requestBody.content['application/json'].schema.properties.event.properties.data;
      const key = type.slice(0, type.indexOf('.'));
      assert.deepEqual(data.required, [key], type);
    }
    // Events as they are delivered (the seed's and some made now) validate against their type's documented payload.
    const contact = (
      await t.post('/2025-09/contacts', { email: 'openapi-webhooks@example.org', full_name: 'Webhook Schema' })
    ).body.contact;
    assert.ok(contact?.id);
    assert.equal((await t.patch(`/2025-09/contacts/${contact.id}`, { full_name: 'Webhook Schemas' })).status, 200);
    assert.equal((await t.post('/2025-09/tasks', { title: 'Check the schema' })).status, 201);
    assert.equal((await t.post('/2025-09/notes', { content: 'A note', resource: { id: contact.id } })).status, 201);
    const seen = new Set<string>();
    for (let page = 1; page <= 20; page++) {
      const res = await t.get(`/sandbox/events?limit=100&page=${page}`);
      assert.equal(res.status, 200);
      for (const event of res.body.events) {
        if (seen.has(event.type)) continue;
        seen.add(event.type);
        const schema = doc.webhooks[event.type].post.requestBody.content['application/json'].schema;
        const validate = ajv.compile(strict(schema));
        assert.ok(validate({ event }), `${event.type}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
      if (!res.body.meta.pagination.next) break;
    }
    for (const type of ['order.created', 'contact.created', 'contact.updated', 'task.created', 'note.created'])
      assert.ok(seen.has(type), `checked ${type}`);
  });

  test('a browsable reference page is served', async () => {
    const res = await t.get('/docs/', { token: null });
    assert.equal(res.status, 200);
    assert.match(res.text, /<html/i);
  });
});
