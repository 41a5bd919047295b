import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { rowCounts } from '../harness/row-counts.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

/**
 * The web pages' side of test/security/routes.test.ts, generated from every route the app registers, so a page
 * added later inherits it: malformed path parameters, query strings and form bodies sent by a signed-in owner are
 * a 4xx page (never a 5xx, never a stack trace, never the API's JSON), and a refused form writes nothing.
 */

// Pages only: the API, sandbox, OAuth token endpoints and the add-on API answer in JSON (routes.test.ts, addons).
const PAGE_PREFIXES = ['/backoffice', '/portal', '/storefront', '/checkout', '/oauth2/authorize', '/docs/guides'];
const isPage = (url: string) =>
  url === '/' ||
  url === '/docs/errors' ||
  (PAGE_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`)) && !url.includes('/assets/'));

// Bookkeeping a refused request may still write: it is about the visitor, not the data they sent.
const LOG_TABLES = new Set(['staff_sessions', 'staff_sign_in_failures', 'staff_sign_in_addresses', 'request_log']);

const ID_LIMIT = 2048;
const BAD_SEGMENTS: Record<string, string> = {
  nul: 'x_00%00ab',
  'bad escape': 'x_00%zz',
  'lone surrogate': 'x_00%ED%A0%80',
  'giant id': 'x'.repeat(ID_LIMIT + 1),
};
const BAD_QUERIES: Record<string, string> = {
  'nul query': 'q=a%00b',
  'bad escape query': 'q=%E0%A4%A',
  'surrogate query': 'q=%ED%A0%80',
};
const LOOSE_QUERIES: Record<string, string> = {
  'repeated query': 'page=1&page=2',
  'huge page': 'page=99999999999999999999',
};
// Field names most forms use; a NUL in any value or key must be refused before a handler runs. (Undecodable
// percent-escapes in a form body decode to U+FFFD, which is storable text, so they are not a refusal case.)
const FIELDS = ['name', 'email', 'title', 'description', 'q', 'amount', 'password', 'reason', 'body', 'value'];
const BAD_FORMS: Record<string, string> = {
  'nul field': FIELDS.map((f) => `${f}=a%00b`).join('&'),
  'nul key': 'a%00b=c',
  'oversized field': `name=${'x'.repeat(1_100_000)}`,
};

function fill(url: string, slug: string, bad?: { param: string; value: string }) {
  return url.replace(/:([a-z_]+)(\.[a-z]+)?/g, (_, p: string, ext = '') =>
    p === bad?.param ? `${bad.value}${ext}` : p === 'slug' ? `${slug}${ext}` : `x_0000000000000000${ext}`,
  );
}

describe('malformed input on every web page', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let pages: Array<{ method: string; url: string }>;
  before(async () => {
    t = await createTestApp();
    const demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await staff.get('/backoffice/units');
    assert.equal((await staff.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
    pages = t.lockyard.app.lockyard.routeTable.filter((r) => ['GET', 'POST'].includes(r.method) && isPage(r.url));
    assert.ok(pages.length > 30, `only ${pages.length} pages found`);
  });
  after(() => t.close());

  function expectRefusedPage(label: string, res: { status: number; body: string; headers: Record<string, unknown> }) {
    const problems: string[] = [];
    if (res.status < 400 || res.status >= 500) problems.push(`status ${res.status}`);
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html'))
      problems.push(`${res.headers['content-type']}`);
    if (/\n\s+at .+:\d+:\d+/.test(res.body)) problems.push('a stack trace');
    return problems.length ? [`${label}: ${problems.join(', ')} — ${res.body.replace(/\s+/g, ' ').slice(0, 160)}`] : [];
  }

  test('every page refuses malformed path parameters with a 4xx page', async () => {
    const failures: string[] = [];
    for (const page of pages) {
      for (const param of [...page.url.matchAll(/:([a-z_]+)/g)].map((m) => m[1])) {
        for (const [kind, value] of Object.entries(BAD_SEGMENTS)) {
          const url = fill(page.url, 'acme', { param, value });
          const res = page.method === 'GET' ? await staff.get(url) : await staff.post(url);
          failures.push(...expectRefusedPage(`${page.method} ${page.url} ${kind} in :${param}`, res));
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('every page refuses malformed query strings and survives odd ones', async () => {
    const failures: string[] = [];
    for (const page of pages.filter((p) => p.method === 'GET')) {
      const base = fill(page.url, 'acme');
      for (const [kind, query] of Object.entries(BAD_QUERIES))
        failures.push(...expectRefusedPage(`GET ${page.url} ${kind}`, await staff.get(`${base}?${query}`)));
      for (const [kind, query] of Object.entries(LOOSE_QUERIES)) {
        const res = await staff.get(`${base}?${query}`);
        if (res.status >= 500 || /\n\s+at .+:\d+:\d+/.test(res.body))
          failures.push(`GET ${page.url} ${kind}: status ${res.status}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('every form refuses NUL bytes and oversized fields, and writes nothing', async () => {
    const failures: string[] = [];
    const counts = async () =>
      Object.entries(await rowCounts(t.lockyard.database.db)).filter(([table]) => !LOG_TABLES.has(table));
    for (const page of pages.filter((p) => p.method === 'POST')) {
      const url = fill(page.url, 'acme');
      for (const [kind, form] of Object.entries(BAD_FORMS)) {
        const before = await counts();
        const res = await t.lockyard.app.inject({
          method: 'POST',
          url,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: staff.cookieHeader(),
          },
          payload: `_csrf=${encodeURIComponent(staff.csrf)}&${form}`,
        });
        failures.push(
          ...expectRefusedPage(`POST ${page.url} ${kind}`, {
            status: res.statusCode,
            body: res.body,
            headers: res.headers,
          }),
        );
        const afterCounts = await counts();
        if (JSON.stringify(afterCounts) !== JSON.stringify(before))
          failures.push(`POST ${page.url} ${kind}: wrote rows`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
