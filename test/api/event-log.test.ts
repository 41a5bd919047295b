import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('event log', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('an event shows its resource exactly as the show endpoint renders it, key order included', async () => {
    const id = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    await t.post(`/2025-09/unit_types/${id}/base_price`, { monthly: { amount: 5555 } });
    const show = await t.get(`/2025-09/unit_types/${id}`);
    const list = await t.get('/sandbox/events?type=unit_type.updated');
    assert.equal(list.status, 200);
    const event = list.body.events[0];
    const shown = await t.get(`/sandbox/events/${event.id}`);
    assert.equal(shown.status, 200);
    const payload = shown.body.event;
    const unitType =
      payload.data?.unit_type ?? payload.payload?.event?.data?.unit_type ?? payload.body?.event?.data?.unit_type;
    assert.ok(unitType, JSON.stringify(payload).slice(0, 300));
    assert.equal(JSON.stringify(unitType), JSON.stringify(show.body.unit_type));
  });
});
