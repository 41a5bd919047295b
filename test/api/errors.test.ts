import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

function assertEnvelope(body: any, code: string, type = 'invalid_request_error') {
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'links', 'message', 'request_id', 'type']);
  assert.equal(body.error.code, code);
  assert.equal(body.error.type, type);
  assert.match(body.error.request_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(
    body.error.links.map((l: any) => l.kind),
    ['open_api', 'documentation'],
  );
}

describe('error envelope and content negotiation', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('unknown path → 404 invalid_endpoint, with or without a token', async () => {
    for (const token of [undefined, null]) {
      const res = await t.get('/2025-09/warehouses', { token });
      assert.equal(res.status, 404);
      assertEnvelope(res.body, 'invalid_endpoint');
    }
    assert.equal((await t.request('PUT', '/2025-09/sites')).status, 404);
  });

  test('missing, unknown and malformed tokens → 401 invalid_token', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }] as Array<
      Record<string, string>
    >) {
      const res = await t.get('/2025-09/sites', { token: null, headers });
      assert.equal(res.status, 401);
      assertEnvelope(res.body, 'invalid_token');
    }
  });

  test('revoked token → 401', async () => {
    const token = await t.tokenWith('all');
    assert.equal((await t.get('/2025-09/sites', { token })).status, 200);
    const [row] = (await t.lockyard.services.tokens.list(t.a.id)).filter((r) => r.tokenHint === token.slice(-4));
    await t.lockyard.services.tokens.revoke(t.a.id, row.id);
    const res = await t.get('/2025-09/sites', { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'invalid_token');
  });

  // Token lifetimes run on real time (docs/decisions/clock.md); two-clocks.test.ts shows the 401 once real time passes.
  test('moving the operator clock past a token expiry does not expire it', async () => {
    const { token } = await t.lockyard.services.tokens.create({
      operatorId: t.b.id,
      scopes: ['public.site:read'],
      expiresInSeconds: 3600,
    });
    assert.equal((await t.get('/2025-09/sites', { token })).status, 200);
    assert.equal((await t.post('/sandbox/clock/advance', { seconds: 3601 }, { token: t.b.token })).status, 200);
    assert.equal((await t.get('/2025-09/sites', { token })).status, 200);
  });

  test('a scope the endpoint needs is missing → 403 forbidden', async () => {
    const token = await t.tokenWith(['public.unit:read']);
    const res = await t.get('/2025-09/sites', { token });
    assert.equal(res.status, 403);
    assertEnvelope(res.body, 'forbidden');
  });

  test('expand needs the read scope of the expanded resource', async () => {
    const token = await t.tokenWith(['public.unit_type:read']);
    assert.equal((await t.get('/2025-09/unit_types?limit=1', { token })).status, 200);
    const res = await t.get('/2025-09/unit_types?limit=1&expand=site', { token });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    const ok = await t.get('/2025-09/unit_types?limit=1&expand=site');
    assert.equal(typeof ok.body.unit_types[0].site.name, 'string');
  });

  test('an unknown expand → 422 invalid_url_param', async () => {
    const res = await t.get('/2025-09/unit_types?expand=warehouse');
    assert.equal(res.status, 422);
    assertEnvelope(res.body, 'invalid_url_param');
    assert.equal(res.body.error.details[0].pointer, '/expand');
  });

  test('Accept: unsupported → 406 invalid_format; CSV on lists; JSON by default and for */*', async () => {
    const xml = await t.get('/2025-09/sites', { headers: { accept: 'application/xml' } });
    assert.equal(xml.status, 406);
    assertEnvelope(xml.body, 'invalid_format');
    const pdf = await t.get('/2025-09/sites', { headers: { accept: 'application/pdf' } });
    assert.equal(pdf.status, 406);
    const csv = await t.get('/2025-09/sites', { headers: { accept: 'text/csv' } });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.text.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^id,access_hours\.friday\.close,access_hours\.friday\.open,access_hours\.friday\.status,/);
    const any = await t.get('/2025-09/sites', { headers: { accept: '*/*' } });
    assert.equal(any.status, 200);
    const showCsv = await t.get(`/2025-09/sites/${any.body.sites[0].id}`, { headers: { accept: 'text/csv' } });
    assert.equal(showCsv.status, 406);
  });

  test('malformed JSON → 400 invalid_request; non-JSON body → 400', async () => {
    const ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const bad = await t.request('POST', `/2025-09/unit_types/${ut}/base_price`, { raw: '{"weekly": ' });
    assert.equal(bad.status, 400);
    assertEnvelope(bad.body, 'invalid_request');
    const form = await t.request('POST', `/2025-09/unit_types/${ut}/base_price`, {
      raw: 'weekly=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 400);
    assertEnvelope(form.body, 'invalid_request');
  });

  test('body schema violations → 422 invalid_content with a pointer per bad field', async () => {
    const ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const res = await t.post(`/2025-09/unit_types/${ut}/base_price`, {
      weekly: { amount: 'ten' },
      monthly: { amount: -1 },
      daily: { amount: 5 },
    });
    assert.equal(res.status, 422);
    assertEnvelope(res.body, 'invalid_content');
    const pointers = res.body.error.details.map((d: any) => d.pointer).sort();
    assert.deepEqual(pointers, ['/daily', '/monthly/amount', '/weekly/amount']);
    assert.match(
      res.body.error.details.find((d: any) => d.pointer === '/weekly/amount').message,
      /value at `\/weekly\/amount` is not an integer/,
    );
  });

  test('unknown id and another operator’s id → 404 resource_not_found', async () => {
    const missing = await t.get('/2025-09/unit_types/utype_0000000000000000');
    assert.equal(missing.status, 404);
    assertEnvelope(missing.body, 'resource_not_found');
    assert.match(missing.body.error.message, /utype_0000000000000000/);
    const ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const other = await t.post(
      `/2025-09/unit_types/${ut}/base_price`,
      { weekly: { amount: 100 } },
      { token: t.b.token },
    );
    assert.equal(other.status, 404);
  });

  test('request ids: header, meta and error agree', async () => {
    const ok = await t.get('/2025-09/sites');
    assert.equal(ok.headers['x-request-id'], ok.body.meta.request_id);
    const err = await t.get('/2025-09/sites/site_nope');
    assert.equal(err.headers['x-request-id'], err.body.error.request_id);
    assert.deepEqual(ok.body.meta.curies, [
      { name: 'bo', href: 'http://lockyard.test/backoffice{rel}', templated: true, title: 'Backoffice' },
      { name: 'sf', href: 'http://lockyard.test/storefront/acme{rel}', templated: true, title: 'Storefront' },
    ]);
  });

  test('healthz answers 200 without a token', async () => {
    const res = await t.get('/healthz', { token: null });
    assert.equal(res.status, 200);
  });

  test('unexpected errors → 500 internal_server_error without internals', async () => {
    await sql`ALTER TABLE sites RENAME TO sites_gone`.execute(t.lockyard.database.db);
    try {
      const res = await t.get('/2025-09/sites');
      assert.equal(res.status, 500);
      assertEnvelope(res.body, 'internal_server_error', 'api_error');
      assert.equal(res.body.error.message, 'Unexpected internal error.');
      assert.doesNotMatch(res.text, /sites_gone|relation|select/i);
    } finally {
      await sql`ALTER TABLE sites_gone RENAME TO sites`.execute(t.lockyard.database.db);
    }
  });
});
