import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLockyard, type Lockyard } from '../../src/main.ts';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';

describe('cached reads never outlive a write', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const weekly = (body: any) => body.unit_type.prices.find((p: any) => p.billing_period === 'weekly').price.amount;

  test('a read after a write in the same process sees the write', async () => {
    const id = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const first = await t.get(`/2025-09/unit_types/${id}`);
    const again = await t.get(`/2025-09/unit_types/${id}`);
    assert.notEqual(
      again.body.meta.request_id,
      first.body.meta.request_id,
      'cached responses get their own request id',
    );
    assert.deepEqual(again.body.unit_type, first.body.unit_type);
    await t.post(`/2025-09/unit_types/${id}/base_price`, { weekly: { amount: 4321 } });
    assert.equal(weekly((await t.get(`/2025-09/unit_types/${id}`)).body), 4321);
  });

  test('a write by another API process reaches this one (PostgreSQL)', async (ctx) => {
    if (STORE !== 'postgres') return ctx.skip('one process per embedded data dir');
    const other: Lockyard = await createLockyard({ database: t.databaseOptions, logLevel: false });
    try {
      const id = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
      assert.equal(weekly((await t.get(`/2025-09/unit_types/${id}`)).body) > 0, true);
      const res = await other.app.inject({
        method: 'POST',
        url: `/2025-09/unit_types/${id}/base_price`,
        headers: { authorization: `Bearer ${t.a.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ weekly: { amount: 9876 } }),
      });
      assert.equal(res.statusCode, 200);
      let seen = 0;
      for (let i = 0; i < 50 && seen !== 9876; i++) {
        seen = weekly((await t.get(`/2025-09/unit_types/${id}`)).body);
        if (seen !== 9876) await sleep(20);
      }
      assert.equal(seen, 9876);
    } finally {
      await other.close();
    }
  });
});
