import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/kernel/clock.ts';
import { createLockyard, type Lockyard } from '../../src/main.ts';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';

// Issue 8, defect 3: the operator's clock lives in storage, so a restarted or second process reads the same time.
describe('operator time after a restart and on a second process', () => {
  let t: TestApp;
  const real = new ManualClock(Date.UTC(2026, 4, 1, 12, 0, 0));
  const later = '2026-06-01T06:00:00Z';

  /** Another Lockyard on the same store: its own process on PostgreSQL, fresh services on the in-memory PGlite. */
  const anotherInstance = () =>
    createLockyard({
      database: STORE === 'postgres' ? t.databaseOptions : t.lockyard.database,
      publicUrl: 'http://lockyard.test',
      clock: real,
      logLevel: false,
    });

  const call = async (app: Lockyard, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await app.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${t.a.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => {
    t = await createTestApp({ clock: real });
  });
  after(() => t.close());

  test('advance, restart, pay the checkout: the tenancy, subscription and invoices carry the operator’s time', async () => {
    assert.equal((await t.post('/sandbox/clock/advance', { to: later })).status, 200);
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
    const created = await t.post('/2025-09/orders', {
      site: { id: ut.site.id },
      contact: { id: contact },
      billing_period: 'monthly',
      starts_at: 'now',
      line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } }],
      finalize: { cancel_redirect_url: 'https://x.test/cancelled' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const order = created.body.order;
    const checkoutPath = new URL(order.payment_url).pathname;

    const restarted = await anotherInstance();
    try {
      const paid = await restarted.app.inject({
        method: 'POST',
        url: checkoutPath,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          name: 'Bea Booker',
          card_number: '4242 4242 4242 4242',
          expiry: '12/30',
          cvc: '123',
        }).toString(),
      });
      assert.equal(paid.statusCode, 303, paid.body);
      const done = (await call(restarted, 'GET', `/2025-09/orders/${order.id}`)).body.order;
      assert.equal(done.status, 'completed');
      const tenancy = (await call(restarted, 'GET', `/2025-09/tenancies/${done.tenancy.id}`)).body.tenancy;
      const subscription = (await call(restarted, 'GET', `/2025-09/subscriptions/${done.subscription.id}`)).body
        .subscription;
      const invoices = (await call(restarted, 'GET', `/2025-09/invoices?subscription_id=${done.subscription.id}`)).body
        .invoices;
      assert.equal(tenancy.created_at, later);
      assert.equal(subscription.created_at, later);
      assert.ok(invoices.length > 0);
      for (const invoice of invoices) assert.equal(invoice.created_at, later);
    } finally {
      await restarted.close();
    }
  });

  test('a second instance reads the operator time the first one set, and sees it move', async () => {
    const other = await anotherInstance();
    try {
      assert.equal((await call(other, 'GET', '/sandbox/clock')).body.clock.now, later);
      const moved = await call(other, 'POST', '/sandbox/clock/advance', { seconds: 3600 });
      assert.equal(moved.body.clock.now, '2026-06-01T07:00:00Z');
      // Across processes the change arrives by NOTIFY: wait for it rather than assume it is instant.
      let seen = '';
      for (let i = 0; i < 100 && seen !== '2026-06-01T07:00:00Z'; i++) {
        seen = (await t.get('/sandbox/clock')).body.clock.now;
        if (seen !== '2026-06-01T07:00:00Z') await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(seen, '2026-06-01T07:00:00Z');
      const contact = await t.post('/2025-09/contacts', { email: 'second@example.com', full_name: 'Second Process' });
      assert.equal(contact.body.contact.created_at, '2026-06-01T07:00:00Z');
    } finally {
      await other.close();
    }
  });
});
