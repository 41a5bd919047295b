import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const STAFF_KEYS = ['id', 'created_at', 'email', 'name', 'updated_at'];

describe('staff', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('lists staff under the key `staff`, newest first, shaped like the reference', async () => {
    const res = await t.get('/2025-09/staff');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['staff', 'meta']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 4,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    for (const s of res.body.staff) {
      assert.deepEqual(Object.keys(s), STAFF_KEYS);
      assert.match(s.id, /^staff_[0-9a-f]{16}$/);
      assert.match(s.email, /^[a-z.]+@acme-storage\.example\.com$/);
      assert.match(s.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    const created = res.body.staff.map((s: any) => s.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
    assert.deepEqual(res.body.staff.map((s: any) => s.name).sort(), [
      'Marcus Reid',
      'Olivia Bennett',
      'Priya Shah',
      'Tom Gallagher',
    ]);
  });

  test('page, limit and sort_direction', async () => {
    const all = (await t.get('/2025-09/staff?sort_direction=ASC')).body.staff.map((s: any) => s.id);
    const desc = (await t.get('/2025-09/staff')).body.staff.map((s: any) => s.id);
    assert.deepEqual(all, [...desc].reverse());
    const p2 = await t.get('/2025-09/staff?sort_direction=ASC&limit=3&page=2');
    assert.deepEqual(
      p2.body.staff.map((s: any) => s.id),
      all.slice(3),
    );
    assert.deepEqual(p2.body.meta.pagination, { count: 4, last: 2, limit: 3, next: null, page: 2, pages: 2, prev: 1 });
    const bad = await t.get('/2025-09/staff?sort_by=name');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
  });

  test('search matches name or email, case-insensitively', async () => {
    const byName = await t.get('/2025-09/staff?search=PRIYA');
    assert.deepEqual(
      byName.body.staff.map((s: any) => s.name),
      ['Priya Shah'],
    );
    const byEmail = await t.get('/2025-09/staff?search=marcus.reid%40');
    assert.deepEqual(
      byEmail.body.staff.map((s: any) => s.name),
      ['Marcus Reid'],
    );
    const byDomain = await t.get('/2025-09/staff?search=acme-storage');
    assert.equal(byDomain.body.staff.length, 4);
    const none = await t.get('/2025-09/staff?search=nobody');
    assert.deepEqual(none.body.staff, []);
    assert.equal(none.body.meta.pagination.count, 0);
  });

  test('shows one staff member under the key `staff`', async () => {
    const first = (await t.get('/2025-09/staff')).body.staff[0];
    const res = await t.get(`/2025-09/staff/${first.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['staff', 'meta']);
    assert.deepEqual(res.body.staff, first);
  });

  test('operator B gets 404 for A’s staff and sees only its own', async () => {
    const first = (await t.get('/2025-09/staff')).body.staff[0];
    const res = await t.get(`/2025-09/staff/${first.id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/staff', { token: t.b.token });
    assert.deepEqual(bList.body.staff.map((s: any) => s.name).sort(), ['Aoife Byrne', 'Conor Walsh']);
  });

  test('needs public.staff:read', async () => {
    const token = await t.tokenWith(['public.contact:read']);
    const res = await t.get('/2025-09/staff', { token });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    const ok = await t.get('/2025-09/staff', { token: await t.tokenWith(['public.staff:read']) });
    assert.equal(ok.status, 200);
  });
});
