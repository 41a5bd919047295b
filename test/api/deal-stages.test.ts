import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const STAGE_KEYS = ['id', 'created_at', 'name', 'position', 'updated_at'];

describe('deal stages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('lists stages under `stages`, shaped like the reference', async () => {
    const res = await t.get('/2025-09/deals/stages');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['stages', 'meta']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 5,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    for (const s of res.body.stages) {
      assert.deepEqual(Object.keys(s), STAGE_KEYS);
      assert.match(s.id, /^dstg_[0-9a-f]{16}$/);
      assert.equal(typeof s.position, 'number');
    }
    const created = res.body.stages.map((s: any) => s.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  test('sort_by position ASC/DESC (positions need not be contiguous), and updated_at', async () => {
    const asc = await t.get('/2025-09/deals/stages?sort_by=position&sort_direction=ASC');
    assert.deepEqual(
      asc.body.stages.map((s: any) => s.position),
      [1, 2, 3, 5, 8],
    );
    assert.deepEqual(
      asc.body.stages.map((s: any) => s.name),
      ['New enquiry', 'Contacted', 'Viewing booked', 'Quote sent', 'Ready to book'],
    );
    const desc = await t.get('/2025-09/deals/stages?sort_by=position&sort_direction=DESC');
    assert.deepEqual(
      desc.body.stages.map((s: any) => s.position),
      [8, 5, 3, 2, 1],
    );
    const upd = await t.get('/2025-09/deals/stages?sort_by=updated_at&sort_direction=ASC');
    const times = upd.body.stages.map((s: any) => s.updated_at);
    assert.deepEqual(times, [...times].sort());
    const bad = await t.get('/2025-09/deals/stages?sort_by=name');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    assert.equal(bad.body.error.details[0].pointer, '/sort_by');
  });

  test('shows a stage under `stage`', async () => {
    const first = (await t.get('/2025-09/deals/stages?sort_by=position&sort_direction=ASC')).body.stages[0];
    const res = await t.get(`/2025-09/deals/stages/${first.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['stage', 'meta']);
    assert.deepEqual(res.body.stage, first);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
  });

  test('operator B gets 404 for A’s stage and lists only its own', async () => {
    const first = (await t.get('/2025-09/deals/stages')).body.stages[0];
    const res = await t.get(`/2025-09/deals/stages/${first.id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/deals/stages?sort_by=position&sort_direction=ASC', { token: t.b.token });
    assert.deepEqual(
      bList.body.stages.map((s: any) => s.position),
      [1, 2, 3],
    );
  });

  test('needs public.deal_stage:read', async () => {
    const res = await t.get('/2025-09/deals/stages', { token: await t.tokenWith(['public.deal:read']) });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });
});
