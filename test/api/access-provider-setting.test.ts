import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { book } from '../harness/booking.ts';
import type { AccessControlProvider, AccessSubject } from '../../src/domain/access-control/access-grant.ts';
import { DomainError } from '../../src/kernel/errors.ts';

/**
 * The operator's access-control provider is a setting: the name it holds is resolved by the registry built at start
 * (the built-in `simulated` plus add-ons). Only the chosen provider hears a unit change.
 */
describe('per-operator access-control provider', () => {
  let t: TestApp;
  const heard: Array<{ op: string; subject: AccessSubject }> = [];
  const recording: AccessControlProvider = {
    name: 'recording',
    grant: async (_tx, _ctx, subject) => {
      heard.push({ op: 'grant', subject });
      return { code: '000000' };
    },
    restrict: async (_tx, _ctx, subject) => void heard.push({ op: 'restrict', subject }),
    revoke: async (_tx, _ctx, subject) => void heard.push({ op: 'revoke', subject }),
  };
  let unitType: any;
  const bookOne = async () => {
    const now = new Date((await t.get('/sandbox/clock', { token: t.b.token })).body.clock.now);
    const b = await book(t, {
      unitTypeId: unitType.id,
      siteId: unitType.site.id,
      startsAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
      amount: unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount,
      token: t.b.token,
    });
    const res = await t.get(`/2025-09/unit_allocations?tenancy_id=${b.tenancyId}`, { token: t.b.token });
    return { ...b, unitId: res.body.unit_allocations[0].unit.id as string };
  };
  const simulatedDoors = async (unitId: string) =>
    (await t.get(`/sandbox/access_control?unit_id=${unitId}`, { token: t.b.token })).body.access_control;

  before(async () => {
    t = await createTestApp({ accessProviders: [recording] });
    unitType = (await t.get('/2025-09/unit_types?limit=100', { token: t.b.token })).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
  });
  after(() => t.close());

  test('the simulated provider until the operator chooses another; only registered names are accepted', async () => {
    const ctx = await t.ctx(t.b.id);
    assert.equal(await t.lockyard.services.accessControl.providerName(ctx), 'simulated');
    await assert.rejects(
      t.lockyard.services.accessControl.setProvider(ctx, 'no-such-lock'),
      (err: DomainError) =>
        err.code === 'invalid_content' &&
        err.details?.[0]?.pointer === '/provider' &&
        /simulated, recording/.test(err.message + JSON.stringify(err.details)),
    );
    assert.equal(await t.lockyard.services.accessControl.providerName(ctx), 'simulated');
  });

  test('the chosen provider hears the unit changes; the others do not', async () => {
    const ctx = await t.ctx(t.b.id);
    await t.lockyard.services.accessControl.setProvider(ctx, 'recording');
    const b = await bookOne();
    assert.deepEqual(heard, [
      { op: 'grant', subject: { unitId: b.unitId, tenancyId: b.tenancyId, contactId: b.contactId } },
    ]);
    assert.deepEqual(await simulatedDoors(b.unitId), []);

    await t.lockyard.services.accessControl.setProvider(ctx, 'simulated');
    const c = await bookOne();
    assert.equal(heard.length, 1);
    const [door] = await simulatedDoors(c.unitId);
    assert.equal(door.state, 'granted');
  });
});
