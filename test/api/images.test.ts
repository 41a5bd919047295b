import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Clock } from '../../src/kernel/clock.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('images', () => {
  let t: TestApp;
  let now = Date.UTC(2026, 2, 1, 10, 0, 0);
  before(async () => {
    t = await createTestApp({ clock: { now: () => new Date(now) } satisfies Clock });
  });
  after(() => t.close());

  test('sites and unit types carry permanent image URLs in the reference token format', async () => {
    const site = (await t.get('/2025-09/sites?limit=1')).body.sites[0];
    const urls = site.images.default;
    assert.deepEqual(Object.keys(urls), ['original', 'small', 'medium', 'large']);
    const m = urls.small.match(/^http:\/\/lockyard\.test\/2025-09\/images\/([^/]+)--([0-9a-f]{40})\/([^/]+)$/);
    assert.ok(m, urls.small);
    assert.deepEqual(JSON.parse(Buffer.from(m[1], 'base64').toString()), {
      id: site.id,
      name: 'default',
      variant: 'small',
    });
  });

  test('the permanent URL needs no token and redirects to a storage URL valid 5 minutes', async () => {
    const url = new URL((await t.get('/2025-09/sites?limit=1')).body.sites[0].images.default.original);
    const res = await t.get(url.pathname, { token: null });
    assert.equal(res.status, 302);
    const storage = new URL(String(res.headers.location));
    assert.equal(Number(storage.searchParams.get('expires')), now / 1000 + 300);
    const img = await t.get(storage.pathname + storage.search, { token: null });
    assert.equal(img.status, 200);
    assert.equal(img.headers['content-type'], 'image/svg+xml');
    assert.match(img.text, /^<svg/);
    now += 301_000;
    const expired = await t.get(storage.pathname + storage.search, { token: null });
    assert.equal(expired.status, 403);
    assert.equal(expired.body.error.code, 'forbidden');
  });

  test('a tampered token or wrong filename → 404', async () => {
    const url = new URL((await t.get('/2025-09/sites?limit=1')).body.sites[0].images.default.original);
    const [, , , token, file] = url.pathname.split('/');
    const forged =
      Buffer.from(JSON.stringify({ id: 'site_x', name: 'default' })).toString('base64') +
      token.slice(token.indexOf('--'));
    for (const path of [
      `/2025-09/images/${forged}/${file}`,
      `/2025-09/images/${token}/other.svg`,
      `/2025-09/images/garbage/${file}`,
    ]) {
      const res = await t.get(path, { token: null });
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error.code, 'resource_not_found');
    }
  });
});
