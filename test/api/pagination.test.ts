import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('pagination, sorting and filters', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('default page is 50, pages link to each other', async () => {
    const all = await t.get('/2025-09/unit_types');
    assert.equal(all.body.unit_types.length, 24);
    assert.deepEqual(all.body.meta.pagination, {
      count: 24,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    const p2 = await t.get('/2025-09/unit_types?limit=10&page=2');
    assert.deepEqual(p2.body.meta.pagination, { count: 24, last: 3, limit: 10, next: 3, page: 2, pages: 3, prev: 1 });
    assert.deepEqual(
      p2.body.unit_types.map((u: any) => u.id),
      all.body.unit_types.slice(10, 20).map((u: any) => u.id),
    );
    const past = await t.get('/2025-09/unit_types?limit=10&page=9');
    assert.equal(past.status, 200);
    assert.deepEqual(past.body.unit_types, []);
    assert.equal(past.body.meta.pagination.count, 24);
  });

  for (const [query, pointer] of [
    ['limit=0', '/limit'],
    ['limit=101', '/limit'],
    ['limit=ten', '/limit'],
    ['page=0', '/page'],
    ['sort_direction=asc', '/sort_direction'],
    ['sort_by=name', '/sort_by'],
  ] as const) {
    test(`${query} → 422 invalid_url_param at ${pointer}`, async () => {
      const res = await t.get(`/2025-09/unit_types?${query}`);
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'invalid_url_param');
      assert.equal(res.body.error.details[0].pointer, pointer);
    });
  }

  test('sort_direction ASC reverses the default DESC order by created_at', async () => {
    const desc = (await t.get('/2025-09/unit_types')).body.unit_types.map((u: any) => u.created_at + u.id);
    const asc = (await t.get('/2025-09/unit_types?sort_direction=ASC&sort_by=created_at')).body.unit_types.map(
      (u: any) => u.created_at + u.id,
    );
    assert.deepEqual(asc, [...desc].reverse());
    assert.deepEqual(desc, [...desc].sort().reverse());
  });

  test('comma-separated multi-value filters', async () => {
    const sites = (await t.get('/2025-09/sites')).body.sites.map((s: any) => s.id);
    const one = await t.get(`/2025-09/unit_types?site_id=${sites[0]}`);
    assert.equal(one.body.unit_types.length, 8);
    assert.ok(one.body.unit_types.every((u: any) => u.site.id === sites[0]));
    const two = await t.get(`/2025-09/unit_types?site_id=${sites[0]},${sites[1]}`);
    assert.equal(two.body.unit_types.length, 16);
    assert.equal(two.body.meta.pagination.count, 16);
  });

  test('search on sites matches name and city', async () => {
    const res = await t.get('/2025-09/sites?search=salford');
    assert.deepEqual(
      res.body.sites.map((s: any) => s.name),
      ['Acme Salford Quays'],
    );
    const none = await t.get('/2025-09/sites?search=100%25');
    assert.deepEqual(none.body.sites, []);
  });

  test('_links: sf:new_order only on bookable unit types', async () => {
    const all = (await t.get('/2025-09/unit_types')).body.unit_types;
    const bookable = all.filter((u: any) => u.status === 'bookable');
    const other = all.filter((u: any) => u.status !== 'bookable');
    assert.ok(bookable.length && other.length);
    for (const u of bookable) {
      assert.deepEqual(Object.keys(u).slice(0, 2), ['id', '_links']);
      assert.equal(u._links['sf:new_order'].title, 'New order');
      assert.match(
        u._links['sf:new_order'].href,
        new RegExp(`^/sites/[a-z0-9-]+/order/contact-details\\?unit_type_slug=${u.slug}$`),
      );
    }
    for (const u of other) assert.deepEqual(u._links, {});
  });

  test('money objects carry minor units, currency and a formatted string', async () => {
    const acme = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].prices[0].price;
    assert.equal(acme.currency, 'GBP');
    assert.equal(acme.formatted, `£${(acme.amount / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`);
    const harbour = (await t.get('/2025-09/unit_types?limit=1', { token: t.b.token })).body.unit_types[0].prices[0]
      .price;
    assert.equal(harbour.currency, 'EUR');
    assert.match(harbour.formatted, /^€\d{1,3}(,\d{3})*\.\d{2}$/);
  });
});
