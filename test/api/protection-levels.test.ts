import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const KEYS = ['id', 'account_code', 'cover_level', 'created_at', 'prices', 'public', 'stripe_product_id', 'updated_at'];

describe('protection levels', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    all = (await t.get('/2025-09/protection_levels')).body.protection_levels;
  });
  after(() => t.close());

  test('lists protection levels in the documented shape, newest first', async () => {
    const res = await t.get('/2025-09/protection_levels');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['protection_levels', 'meta']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 4,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    for (const p of all) {
      assert.deepEqual(Object.keys(p), KEYS);
      assert.match(p.id, /^plvl_[0-9a-f]{16}$/);
      assert.deepEqual(Object.keys(p.cover_level), ['amount', 'currency', 'formatted']);
      assert.ok(p.account_code === null || typeof p.account_code === 'string');
      assert.equal(typeof p.public, 'boolean');
      assert.equal(typeof p.stripe_product_id, 'string');
      assert.deepEqual(
        p.prices.map((x: any) => x.billing_period),
        ['weekly', 'monthly', 'every_four_weeks'],
      );
    }
    assert.deepEqual(all.map((p) => p.cover_level.formatted).sort(), [
      '£1,000.00',
      '£10,000.00',
      '£20,000.00',
      '£5,000.00',
    ]);
    const top = all.find((p) => p.cover_level.amount === 2_000_000);
    assert.deepEqual(top.cover_level, { amount: 2000000, currency: 'GBP', formatted: '£20,000.00' });
    assert.deepEqual(top.prices[0].price, { amount: 999, currency: 'GBP', formatted: '£9.99' });
    const created = all.map((p) => p.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  test('sorts, paginates and rejects bad parameters', async () => {
    const asc = await t.get('/2025-09/protection_levels?sort_by=created_at&sort_direction=ASC');
    assert.deepEqual(
      asc.body.protection_levels.map((p: any) => p.id),
      [...all].reverse().map((p) => p.id),
    );
    const p2 = await t.get('/2025-09/protection_levels?limit=3&page=2');
    assert.deepEqual(
      p2.body.protection_levels.map((p: any) => p.id),
      [all[3].id],
    );
    assert.deepEqual(p2.body.meta.pagination, { count: 4, last: 2, limit: 3, next: null, page: 2, pages: 2, prev: 1 });
    for (const q of ['limit=0', 'limit=101', 'page=0', 'sort_by=cover_level', 'sort_direction=up']) {
      const res = await t.get(`/2025-09/protection_levels?${q}`);
      assert.equal(res.status, 422, q);
      assert.equal(res.body.error.code, 'invalid_url_param');
    }
  });

  test('shows one; needs the read scope; other operators get 404', async () => {
    const res = await t.get(`/2025-09/protection_levels/${all[1].id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.protection_level, all[1]);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    const token = await t.tokenWith(['public.product:read']);
    assert.equal((await t.get('/2025-09/protection_levels', { token })).status, 403);
    const forbidden = await t.get(`/2025-09/protection_levels/${all[1].id}`, { token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const other = await t.get(`/2025-09/protection_levels/${all[1].id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/protection_levels', { token: t.b.token });
    assert.equal(bList.body.protection_levels.length, 2);
    assert.equal(bList.body.protection_levels[0].cover_level.currency, 'EUR');
  });

  test('base_price updates prices and emits exactly one protection_level.updated event', async () => {
    const p = all[0];
    const db = t.lockyard.database.db;
    const before = await t.lockyard.services.events.list(db, t.a.id, { type: 'protection_level.updated', limit: 10 });
    const res = await t.post(`/2025-09/protection_levels/${p.id}/base_price`, {
      weekly: { amount: 999 },
      monthly: { amount: 3999 },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body), ['protection_level', 'meta']);
    const level = res.body.protection_level;
    assert.deepEqual(Object.keys(level), KEYS);
    assert.deepEqual(
      level.prices.map((x: any) => [x.billing_period, x.price.amount]),
      [
        ['weekly', 999],
        ['monthly', 3999],
        ['every_four_weeks', p.prices[2].price.amount],
      ],
    );
    assert.deepEqual(level.prices[1].price, { amount: 3999, currency: 'GBP', formatted: '£39.99' });
    assert.notEqual(level.prices[0].stripe_price_id, p.prices[0].stripe_price_id);
    assert.equal(level.prices[2].stripe_price_id, p.prices[2].stripe_price_id);

    const events = await t.lockyard.services.events.list(db, t.a.id, { type: 'protection_level.updated', limit: 10 });
    assert.equal(events.length, before.length + 1);
    const payload = events[0].payload as any;
    assert.equal(payload.event.type, 'protection_level.updated');
    assert.match(payload.event.id, /^evt_[0-9a-f]{16}$/);
    assert.deepEqual(payload.event.data.protection_level, level);
    const shown = await t.get(`/2025-09/protection_levels/${p.id}`);
    assert.deepEqual(shown.body.protection_level, level);
  });

  test('bad base_price bodies get 422 with pointers and write nothing', async () => {
    const p = all[1];
    const db = t.lockyard.database.db;
    const before = await t.lockyard.services.events.list(db, t.a.id, { type: 'protection_level.updated', limit: 50 });
    const cases: Array<[unknown, string]> = [
      [{ one_time: { amount: 100 } }, '/one_time'],
      [{ weekly: { amount: -5 } }, '/weekly/amount'],
      [{ monthly: { amount: 'lots' } }, '/monthly/amount'],
      [{ monthly: {} }, '/monthly/amount'],
      [{ daily: { amount: 1 } }, '/daily'],
    ];
    for (const [body, pointer] of cases) {
      const res = await t.post(`/2025-09/protection_levels/${p.id}/base_price`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_content');
      assert.ok(
        res.body.error.details.some((d: any) => d.pointer === pointer),
        JSON.stringify(res.body.error.details),
      );
    }
    assert.equal((await t.post(`/2025-09/protection_levels/${p.id}/base_price`, {})).status, 422);
    const after = await t.lockyard.services.events.list(db, t.a.id, { type: 'protection_level.updated', limit: 50 });
    assert.equal(after.length, before.length);
    assert.deepEqual((await t.get(`/2025-09/protection_levels/${p.id}`)).body.protection_level, p);
  });

  test('base_price needs public.protection_level:write and the operator’s own level', async () => {
    const token = await t.tokenWith(['public.protection_level:read']);
    const res = await t.post(
      `/2025-09/protection_levels/${all[2].id}/base_price`,
      { weekly: { amount: 1 } },
      { token },
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    const other = await t.post(
      `/2025-09/protection_levels/${all[2].id}/base_price`,
      { weekly: { amount: 1 } },
      { token: t.b.token },
    );
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const unknown = await t.post('/2025-09/protection_levels/plvl_0000000000000000/base_price', {
      weekly: { amount: 1 },
    });
    assert.equal(unknown.status, 404);
  });
});
