import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const PERCENT_KEYS = [
  'id',
  'auto_apply_to',
  'billing_period',
  'code',
  'created_at',
  'duration',
  'max_redemptions',
  'months',
  'name',
  'percent',
  'public',
  'title',
  'type',
  'updated_at',
];
const AMOUNT_KEYS = [
  'id',
  'amount',
  'auto_apply_to',
  'billing_period',
  'code',
  'created_at',
  'duration',
  'max_redemptions',
  'months',
  'name',
  'public',
  'title',
  'type',
  'updated_at',
];

describe('coupons', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    all = (await t.get('/2025-09/coupons')).body.coupons;
  });
  after(() => t.close());

  test('lists coupons; each variant has only its own discount key', async () => {
    const res = await t.get('/2025-09/coupons');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['coupons', 'meta']);
    assert.equal(res.body.meta.pagination.count, all.length);
    assert.ok(all.length >= 6);
    for (const c of all) {
      assert.match(c.id, /^cpn_[0-9a-f]{16}$/);
      assert.ok(['percentage', 'amount'].includes(c.type));
      if (c.type === 'percentage') {
        assert.deepEqual(Object.keys(c), PERCENT_KEYS);
        assert.ok(Number.isInteger(c.percent) && c.percent > 0 && c.percent <= 100);
      } else {
        assert.deepEqual(Object.keys(c), AMOUNT_KEYS);
        assert.deepEqual(Object.keys(c.amount), ['amount', 'currency', 'formatted']);
        assert.equal(c.amount.currency, 'GBP');
      }
      assert.deepEqual(Object.keys(c.auto_apply_to), ['products', 'protections', 'subscriptions', 'unit_types']);
      assert.ok(['once', 'repeating', 'forever'].includes(c.duration));
      assert.equal(c.months === null, c.duration !== 'repeating');
      for (const k of ['code', 'title', 'billing_period']) assert.ok(c[k] === null || typeof c[k] === 'string');
      assert.ok(c.max_redemptions === null || Number.isInteger(c.max_redemptions));
    }
    const five = all.find((c) => c.code === '5OFF');
    assert.deepEqual(five.amount, { amount: 500, currency: 'GBP', formatted: '£5.00' });
    assert.equal(five.public, false);
    assert.equal(five.duration, 'forever');
    const created = all.map((c) => c.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  test('the demo covers every auto_apply_to target, duration and both types', () => {
    for (const k of ['products', 'protections', 'subscriptions', 'unit_types'])
      assert.ok(
        all.some((c) => c.auto_apply_to[k]),
        k,
      );
    for (const d of ['once', 'repeating', 'forever'])
      assert.ok(
        all.some((c) => c.duration === d),
        d,
      );
    assert.ok(all.some((c) => c.type === 'amount') && all.some((c) => c.type === 'percentage'));
    assert.ok(all.some((c) => c.code !== null) && all.some((c) => !c.public));
  });

  test('sorts, paginates and rejects bad parameters', async () => {
    const asc = await t.get('/2025-09/coupons?sort_direction=ASC');
    assert.deepEqual(
      asc.body.coupons.map((c: any) => c.id),
      [...all].reverse().map((c) => c.id),
    );
    const p2 = await t.get('/2025-09/coupons?limit=3&page=2');
    assert.deepEqual(
      p2.body.coupons.map((c: any) => c.id),
      all.slice(3, 6).map((c) => c.id),
    );
    assert.equal(p2.body.meta.pagination.prev, 1);
    for (const q of ['limit=0', 'limit=101', 'page=0', 'sort_by=name', 'sort_direction=desc']) {
      const res = await t.get(`/2025-09/coupons?${q}`);
      assert.equal(res.status, 422, q);
      assert.equal(res.body.error.code, 'invalid_url_param');
    }
  });

  test('shows either variant', async () => {
    for (const c of [all.find((x) => x.type === 'amount'), all.find((x) => x.type === 'percentage')]) {
      const res = await t.get(`/2025-09/coupons/${c.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.coupon, c);
      assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    }
  });

  test('needs public.coupon:read; other operators get 404', async () => {
    const token = await t.tokenWith(['public.unit_type:read']);
    assert.equal((await t.get('/2025-09/coupons', { token })).status, 403);
    const forbidden = await t.get(`/2025-09/coupons/${all[0].id}`, { token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const other = await t.get(`/2025-09/coupons/${all[0].id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/coupons', { token: t.b.token });
    assert.ok(bList.body.coupons.length > 0);
    assert.ok(bList.body.coupons.every((c: any) => !all.some((a) => a.id === c.id)));
    const eur = bList.body.coupons.find((c: any) => c.type === 'amount');
    assert.equal(eur.amount.currency, 'EUR');
  });

  test('unit types expose their promotion, expandable to the coupon', async () => {
    const types = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types;
    const promoted = types.filter((u: any) => u.promotion !== null);
    assert.equal(promoted.length, 3);
    for (const u of promoted) assert.ok(all.some((c) => c.id === u.promotion.id));
    const res = await t.get(`/2025-09/unit_types/${promoted[0].id}?expand=promotion`);
    assert.equal(res.status, 200);
    const coupon = all.find((c) => c.id === promoted[0].promotion.id);
    assert.deepEqual(res.body.unit_type.promotion, coupon);
    assert.equal(coupon.auto_apply_to.unit_types, true);
    const noCoupon = await t.tokenWith(['public.unit_type:read']);
    const forbidden = await t.get(`/2025-09/unit_types/${promoted[0].id}?expand=promotion`, { token: noCoupon });
    assert.equal(forbidden.status, 403);
  });
});
