import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { ERROR_CODES } from '../../src/http/errors.ts';
import { GUIDES } from '../../src/web/landing/guides.ts';

describe('landing page, guides and error catalogue', () => {
  let sandbox: TestApp;
  let production: TestApp;
  before(async () => {
    sandbox = await createTestApp();
    production = await createTestApp({ sandbox: false });
  });
  after(async () => {
    await sandbox?.close();
    await production?.close();
  });

  test('/ says what is running and links to the reference, back office, guides and customer pages', async () => {
    const res = await sandbox.get('/', { token: null });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.text;
    assert.match(body, /<dd data-fact="version">0\.1\.0<\/dd>/);
    assert.match(body, /<dd data-fact="api-version">2025-09/);
    assert.match(body, new RegExp(`<dd data-fact="store">${STORE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`));
    assert.match(body, /<dd data-fact="mode"><span class="badge sandbox">Sandbox<\/span>/);
    for (const href of [
      '/docs',
      '/backoffice',
      '/docs/guides',
      '/2025-09/openapi.json',
      ...GUIDES.map((g) => `/docs/guides/${g.slug}`),
    ])
      assert.ok(body.includes(`href="${href}"`), href);
    assert.match(body, /Acme Self Storage: /);
  });

  test('in sandbox mode / shows the demo credentials', async () => {
    const body = (await sandbox.get('/', { token: null })).text;
    const creds = sandbox.creds as unknown as {
      staff_login: { email: string; password: string };
      operator_application: { client_id: string; client_secret: string };
    };
    assert.ok(body.includes(sandbox.a.token), 'operator token');
    assert.ok(body.includes(sandbox.b.token), 'second operator token');
    assert.ok(body.includes(creds.staff_login.email) && body.includes(creds.staff_login.password), 'staff login');
    assert.ok(body.includes(creds.operator_application.client_secret), 'operator app secret');
  });

  test('in production mode / never shows credentials', async () => {
    const res = await production.get('/', { token: null });
    assert.equal(res.status, 200);
    assert.match(res.text, /<span class="badge production">Production<\/span>/);
    assert.ok(!res.text.includes(production.a.token), 'no token');
    const creds = production.creds as unknown as { staff_login: { password: string } };
    assert.ok(!res.text.includes(creds.staff_login.password), 'no password');
    assert.doesNotMatch(res.text, /Demo credentials/);
  });

  test('every guide renders from markdown, with linkable headings', async () => {
    const index = await sandbox.get('/docs/guides', { token: null });
    assert.equal(index.status, 200);
    for (const g of GUIDES) {
      const res = await sandbox.get(`/docs/guides/${g.slug}`, { token: null });
      assert.equal(res.status, 200, g.slug);
      assert.match(res.text, /<h1[^>]*>/, `${g.slug} has a title`);
      assert.match(res.text, /<h2 id="[a-z0-9-]+">/, `${g.slug} has sections`);
      assert.doesNotMatch(res.text, /^#+ /m, `${g.slug}: no raw markdown headings`);
    }
    assert.equal((await sandbox.get('/docs/guides/nope', { token: null })).status, 404);
  });

  test('the error envelope links to an errors page that lists every code', async () => {
    const err = await sandbox.get('/2025-09/sites/nope', { token: null });
    const link = err.body.error.links.find((l: { kind: string }) => l.kind === 'documentation');
    const url = new URL(link.url);
    assert.equal(url.origin, 'http://lockyard.test');
    const page = await sandbox.get(url.pathname, { token: null });
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`id="${url.hash.slice(1)}"`), `anchor ${url.hash} exists`);
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      assert.ok(page.text.includes(`<tr id="${code}"><td><code>${code}</code></td><td>${info.status}</td>`), code);
    }
  });
});
