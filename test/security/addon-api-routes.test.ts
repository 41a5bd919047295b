import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { rowCounts } from '../harness/row-counts.ts';

/**
 * The add-on API's side of routes.test.ts (which covers `/2025-09`) and web-routes.test.ts (the pages), generated
 * from every `/api/…` route the app registers, so an endpoint added later inherits it: malformed path parameters,
 * query strings and JSON bodies sent with a valid add-on key are a 4xx in JSON (never a 5xx, never a stack trace),
 * and a refused request writes nothing.
 */

const BAD_SEGMENTS: Record<string, string> = {
  nul: 'x%00ab',
  'bad escape': 'x%zz',
  'lone surrogate': 'x%ED%A0%80',
  'giant id': 'x'.repeat(5000),
};
const BAD_QUERIES: Record<string, string> = {
  'nul query': 'include=a%00b&updatedAfter=a%00b',
  'surrogate query': 'include=%ED%A0%80',
  'repeated params': 'limit=1&limit=2&offset=1&offset=2',
  'huge numbers': 'limit=99999999999999999999&offset=1e308',
};
const BAD_BODIES: Record<string, string> = {
  'nul in a value': JSON.stringify({ amount: 1, notes: 'a\u0000b', customFields: { x: 'a\u0000b' } }),
  'lone surrogate': '{"amount":1,"notes":"\\ud800","customFields":{"x":"\\ud800"}}',
  'huge number': '{"amount":1e308,"customFields":{"x":1e308}}',
  'not json': '{"amount":',
  'an array': '[1,2,3]',
};

describe('malformed input on every add-on API route', () => {
  let t: TestApp;
  let auth: string;
  let routes: Array<{ method: string; url: string }>;
  before(async () => {
    t = await createTestApp();
    const addons = t.lockyard.services.addons;
    const def = await addons.createDefinition({
      name: 'Probe',
      description: 'Sends odd input.',
      setupInstructions: 'None.',
      level: 'operator',
      webhookUrl: 'http://127.0.0.1:9/hook',
      events: ['invoice.state.updated'],
    });
    // Paused: API access without webhooks (the guide's states).
    const r = await addons.install(await t.ctx(), { definitionId: def.id, siteId: null });
    auth = `Addon ${r.install.id}|${r.apiKey}`;
    routes = t.lockyard.app.lockyard.routeTable.filter(
      (x) => x.url.startsWith('/api/') && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(x.method),
    );
    assert.ok(routes.length >= 10, `only ${routes.length} add-on API routes found`);
  });
  after(() => t.close());

  const send = (method: string, url: string, payload?: string) =>
    t.lockyard.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload,
    });

  function refused(label: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
    const problems: string[] = [];
    if (res.statusCode < 400 || res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
    if (!String(res.headers['content-type'] ?? '').includes('json')) problems.push(`${res.headers['content-type']}`);
    if (/\n\s+at .+:\d+:\d+/.test(res.body)) problems.push('a stack trace');
    return problems.length ? [`${label}: ${problems.join(', ')} — ${res.body.slice(0, 160)}`] : [];
  }
  const fill = (url: string, value = 'x_0000000000000000') => url.replace(/:[A-Za-z_]+/g, value);

  test('malformed path parameters are a 4xx in JSON', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.url.includes(':')))
      for (const [name, value] of Object.entries(BAD_SEGMENTS))
        problems.push(...refused(`${r.method} ${r.url} ${name}`, await send(r.method, fill(r.url, value))));
    assert.deepEqual(problems, []);
  });

  test('malformed query strings never answer 5xx', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET'))
      for (const [name, q] of Object.entries(BAD_QUERIES)) {
        const res = await send('GET', `${fill(r.url)}?${q}`);
        // A repeated or huge paging value may be read leniently (the reference's bare lists): never a 5xx.
        if (res.statusCode >= 500 || /\n\s+at .+:\d+:\d+/.test(res.body))
          problems.push(`${r.method} ${r.url} ${name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    assert.deepEqual(problems, []);
  });

  test('malformed JSON bodies are a 4xx in JSON and write nothing', async () => {
    // Real records where the route names one, so the body reaches validation instead of a 404.
    const realId = async (url: string) => {
      const list = url.match(/^(\/api\/v1\/admin\/[a-z-]+)\/:/)?.[1];
      const res = list ? await send('GET', `${list}?limit=1`) : undefined;
      return res?.statusCode === 200 ? (res.json()[0]?.id as string | undefined) : undefined;
    };
    const before = await rowCounts(t.lockyard.database.db);
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET' && x.method !== 'DELETE')) {
      const url = fill(r.url, await realId(r.url));
      for (const [name, body] of Object.entries(BAD_BODIES))
        problems.push(...refused(`${r.method} ${url} ${name}`, await send(r.method, url, body)));
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(await rowCounts(t.lockyard.database.db), before);
  });
});
