import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { ManualClock } from '../../src/kernel/clock.ts';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  const real = new ManualClock(Date.now());
  let ut: string;
  const updates = async () =>
    (await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type: 'unit_type.updated', limit: 1000 }))
      .length;
  before(async () => {
    t = await createTestApp({ clock: real });
    ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
  });
  after(() => t.close());

  test('a replay returns the first response byte for byte and has no second effect', async () => {
    const before = await updates();
    const headers = { 'idempotency-key': 'replay-1' };
    const first = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 1234 } }, { headers });
    assert.equal(first.status, 200);
    const second = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 1234 } }, { headers });
    assert.equal(second.status, 200);
    assert.equal(second.text, first.text);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(await updates(), before + 1);
  });

  test('errors are stored and replayed too', async () => {
    const headers = { 'idempotency-key': 'replay-err' };
    const first = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: -5 } }, { headers });
    assert.equal(first.status, 422);
    const second = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: -5 } }, { headers });
    assert.equal(second.status, 422);
    assert.equal(second.text, first.text);
  });

  test('the same key with a different body → 400 invalid_request', async () => {
    const headers = { 'idempotency-key': 'reuse' };
    await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 1000 } }, { headers });
    const res = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 2000 } }, { headers });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_request');
    assert.match(res.body.error.message, /already used with a different request/);
  });

  test('keys are scoped per operator', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 1500 } }, { headers });
    const utB = (await t.get('/2025-09/unit_types?limit=1', { token: t.b.token })).body.unit_types[0].id;
    const b = await t.post(
      `/2025-09/unit_types/${utB}/base_price`,
      { weekly: { amount: 1500 } },
      { headers, token: t.b.token },
    );
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(b.body.unit_type.id, utB);
  });

  test('concurrent requests with one key cause exactly one effect and one response', async () => {
    const before = await updates();
    const headers = { 'idempotency-key': 'race-1' };
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.post(`/2025-09/unit_types/${ut}/base_price`, { monthly: { amount: 7777 } }, { headers }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    assert.ok(ok.length >= 1);
    assert.ok(results.every((r) => r.status === 200 || (r.status === 409 && r.body.error.code === 'conflict')));
    assert.equal(new Set(ok.map((r) => r.text)).size, 1);
    assert.equal(await updates(), before + 1);
  });
});

describe('Idempotency-Key retention runs on real time', () => {
  let t: TestApp;
  let nowMs = Date.UTC(2026, 2, 2, 9, 0, 0);
  before(async () => {
    t = await createTestApp({ clock: { now: () => new Date(nowMs) } });
  });
  after(() => t.close());

  test('moving the sandbox clock two days keeps the key; 24 hours of real time forget it', async () => {
    const headers = { 'idempotency-key': 'expiring' };
    const ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const first = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 100 } }, { headers });
    assert.equal(first.status, 200);
    assert.equal((await t.post('/sandbox/clock/advance', { seconds: 2 * 86400 })).status, 200);
    const replay = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 100 } }, { headers });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.text, first.text);
    nowMs += 24 * 3600 * 1000 + 1000;
    const res = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 200 } }, { headers });
    assert.equal(res.status, 200);
    assert.equal(res.headers['idempotent-replayed'], undefined);
    assert.equal(res.body.unit_type.prices.find((p: any) => p.billing_period === 'weekly').price.amount, 200);
  });
});

/**
 * The in-process counterpart of test/cli/idempotency-crash.test.ts: a failure injected after the order's write
 * (before its unit of work commits) or after the commit (before the response leaves). Either way a retry with
 * the same key never makes a second order.
 */
describe('Idempotency-Key: the outcome commits with the write', () => {
  let t: TestApp;
  let failAt: 'before-commit' | 'after-commit' | null = null;
  const injected = (at: typeof failAt) => async () => {
    if (failAt !== at) return;
    failAt = null;
    throw new Error(`injected failure ${at}`);
  };
  let body: (email: string) => Record<string, unknown>;
  const orderCount = async () => (await t.get('/2025-09/orders?limit=1')).body.meta.pagination.count as number;
  const contactsWith = async (email: string) =>
    (await t.get(`/2025-09/contacts?search=${encodeURIComponent(email)}`)).body.contacts.length as number;

  before(async () => {
    t = await createTestApp({
      idempotencyFaults: { beforeCommit: injected('before-commit'), afterCommit: injected('after-commit') },
    });
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    body = (email) => ({
      site: { id: ut.site.id },
      contact: { email, full_name: 'Crash Test' },
      billing_period: 'monthly',
      starts_at: '2026-04-15T00:00:00Z',
      line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } }],
    });
  });
  after(() => t.close());

  test('failure after the commit: the client saw a 500, the retry replays the created order, one order', async () => {
    const before = await orderCount();
    const headers = { 'idempotency-key': 'crash-after-commit' };
    failAt = 'after-commit';
    const lost = await t.post('/2025-09/orders', body('after.commit@example.com'), { headers });
    assert.equal(lost.status, 500);
    assert.equal(await orderCount(), before + 1);
    const retry = await t.post('/2025-09/orders', body('after.commit@example.com'), { headers });
    assert.equal(retry.status, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.body.order.contact.id !== undefined, true);
    assert.equal(await orderCount(), before + 1);
    assert.equal(await contactsWith('after.commit@example.com'), 1);
    const again = await t.post('/2025-09/orders', body('after.commit@example.com'), { headers });
    assert.equal(again.text, retry.text);
  });

  test('failure after the write, before the commit: nothing is left behind; the stored 500 replays', async () => {
    const before = await orderCount();
    const headers = { 'idempotency-key': 'crash-before-commit' };
    failAt = 'before-commit';
    const failed = await t.post('/2025-09/orders', body('before.commit@example.com'), { headers });
    assert.equal(failed.status, 500);
    assert.equal(await orderCount(), before);
    assert.equal(await contactsWith('before.commit@example.com'), 0);
    // The reference stores errors too (500 included): the same key answers the same.
    const retry = await t.post('/2025-09/orders', body('before.commit@example.com'), { headers });
    assert.equal(retry.status, 500);
    assert.equal(retry.text, failed.text);
    assert.equal(await orderCount(), before);
    const fresh = await t.post('/2025-09/orders', body('before.commit@example.com'), {
      headers: { 'idempotency-key': 'crash-before-commit-2' },
    });
    assert.equal(fresh.status, 201);
    assert.equal(await orderCount(), before + 1);
  });

  test('concurrent creates with one key: one order, every answer is that order or 409', async () => {
    const before = await orderCount();
    const headers = { 'idempotency-key': 'order-race' };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.post('/2025-09/orders', body('race@example.com'), { headers })),
    );
    const ok = results.filter((r) => r.status === 201);
    assert.ok(ok.length >= 1);
    assert.ok(
      results.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'conflict')),
      results.map((r) => r.status).join(),
    );
    assert.equal(new Set(ok.map((r) => r.body.order.id)).size, 1);
    assert.equal(await orderCount(), before + 1);
  });
});
