import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/kernel/clock.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('sandbox clock', () => {
  let t: TestApp;
  const base = Date.UTC(2026, 4, 1, 12, 0, 0);
  before(async () => {
    t = await createTestApp({ clock: new ManualClock(base) });
  });
  after(() => t.close());

  test('each operator reads its own clock with its token', async () => {
    const res = await t.get('/sandbox/clock');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.clock, { now: '2026-05-01T12:00:00Z', offset_seconds: 0, operator_id: t.a.id });
    assert.equal((await t.get('/sandbox/clock', { token: null })).status, 401);
  });

  test('advance by seconds and to an instant; the other operator is unaffected', async () => {
    const by = await t.post('/sandbox/clock/advance', { seconds: 3600 });
    assert.equal(by.status, 200);
    assert.equal(by.body.clock.now, '2026-05-01T13:00:00Z');
    const to = await t.post('/sandbox/clock/advance', { to: '2026-06-01T06:00:00Z' });
    assert.equal(to.body.clock.now, '2026-06-01T06:00:00Z');
    assert.equal(to.body.clock.offset_seconds, 31 * 86400 - 6 * 3600);
    assert.equal((await t.get('/sandbox/clock', { token: t.b.token })).body.clock.now, '2026-05-01T12:00:00Z');
  });

  test('any token of the operator reads the clock; only a token with a write scope moves it', async () => {
    const readOnly = await t.tokenWith(['public.site:read', 'public.unit:read']);
    const read = await t.get('/sandbox/clock', { token: readOnly });
    assert.equal(read.status, 200);
    const refused = await t.post('/sandbox/clock/advance', { seconds: 60 }, { token: readOnly });
    assert.equal(refused.status, 403);
    assert.deepEqual(Object.keys(refused.body), ['error']);
    assert.equal(refused.body.error.code, 'forbidden');
    assert.equal(refused.body.error.type, 'invalid_request_error');
    assert.match(refused.body.error.message, /requires a write scope/);
    assert.equal(refused.body.error.request_id, refused.headers['x-request-id']);
    assert.equal(
      (await t.get('/sandbox/clock')).body.clock.now,
      read.body.clock.now,
      'the refused advance moved nothing',
    );
    const writer = await t.tokenWith(['public.contact:write']);
    const moved = await t.post('/sandbox/clock/advance', { seconds: 0 }, { token: writer });
    assert.equal(moved.status, 200);
  });

  test('the clock never moves backwards and bad bodies are 422', async () => {
    const back = await t.post('/sandbox/clock/advance', { to: '2020-01-01T00:00:00Z' });
    assert.equal(back.status, 422);
    assert.equal(back.body.error.details[0].pointer, '/to');
    for (const body of [{ seconds: -1 }, { seconds: 'soon' }, {}, { to: 'tomorrow' }]) {
      const res = await t.post('/sandbox/clock/advance', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.code, 'invalid_content');
    }
  });

  test('time written by the domain follows the operator clock', async () => {
    const ut = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    const res = await t.post(`/2025-09/unit_types/${ut}/base_price`, { weekly: { amount: 999 } });
    assert.equal(res.body.unit_type.updated_at, '2026-06-01T06:00:00Z');
  });
});

describe('sandbox endpoints in production mode', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ sandbox: false });
  });
  after(() => t.close());

  test('answer 404 invalid_endpoint', async () => {
    const res = await t.post('/sandbox/clock/advance', { seconds: 60 });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'invalid_endpoint');
  });
});
