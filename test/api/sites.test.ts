import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('sites', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('lists the operator’s sites in the documented envelope', async () => {
    const res = await t.get('/2025-09/sites');
    assert.equal(res.status, 200);
    assert.equal(res.body.sites.length, 3);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies', 'pagination']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 3,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    const site = res.body.sites[0];
    assert.deepEqual(Object.keys(site), [
      'id',
      'access_hours',
      'address',
      'created_at',
      'description',
      'directions',
      'images',
      'name',
      'opened_at',
      'phone',
      'updated_at',
    ]);
    assert.match(site.id, /^site_[0-9a-f]{16}$/);
  });

  test('shows a site and expands its unit types', async () => {
    const list = await t.get('/2025-09/sites');
    const id = list.body.sites[0].id;
    const res = await t.get(`/2025-09/sites/${id}?expand=unit_types`);
    assert.equal(res.status, 200);
    assert.equal(res.body.site.id, id);
    assert.ok(res.body.site.unit_types.length >= 8);
    assert.ok(res.body.site.unit_types[0].prices.length > 0);
  });

  test('operator B never sees operator A’s site', async () => {
    const list = await t.get('/2025-09/sites');
    const res = await t.get(`/2025-09/sites/${list.body.sites[0].id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
  });
});
