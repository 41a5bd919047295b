import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let ut: string;
  const updates = async () =>
    (await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type: 'unit_type.updated', limit: 1000 })).length;
  before(async () => {
    t = await createTestApp();
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
    const b = await t.post(`/2025-09/unit_types/${utB}/base_price`, { weekly: { amount: 1500 } }, { headers, token: t.b.token });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(b.body.unit_type.id, utB);
  });

  test('concurrent requests with one key cause exactly one effect and one response', async () => {
    const before = await updates();
    const headers = { 'idempotency-key': 'race-1' };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.post(`/2025-09/unit_types/${ut}/base_price`, { monthly: { amount: 7777 } }, { headers })),
    );
    const ok = results.filter((r) => r.status === 200);
    assert.ok(ok.length >= 1);
    assert.ok(results.every((r) => r.status === 200 || (r.status === 409 && r.body.error.code === 'conflict')));
    assert.equal(new Set(ok.map((r) => r.text)).size, 1);
    assert.equal(await updates(), before + 1);
  });

  test('after 24 hours (operator clock) the key is forgotten', async () => {
    const headers = { 'idempotency-key': 'expiring' };
    const utB = (await t.get('/2025-09/unit_types?limit=1', { token: t.b.token })).body.unit_types[0].id;
    await t.post(`/2025-09/unit_types/${utB}/base_price`, { weekly: { amount: 100 } }, { headers, token: t.b.token });
    await t.post('/sandbox/clock/advance', { seconds: 24 * 3600 + 1 }, { token: t.b.token });
    const res = await t.post(`/2025-09/unit_types/${utB}/base_price`, { weekly: { amount: 200 } }, { headers, token: t.b.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.unit_type.prices.find((p: any) => p.billing_period === 'weekly').price.amount, 200);
  });
});
