import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { DomainError } from '../../src/kernel/errors.ts';
import { boundIntegers } from '../../src/http/validation.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

// The limits and refusals that are not per-route (those are generated in test/security/routes.test.ts):
// sizes, the web pages and OAuth endpoints, and the storage guard under everything.
describe('request limits and refused input outside the API routes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const envelope = (res: { body: any }, code: string) => {
    assert.equal(res.body?.error?.code, code, JSON.stringify(res.body));
    assert.equal(typeof res.body.error.request_id, 'string');
  };

  test('a body over 1 MiB is 413 invalid_request in the envelope', async () => {
    const res = await t.post('/2025-09/contacts', undefined, {
      raw: JSON.stringify({ email: 'a@example.com', full_name: 'x'.repeat(1024 * 1024) }),
    });
    assert.equal(res.status, 413);
    envelope(res, 'invalid_request');
  });

  test('more than 64 query parameters is 400 invalid_request', async () => {
    const query = Array.from({ length: 65 }, (_, i) => `p${i}=1`).join('&');
    const res = await t.get(`/2025-09/sites?${query}`);
    assert.equal(res.status, 400);
    envelope(res, 'invalid_request');
    assert.equal((await t.get(`/2025-09/sites?${query.split('&').slice(0, 64).join('&')}`)).status, 200);
  });

  test('an array of more than 100 items anywhere in a body is 422 at its pointer', async () => {
    const res = await t.post('/2025-09/contacts', {
      email: 'arr@example.com',
      metadata: { list: Array(101).fill('x') },
    });
    assert.equal(res.status, 422);
    envelope(res, 'invalid_content');
    assert.deepEqual(
      res.body.error.details.map((d: any) => d.pointer),
      ['/metadata/list'],
    );
  });

  test('NUL and unpaired surrogates in nested body strings and keys name their pointer', async () => {
    const res = await t.post('/2025-09/contacts', undefined, {
      raw: '{"email":"n@example.com","address":{"line_1":"1 High St\\ud800","city":"a\\u0000b"},"metadata":{"k\\u0000":"v"}}',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.error.details.map((d: any) => d.pointer),
      ['/address/line_1', '/address/city', '/metadata/k\uFFFD'],
    );
  });

  test('a __proto__ key in a body is refused, not merged into anything', async () => {
    const res = await t.post('/2025-09/contacts', undefined, {
      raw: '{"email":"p@example.com","metadata":{"__proto__":{"polluted":"yes"}}}',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.error.details.map((d: any) => d.pointer),
      ['/metadata/__proto__'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('headers over 16 KiB are 431 invalid_request in the envelope, from a real socket', async () => {
    await t.lockyard.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.lockyard.app.server.address() as AddressInfo;
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/2025-09/sites', headers: { 'x-padding': 'x'.repeat(20_000) } },
        (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(res.status, 431);
    const body = JSON.parse(res.body);
    assert.equal(body.error.code, 'invalid_request');
    assert.match(body.error.message, /16 KiB/);
  });

  test('OAuth: NUL or a surrogate in client_id, form or JSON, is 400 invalid_request in OAuth form', async () => {
    for (const [raw, type] of [
      ['grant_type=client_credentials&client_id=ab%00c&client_secret=x', 'application/x-www-form-urlencoded'],
      ['{"grant_type":"client_credentials","client_id":"\\ud800","client_secret":"x"}', 'application/json'],
    ]) {
      const res = await t.request('POST', '/oauth2/token', { token: null, raw, headers: { 'content-type': type } });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.error, 'invalid_request');
      assert.match(res.body.error_description, /client_id/);
    }
    const revoke = await t.request('POST', '/oauth2/revoke', {
      token: null,
      raw: 'token=a%00',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(revoke.status, 400);
    assert.equal(revoke.body.error, 'invalid_request');
  });

  test('a URL the router refuses is answered by the surface that owns the path', async () => {
    const oauth = await t.request('POST', '/oauth2/tok%zzen', {
      token: null,
      raw: 'grant_type=client_credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(oauth.status, 400);
    assert.equal(oauth.body.error, 'invalid_request');
    const page = await t.request('GET', `/backoffice/${'x'.repeat(3000)}%zz`, { token: null });
    assert.ok(page.status >= 400 && page.status < 500, String(page.status));
    assert.match(String(page.headers['content-type']), /text\/html/);
    const api = await t.get('/2025-09/si%zztes');
    assert.equal(api.status, 404);
    envelope(api, 'invalid_endpoint');
  });

  test('the consent endpoint answers a NUL client_id with a 400 invalid_request page', async () => {
    const res = await t.request('GET', '/oauth2/authorize?client_id=a%00b&response_type=code', { token: null });
    assert.equal(res.status, 400);
    assert.match(res.text, /invalid_request/);
  });

  test('checkout and portal: a NUL or malformed token is the 404 page, a NUL form field a 4xx page', async () => {
    for (const url of ['/checkout/a%00b', '/checkout/a%zz', '/portal/account-setup/a%00b']) {
      const res = await t.request('GET', url, { token: null });
      assert.equal(res.status, 404, `${url}: ${res.text.slice(0, 200)}`);
      assert.match(String(res.headers['content-type']), /text\/html/);
    }
    const post = await t.request('POST', '/checkout/abc', {
      token: null,
      raw: 'name=a%00b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok(post.status >= 400 && post.status < 500, String(post.status));
    assert.match(String(post.headers['content-type']), /text\/html/);
  });

  test('back office: a NUL in a query parameter is a 4xx page, not a 500', async () => {
    const res = await t.request('GET', '/backoffice/sign-in?return_to=%00', { token: null });
    assert.equal(res.status, 422);
    assert.match(String(res.headers['content-type']), /text\/html/);
  });

  test('storage refuses unstorable parameters before SQL, as invalid_request, on this store', async () => {
    const db = t.lockyard.database.db;
    for (const value of [
      'a\u0000b',
      'a\udc00',
      JSON.stringify({ a: '\u0000' }),
      Number.NaN,
      2 ** 60,
      new Date(Number.NaN),
    ]) {
      await assert.rejects(
        sql`select ${value} as v`.execute(db),
        (err) => err instanceof DomainError && err.code === 'invalid_request',
        String(value),
      );
    }
    const ok = await sql<{ v: string }>`select ${'emoji 😀 and a \\u0000 written out'}::text as v`.execute(db);
    assert.equal(ok.rows[0].v, 'emoji 😀 and a \\u0000 written out');
  });

  test('unbounded integers in a schema are held to PostgreSQL integer; declared bounds stay', () => {
    const bounded = boundIntegers({
      type: 'object',
      properties: {
        n: { type: 'integer' },
        m: { type: 'integer', minimum: 1, maximum: 5 },
        o: { type: ['integer', 'null'] },
      },
    });
    assert.deepEqual(bounded.properties.n, { type: 'integer', minimum: -2147483648, maximum: 2147483647 });
    assert.deepEqual(bounded.properties.m, { type: 'integer', minimum: 1, maximum: 5 });
    assert.equal((bounded.properties.o as { maximum?: number }).maximum, 2147483647);
  });
});
