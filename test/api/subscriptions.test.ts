import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { listAll } from '../harness/list-all.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';

const KEYS = [
  'id',
  'billing_period',
  'cancellation_reason',
  'cancelled',
  'contact',
  'created_at',
  'current_period',
  'ends_at',
  'line_items',
  'order',
  'site',
  'starts_at',
  'stripe_subscription_id',
  'stripe_subscription_schedule_id',
  'tenancy',
  'updated_at',
];
const LINE_KEYS = ['created_at', 'item', 'price', 'quantity', 'type', 'updated_at'];
const PERIODS = ['weekly', 'monthly', 'every_four_weeks', 'every_three_months', 'every_six_months', 'yearly'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('subscriptions', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    // Five completed bookings and one subscription for each other held unit (seed-held-units.ts).
    all = await listAll(t, '/2025-09/subscriptions', 'subscriptions');
  });
  after(() => t.close());

  test('lists subscriptions in the reference’s shape: no status, no line item ids, money objects', async () => {
    const res = await t.get('/2025-09/subscriptions');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies', 'pagination']);
    assert.equal(res.body.meta.pagination.count, all.length);
    assert.ok(all.length > 100);
    for (const s of res.body.subscriptions) {
      assert.deepEqual(Object.keys(s), KEYS);
      assert.match(s.id, /^sub_[0-9a-f]{16}$/);
      assert.ok(PERIODS.includes(s.billing_period), s.billing_period);
      assert.equal(s.cancelled, false);
      assert.equal(s.cancellation_reason, null);
      assert.deepEqual(Object.keys(s.current_period), ['ends_at', 'starts_at']);
      // Seeded subscriptions that began long ago are in a later period.
      assert.ok(s.current_period.starts_at >= s.starts_at);
      assert.ok(s.current_period.ends_at > s.current_period.starts_at);
      assert.equal(s.ends_at, null);
      assert.equal(s.stripe_subscription_id, null);
      assert.match(s.tenancy.id, /^ten_[0-9a-f]{16}$/);
      assert.ok(s.line_items.length >= 1);
      assert.equal(s.line_items[0].type, 'unit_type');
      for (const l of s.line_items) {
        assert.deepEqual(Object.keys(l), LINE_KEYS);
        assert.ok(['unit_type', 'protection', 'custom_product'].includes(l.type));
        assert.deepEqual(Object.keys(l.price), ['amount', 'currency', 'formatted']);
        assert.equal(l.price.currency, 'GBP');
        assert.match(l.price.formatted, /^£[\d,]+\.\d{2}$/);
        assert.ok(Number.isInteger(l.quantity));
        assert.match(l.created_at, TS);
      }
    }
    const types = new Set(all.flatMap((s: any) => s.line_items.map((l: any) => l.type)));
    assert.deepEqual([...types].sort(), ['custom_product', 'protection', 'unit_type']);
  });

  test('shows a subscription as the list renders it; its tenancy points back', async () => {
    const res = await t.get(`/2025-09/subscriptions/${all[0].id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.subscription, all[0]);
    const ten = (await t.get(`/2025-09/tenancies/${all[0].tenancy.id}`)).body.tenancy;
    assert.deepEqual(ten.subscription, { id: all[0].id });
  });

  test('filters by contact_id (comma-separated)', async () => {
    const [a, b] = all;
    const of = (...contacts: string[]) =>
      all
        .filter((s) => contacts.includes(s.contact.id))
        .map((s) => s.id)
        .sort();
    const one = await t.get(`/2025-09/subscriptions?contact_id=${a.contact.id}&limit=100`);
    assert.deepEqual(one.body.subscriptions.map((s: any) => s.id).sort(), of(a.contact.id));
    assert.ok(of(a.contact.id).includes(a.id));
    const two = await t.get(`/2025-09/subscriptions?contact_id=${a.contact.id},${b.contact.id}&limit=100`);
    assert.deepEqual(two.body.subscriptions.map((s: any) => s.id).sort(), of(a.contact.id, b.contact.id));
    const none = await t.get('/2025-09/subscriptions?contact_id=con_0000000000000000');
    assert.deepEqual(none.body.subscriptions, []);
  });

  test('sorts ascending; bad sort is 422', async () => {
    const asc = await t.get('/2025-09/subscriptions?sort_direction=ASC&limit=100');
    assert.deepEqual(
      asc.body.subscriptions.map((s: any) => s.id),
      [...all]
        .reverse()
        .slice(0, 100)
        .map((s) => s.id),
    );
    const bad = await t.get('/2025-09/subscriptions?sort_by=billing_period');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
  });

  test('expands contact, site and tenancy; unknown expand is 422', async () => {
    const res = await t.get(`/2025-09/subscriptions/${all[0].id}?expand=contact,site,tenancy`);
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.subscription.contact.email, 'string');
    assert.equal(typeof res.body.subscription.site.name, 'string');
    assert.deepEqual(res.body.subscription.tenancy.subscription, { id: all[0].id });
    const bad = await t.get('/2025-09/subscriptions?expand=line_items');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/expand');
  });

  test('expanding site needs public.site:read (the responses guide’s example)', async () => {
    const token = await t.tokenWith(['public.subscription:read']);
    assert.equal((await t.get('/2025-09/subscriptions', { token })).status, 200);
    const res = await t.get('/2025-09/subscriptions?expand=site', { token });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  test('needs public.subscription:read; other operators’ subscriptions are 404', async () => {
    const without = await t.tokenWith(SCOPES.filter((s) => s !== 'public.subscription:read'));
    assert.equal((await t.get('/2025-09/subscriptions', { token: without })).status, 403);
    assert.equal((await t.get(`/2025-09/subscriptions/${all[0].id}`, { token: without })).status, 403);
    const res = await t.get(`/2025-09/subscriptions/${all[0].id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    const theirs = await listAll(t, '/2025-09/subscriptions', 'subscriptions', t.b.token);
    assert.ok(theirs.length >= 1);
    assert.equal(theirs[0].line_items[0].price.currency, 'EUR');
  });
});
