import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const PRODUCT_KEYS = [
  'id',
  'accounting_code',
  'category',
  'charge_type',
  'created_at',
  'description',
  'name',
  'prices',
  'site',
  'sku',
  'updated_at',
];
const PERIODS = [
  'one_time',
  'weekly',
  'monthly',
  'every_four_weeks',
  'every_three_months',
  'every_six_months',
  'yearly',
];

describe('products', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    const res = await t.get('/2025-09/products?limit=100');
    all = res.body.products;
  });
  after(() => t.close());

  const oneTime = () => all.find((p) => p.charge_type === 'one_time');
  const recurring = () => all.find((p) => p.charge_type === 'recurring');

  test('lists products in the documented shape, newest first', async () => {
    const res = await t.get('/2025-09/products');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['products', 'meta']);
    assert.equal(res.body.meta.pagination.count, all.length);
    assert.ok(all.length >= 30);
    for (const p of all) {
      assert.deepEqual(Object.keys(p), PRODUCT_KEYS);
      assert.match(p.id, /^prod_[0-9a-f]{16}$/);
      assert.ok(['one_time', 'recurring'].includes(p.charge_type));
      assert.ok(p.category === null || /^pcat_[0-9a-f]{16}$/.test(p.category.id));
      assert.match(p.site.id, /^site_[0-9a-f]{16}$/);
      for (const k of ['accounting_code', 'description', 'sku'])
        assert.ok(p[k] === null || typeof p[k] === 'string', k);
      assert.ok(p.prices.length > 0);
      for (const price of p.prices) {
        assert.deepEqual(Object.keys(price), ['billing_period', 'price', 'stripe_price_id']);
        assert.deepEqual(Object.keys(price.price), ['amount', 'currency', 'formatted']);
        assert.equal(price.price.currency, 'GBP');
        assert.match(price.stripe_price_id, /^price_/);
        assert.ok(PERIODS.includes(price.billing_period));
      }
      // One-time products are priced once; recurring ones per billing period.
      if (p.charge_type === 'one_time')
        assert.deepEqual(
          p.prices.map((x: any) => x.billing_period),
          ['one_time'],
        );
      else assert.ok(p.prices.every((x: any) => x.billing_period !== 'one_time'));
    }
    const padlock = all.find((p) => p.name === 'Disc padlock');
    assert.deepEqual(padlock.prices[0].price, { amount: 1299, currency: 'GBP', formatted: '£12.99' });
    const created = all.map((p) => p.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
    const asc = await t.get('/2025-09/products?limit=100&sort_direction=ASC');
    assert.deepEqual(
      asc.body.products.map((p: any) => p.id),
      [...all].reverse().map((p) => p.id),
    );
  });

  test('filters by site, charge type and category', async () => {
    const siteIds = [...new Set(all.map((p) => p.site.id))];
    assert.equal(siteIds.length, 3);
    const bySite = await t.get(`/2025-09/products?limit=100&site_id=${siteIds[1]}`);
    assert.equal(bySite.body.products.length, all.filter((p) => p.site.id === siteIds[1]).length);
    assert.ok(bySite.body.products.every((p: any) => p.site.id === siteIds[1]));
    const twoSites = await t.get(`/2025-09/products?limit=100&site_id=${siteIds[0]},${siteIds[1]}`);
    assert.equal(twoSites.body.products.length, all.filter((p) => p.site.id !== siteIds[2]).length);

    for (const ct of ['one_time', 'recurring']) {
      const res = await t.get(`/2025-09/products?limit=100&charge_type=${ct}`);
      assert.ok(res.body.products.length > 0);
      assert.equal(res.body.products.length, all.filter((p) => p.charge_type === ct).length);
    }
    const both = await t.get('/2025-09/products?limit=100&charge_type=one_time,recurring');
    assert.equal(both.body.products.length, all.length);

    const catId = oneTime().category.id;
    const byCat = await t.get(`/2025-09/products?limit=100&category_id=${catId}`);
    assert.equal(byCat.body.products.length, all.filter((p) => p.category?.id === catId).length);
    assert.ok(byCat.body.products.every((p: any) => p.category.id === catId));
  });

  test('rejects invalid filter and paging values', async () => {
    const bad = await t.get('/2025-09/products?charge_type=monthly');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    assert.equal(bad.body.error.details[0].pointer, '/charge_type');
    for (const q of ['limit=0', 'page=0', 'sort_by=name', 'sort_direction=asc']) {
      const res = await t.get(`/2025-09/products?${q}`);
      assert.equal(res.status, 422, q);
      assert.equal(res.body.error.code, 'invalid_url_param');
    }
  });

  test('paginates', async () => {
    const p2 = await t.get('/2025-09/products?limit=5&page=2');
    assert.deepEqual(
      p2.body.products.map((p: any) => p.id),
      all.slice(5, 10).map((p) => p.id),
    );
    assert.equal(p2.body.meta.pagination.next, 3);
    assert.equal(p2.body.meta.pagination.prev, 1);
  });

  test('expands category and site, checking each scope', async () => {
    const p = oneTime();
    const res = await t.get(`/2025-09/products/${p.id}?expand=category,site`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.product.category), ['id', 'name']);
    assert.equal(res.body.product.category.id, p.category.id);
    assert.equal(res.body.product.site.id, p.site.id);
    assert.equal(typeof res.body.product.site.name, 'string');
    const list = await t.get('/2025-09/products?expand=category');
    assert.ok(list.body.products.every((x: any) => typeof x.category.name === 'string'));

    const token = await t.tokenWith(['public.product:read']);
    const noCat = await t.get(`/2025-09/products/${p.id}?expand=category`, { token });
    assert.equal(noCat.status, 403);
    assert.equal(noCat.body.error.code, 'forbidden');
    assert.equal((await t.get(`/2025-09/products?expand=site`, { token })).status, 403);
    const ok = await t.get(`/2025-09/products/${p.id}?expand=category`, {
      token: await t.tokenWith(['public.product:read', 'public.product_category:read']),
    });
    assert.equal(ok.status, 200);
    const unknown = await t.get(`/2025-09/products/${p.id}?expand=prices`);
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'invalid_url_param');
  });

  test('shows a product; other operators and unknown ids get 404; scope is required', async () => {
    const p = recurring();
    const res = await t.get(`/2025-09/products/${p.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.product, p);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    const other = await t.get(`/2025-09/products/${p.id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    assert.equal((await t.get('/2025-09/products/prod_0000000000000000')).status, 404);
    const token = await t.tokenWith(['public.product_category:read', 'public.site:read']);
    assert.equal((await t.get('/2025-09/products', { token })).status, 403);
    assert.equal((await t.get(`/2025-09/products/${p.id}`, { token })).status, 403);
    const bList = await t.get('/2025-09/products?limit=100', { token: t.b.token });
    assert.ok(bList.body.products.length > 0);
    assert.ok(
      bList.body.products.every((x: any) => x.prices[0].price.currency === 'EUR' && !all.some((a) => a.id === x.id)),
    );
  });

  test('sets base prices of a recurring product', async () => {
    const p = all.find((x) => x.name === 'Parking bay');
    const res = await t.post(`/2025-09/products/${p.id}/base_price`, {
      weekly: { amount: 999 },
      monthly: { amount: 3999 },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body), ['product', 'meta']);
    assert.deepEqual(Object.keys(res.body.product), PRODUCT_KEYS);
    const prices = res.body.product.prices;
    assert.deepEqual(
      prices.map((x: any) => [x.billing_period, x.price.amount]),
      [
        ['weekly', 999],
        ['monthly', 3999],
        ['every_four_weeks', 6000],
      ],
    );
    assert.deepEqual(prices[0].price, { amount: 999, currency: 'GBP', formatted: '£9.99' });
    assert.notEqual(prices[0].stripe_price_id, p.prices[0].stripe_price_id);
    // The untouched period keeps its price id.
    assert.equal(
      prices[2].stripe_price_id,
      p.prices.find((x: any) => x.billing_period === 'every_four_weeks').stripe_price_id,
    );
    assert.ok(res.body.product.updated_at >= p.updated_at);
    const shown = await t.get(`/2025-09/products/${p.id}`);
    assert.deepEqual(shown.body.product, res.body.product);
  });

  test('sets the one-time price of a one-time product', async () => {
    const p = oneTime();
    const res = await t.post(`/2025-09/products/${p.id}/base_price`, { one_time: { amount: 1450 } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.product.prices.map((x: any) => [x.billing_period, x.price.amount]),
      [['one_time', 1450]],
    );
  });

  test('rejects billing periods that do not match the charge type', async () => {
    const one = await t.post(`/2025-09/products/${oneTime().id}/base_price`, { monthly: { amount: 100 } });
    assert.equal(one.status, 422);
    assert.equal(one.body.error.code, 'invalid_content');
    assert.deepEqual(
      one.body.error.details.map((d: any) => d.pointer),
      ['/monthly'],
    );
    const rec = await t.post(`/2025-09/products/${recurring().id}/base_price`, {
      one_time: { amount: 100 },
      weekly: { amount: 5 },
    });
    assert.equal(rec.status, 422);
    assert.deepEqual(
      rec.body.error.details.map((d: any) => d.pointer),
      ['/one_time'],
    );
    // Nothing was written by the rejected request.
    const shown = await t.get(`/2025-09/products/${recurring().id}`);
    assert.ok(!shown.body.product.prices.some((x: any) => x.price.amount === 5));
  });

  test('rejects malformed base price bodies with pointers', async () => {
    const id = recurring().id;
    const cases: Array<[unknown, string]> = [
      [{ fortnightly: { amount: 100 } }, '/fortnightly'],
      [{ weekly: { amount: -1 } }, '/weekly/amount'],
      [{ weekly: { amount: 9.5 } }, '/weekly/amount'],
      [{ weekly: { amount: '100' } }, '/weekly/amount'],
      [{ weekly: {} }, '/weekly/amount'],
      [{ weekly: { amount: 100, currency: 'GBP' } }, '/weekly/currency'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.post(`/2025-09/products/${id}/base_price`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_content');
      assert.ok(
        res.body.error.details.some((d: any) => d.pointer === pointer),
        `${JSON.stringify(body)} → ${JSON.stringify(res.body.error.details)}`,
      );
    }
    const empty = await t.post(`/2025-09/products/${id}/base_price`, {});
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, 'invalid_content');
  });

  test('base price needs public.product:write and the operator’s own product', async () => {
    const id = recurring().id;
    const readOnly = await t.tokenWith(['public.product:read']);
    const res = await t.post(`/2025-09/products/${id}/base_price`, { weekly: { amount: 1 } }, { token: readOnly });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    const other = await t.post(`/2025-09/products/${id}/base_price`, { weekly: { amount: 1 } }, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
  });
});
