import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/lockyard.js', import.meta.url));

// `lockyard orders pay ID` against the same PostgreSQL schema as the app (an in-memory PGlite has no second process).
describe(
  'lockyard orders pay',
  { skip: STORE === 'postgres' ? false : 'needs TEST_DATABASE_URL (a store a second process can open)' },
  () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(() => t.close());

    test('completes a finalized order as the 4242 card would; a second run changes nothing', async () => {
      const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
        (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
      );
      const contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
      const o = (
        await t.post('/2025-09/orders', {
          site: { id: ut.site.id },
          contact: { id: contact },
          billing_period: 'monthly',
          starts_at: 'now',
          line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } }],
          finalize: { cancel_redirect_url: 'https://x.test/cancelled' },
        })
      ).body.order;
      const { url: dbUrl, schema } = t.databaseOptions;
      const url = schema ? `${dbUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}` : dbUrl!;
      const run = () =>
        spawnSync(process.execPath, [BIN, 'orders', 'pay', o.id, '--database-url', url], {
          encoding: 'utf8',
          timeout: 120_000,
        });
      const first = run();
      assert.equal(first.status, 0, first.stderr);
      assert.match(
        first.stdout,
        new RegExp(`^${o.id} completed tenancy ten_[0-9a-f]{16} subscription sub_[0-9a-f]{16}\\n$`),
      );
      assert.equal((await t.get(`/2025-09/orders/${o.id}`)).body.order.status, 'completed');
      const second = run();
      assert.match(second.stdout, /completed \(already\)/);
      const missing = spawnSync(
        process.execPath,
        [BIN, 'orders', 'pay', 'order_0000000000000000', '--database-url', url],
        { encoding: 'utf8' },
      );
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /no order with id order_0000000000000000/);
    });
  },
);
