import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { listAll } from '../harness/list-all.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';

// Key order as the reference's example: id, then alphabetical.
const KEYS = [
  'id',
  'contact',
  'created_at',
  'ends_at',
  'order',
  'site',
  'starts_at',
  'subscription',
  'unit_allocations',
  'updated_at',
];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('tenancies', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    // Five completed bookings and one tenancy for each other held unit (seed-held-units.ts).
    all = await listAll(t, '/2025-09/tenancies', 'tenancies');
  });
  after(() => t.close());

  test('lists the seeded tenancies in the documented envelope and shape, newest first', async () => {
    const res = await t.get('/2025-09/tenancies');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['tenancies', 'meta']);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies', 'pagination']);
    const pages = Math.ceil(all.length / 50);
    assert.ok(all.length > 100, String(all.length));
    assert.deepEqual(res.body.meta.pagination, {
      count: all.length,
      last: pages,
      limit: 50,
      next: 2,
      page: 1,
      pages,
      prev: null,
    });
    for (const x of res.body.tenancies) {
      assert.deepEqual(Object.keys(x), KEYS);
      assert.match(x.id, /^ten_[0-9a-f]{16}$/);
      assert.match(x.contact.id, /^con_[0-9a-f]{16}$/);
      assert.match(x.site.id, /^site_[0-9a-f]{16}$/);
      assert.match(x.subscription.id, /^sub_[0-9a-f]{16}$/);
      assert.ok(x.order === null || /^order_/.test(x.order.id));
      assert.match(x.starts_at, TS);
      assert.match(x.created_at, TS);
      assert.equal(x.ends_at, null);
      assert.ok(Array.isArray(x.unit_allocations));
      for (const a of x.unit_allocations) assert.deepEqual(Object.keys(a), ['id']);
    }
    const created = res.body.tenancies.map((x: any) => x.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
    assert.ok(
      res.body.tenancies.some((x: any) => x.unit_allocations.length === 1),
      'some seeded tenancies hold a unit',
    );
  });

  test('sorts ascending, pages, and rejects unknown sort options with 422', async () => {
    const asc = await t.get('/2025-09/tenancies?sort_by=created_at&sort_direction=ASC&limit=100');
    assert.deepEqual(
      asc.body.tenancies.map((x: any) => x.id),
      [...all]
        .reverse()
        .slice(0, 100)
        .map((x) => x.id),
    );
    const p2 = await t.get('/2025-09/tenancies?limit=2&page=2');
    assert.deepEqual(
      p2.body.tenancies.map((x: any) => x.id),
      all.slice(2, 4).map((x) => x.id),
    );
    const pages = Math.ceil(all.length / 2);
    assert.deepEqual(p2.body.meta.pagination, {
      count: all.length,
      last: pages,
      limit: 2,
      next: 3,
      page: 2,
      pages,
      prev: 1,
    });
    for (const q of ['sort_by=starts_at', 'sort_direction=up', 'limit=101', 'page=0']) {
      const bad = await t.get(`/2025-09/tenancies?${q}`);
      assert.equal(bad.status, 422, q);
      assert.equal(bad.body.error.code, 'invalid_url_param');
    }
  });

  test('shows a tenancy exactly as the list renders it', async () => {
    const res = await t.get(`/2025-09/tenancies/${all[0].id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['tenancy', 'meta']);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    assert.deepEqual(res.body.tenancy, all[0]);
  });

  test('expands contact, site, subscription and unit allocations', async () => {
    const held = all.find((x) => x.unit_allocations.length)!;
    const res = await t.get(`/2025-09/tenancies/${held.id}?expand=contact,site,subscription,unit_allocations`);
    assert.equal(res.status, 200);
    const x = res.body.tenancy;
    assert.equal(x.contact.id, held.contact.id);
    assert.equal(typeof x.contact.email, 'string');
    assert.equal(typeof x.site.name, 'string');
    assert.equal(x.subscription.id, held.subscription.id);
    assert.deepEqual(x.subscription.tenancy, { id: held.id });
    assert.equal(x.unit_allocations[0].id, held.unit_allocations[0].id);
    assert.deepEqual(x.unit_allocations[0].tenancy, { id: held.id });
    assert.match(x.unit_allocations[0].unit.id, /^unit_/);
    // The allocation's unit points back at it.
    const unit = (await t.get(`/2025-09/units/${x.unit_allocations[0].unit.id}`)).body.unit;
    assert.deepEqual(unit.unit_allocation, { id: held.unit_allocations[0].id });
    const listed = await t.get('/2025-09/tenancies?expand=subscription');
    assert.ok(listed.body.tenancies.every((y: any) => typeof y.subscription.billing_period === 'string'));
  });

  test('tenancies and subscriptions are not offered as PDF or CSV documents: 406 invalid_format', async () => {
    const sub = all[0].subscription.id;
    for (const [url, accept] of [
      [`/2025-09/tenancies/${all[0].id}`, 'application/pdf'],
      [`/2025-09/subscriptions/${sub}`, 'application/pdf'],
      ['/2025-09/tenancies', 'application/pdf'],
      [`/2025-09/tenancies/${all[0].id}`, 'text/csv'],
    ]) {
      const res = await t.get(url, { headers: { accept } });
      assert.equal(res.status, 406, `${url} ${accept}`);
      assert.equal(res.body.error.code, 'invalid_format');
    }
  });

  test('an unknown expand is 422 at /expand', async () => {
    const res = await t.get('/2025-09/tenancies?expand=unit');
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'invalid_url_param');
    assert.equal(res.body.error.details[0].pointer, '/expand');
  });

  test('needs public.tenancy:read; expanding needs the expanded resource’s scope too', async () => {
    const without = await t.tokenWith(SCOPES.filter((s) => s !== 'public.tenancy:read'));
    for (const url of ['/2025-09/tenancies', `/2025-09/tenancies/${all[0].id}`]) {
      const res = await t.get(url, { token: without });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const only = await t.tokenWith(['public.tenancy:read']);
    assert.equal((await t.get('/2025-09/tenancies', { token: only })).status, 200);
    const res = await t.get('/2025-09/tenancies?expand=subscription', { token: only });
    assert.equal(res.status, 403);
    assert.match(res.body.error.message, /public\.subscription:read/);
  });

  test('another operator’s tenancy and unknown ids are 404 resource_not_found', async () => {
    for (const [id, token] of [
      [all[0].id, t.b.token],
      ['ten_0000000000000000', t.a.token],
    ]) {
      const res = await t.get(`/2025-09/tenancies/${id}`, { token });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'resource_not_found');
    }
    const theirs = await listAll(t, '/2025-09/tenancies', 'tenancies', t.b.token);
    assert.ok(theirs.length >= 1);
    assert.ok(!theirs.some((x: any) => all.some((y) => y.id === x.id)));
  });
});
