import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const NAMES = [
  'Access',
  'Boxes',
  'Charge/Fee',
  'Locks',
  'Merchandise',
  'Packaging',
  'Padlocks',
  'Security',
  'Services',
  'Unit upgrades',
  'Utilities',
];

describe('product categories', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('lists the eleven categories alphabetically, as in the reference', async () => {
    const res = await t.get('/2025-09/product_categories');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['product_categories', 'meta']);
    assert.deepEqual(
      res.body.product_categories.map((c: any) => c.name),
      NAMES,
    );
    for (const c of res.body.product_categories) {
      assert.deepEqual(Object.keys(c), ['id', 'name']);
      assert.match(c.id, /^pcat_[0-9a-f]{16}$/);
    }
    assert.deepEqual(res.body.meta.pagination, {
      count: 11,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
  });

  test('pages through the alphabetical order', async () => {
    const p1 = await t.get('/2025-09/product_categories?limit=4');
    const p3 = await t.get('/2025-09/product_categories?limit=4&page=3');
    assert.deepEqual(
      p1.body.product_categories.map((c: any) => c.name),
      NAMES.slice(0, 4),
    );
    assert.deepEqual(
      p3.body.product_categories.map((c: any) => c.name),
      NAMES.slice(8),
    );
    assert.deepEqual(p3.body.meta.pagination, { count: 11, last: 3, limit: 4, next: null, page: 3, pages: 3, prev: 2 });
    for (const q of ['limit=0', 'limit=101', 'page=0', 'page=x']) {
      const bad = await t.get(`/2025-09/product_categories?${q}`);
      assert.equal(bad.status, 422, q);
      assert.equal(bad.body.error.code, 'invalid_url_param');
    }
  });

  test('has no sort parameters: sort_by is ignored, order stays by name', async () => {
    const res = await t.get('/2025-09/product_categories?sort_by=created_at&sort_direction=DESC');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.product_categories.map((c: any) => c.name),
      NAMES,
    );
  });

  test('shows a category; nothing on it is expandable', async () => {
    const list = await t.get('/2025-09/product_categories');
    const boxes = list.body.product_categories[1];
    const res = await t.get(`/2025-09/product_categories/${boxes.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.product_category, { id: boxes.id, name: 'Boxes' });
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    const bad = await t.get(`/2025-09/product_categories?expand=products`);
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
  });

  test('needs public.product_category:read; other operators get 404', async () => {
    const list = await t.get('/2025-09/product_categories');
    const id = list.body.product_categories[0].id;
    const token = await t.tokenWith(['public.product:read']);
    assert.equal((await t.get('/2025-09/product_categories', { token })).status, 403);
    const forbidden = await t.get(`/2025-09/product_categories/${id}`, { token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const other = await t.get(`/2025-09/product_categories/${id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/product_categories', { token: t.b.token });
    assert.ok(bList.body.product_categories.length > 0 && bList.body.product_categories.length < 11);
    assert.ok(
      bList.body.product_categories.every((c: any) => !list.body.product_categories.some((a: any) => a.id === c.id)),
    );
  });
});
