import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { book, type Booked } from '../harness/booking.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';
import { periodEnd } from '../../src/domain/billing/billing-period.ts';

const DAY = 86_400_000;

/**
 * The simulated access-control provider follows the unit through a whole rental, on the smaller demo operator
 * (Harbour): booked (reserved → granted with a PIN), move-in (occupied, same PIN), arrears (overlock → restricted,
 * PIN kept but the door stays shut), paid (granted again, same PIN), notice and move-out (revoked, no PIN).
 * Time moves only through POST /sandbox/clock/advance.
 */
describe('access control driven by the unit lifecycle', () => {
  let t: TestApp;
  let token: string;
  let b: Booked;
  let unitId: string;
  let startsAt: Date;
  let pin: string;
  const advanceTo = async (to: Date) => {
    const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token });
    assert.equal(res.status, 200, res.text);
  };
  const door = async () => {
    const res = await t.get(`/sandbox/access_control?unit_id=${unitId}`, { token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.access_control.length, 1, res.text);
    return res.body.access_control[0];
  };
  const unitStatus = async () => (await t.get(`/2025-09/units/${unitId}`, { token })).body.unit.status;

  before(async () => {
    t = await createTestApp();
    token = t.b.token;
    const unitType = (await t.get('/2025-09/unit_types?limit=100', { token })).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 12));
    b = await book(t, {
      unitTypeId: unitType.id,
      siteId: unitType.site.id,
      startsAt: startsAt.toISOString(),
      amount: unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount,
      token,
    });
    unitId = (await t.get(`/2025-09/unit_allocations?tenancy_id=${b.tenancyId}`, { token })).body.unit_allocations[0]
      .unit.id;
  });
  after(() => t.close());

  test('booking reserves the unit and grants the contact a six-digit code', async () => {
    assert.equal(await unitStatus(), 'reserved');
    const d = await door();
    assert.equal(d.id, unitId);
    assert.deepEqual(d.unit, { id: unitId });
    assert.deepEqual(d.contact, { id: b.contactId });
    assert.deepEqual(d.tenancy, { id: b.tenancyId });
    assert.equal(d.state, 'granted');
    assert.equal(d.can_open, true);
    assert.equal(d.provider, 'simulated');
    assert.match(d.code, /^\d{6}$/);
    assert.match(d.reason, new RegExp(`Reserved for tenancy ${b.tenancyId}`));
    pin = d.code;
    const byContact = await t.get(`/sandbox/access_control?contact_id=${b.contactId}&expand=unit`, { token });
    assert.equal(byContact.status, 200, byContact.text);
    assert.deepEqual(
      byContact.body.access_control.map((x: any) => [x.id, x.unit.status]),
      [[unitId, 'reserved']],
    );
    // Another operator's sandbox sees nothing of it.
    const other = await t.get(`/sandbox/access_control?unit_id=${unitId}`, { token: t.a.token });
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.access_control, []);
  });

  test('move-in: occupied, still granted with the same code', async () => {
    const site = (await t.get(`/2025-09/sites/${b.siteId}`, { token })).body.site;
    await advanceTo(localHourOn(startsAt, site.timezone, 6));
    assert.equal(await unitStatus(), 'occupied');
    const d = await door();
    assert.equal(d.state, 'granted');
    assert.equal(d.code, pin);
    assert.match(d.reason, new RegExp(`Occupied by tenancy ${b.tenancyId}`));
  });

  test('overdue: overlocked → restricted (code kept, door shut); paid → granted again with the same code', async () => {
    const card = await t.post(
      `/sandbox/contacts/${b.contactId}/payment_method`,
      { card_number: '4000 0000 0000 0341' },
      { token },
    );
    assert.equal(card.status, 201, card.text);
    const due = periodEnd(startsAt, 'monthly');
    await advanceTo(due);
    assert.equal((await door()).state, 'granted', 'a failed charge alone does not lock anyone out');
    await advanceTo(new Date(due.getTime() + 14 * DAY + 60_000));
    assert.equal(await unitStatus(), 'overlock');
    const locked = await door();
    assert.equal(locked.state, 'restricted');
    assert.equal(locked.can_open, false);
    assert.equal(locked.code, pin);
    assert.match(locked.reason, /Overlocked/);

    await t.post(`/sandbox/contacts/${b.contactId}/payment_method`, { card_number: '4242424242424242' }, { token });
    const invoices = (await t.get(`/2025-09/invoices?subscription_id=${b.subscriptionId}&limit=100`, { token })).body
      .invoices;
    for (const inv of invoices.filter((i: any) => i.status === 'open' || i.status === 'uncollectible')) {
      const paid = await t.post(`/sandbox/invoices/${inv.id}/pay`, undefined, { token });
      assert.equal(paid.status, 200, paid.text);
    }
    assert.equal(await unitStatus(), 'occupied');
    const open = await door();
    assert.equal(open.state, 'granted');
    assert.equal(open.can_open, true);
    assert.equal(open.code, pin);
  });

  test('notice and move-out: deallocated → revoked, the code withdrawn, the reason kept', async () => {
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    const endsAt = new Date(now.getTime() + 3 * DAY);
    const res = await t.post(
      `/sandbox/subscriptions/${b.subscriptionId}/cancel`,
      { ends_at: endsAt.toISOString() },
      { token },
    );
    assert.equal(res.status, 200, res.text);
    assert.equal((await door()).state, 'granted', 'notice alone changes nothing at the door');
    await advanceTo(new Date(endsAt.getTime() + 60_000));
    assert.equal(await unitStatus(), 'available');
    const gone = await door();
    assert.equal(gone.state, 'revoked');
    assert.equal(gone.can_open, false);
    assert.equal(gone.code, null);
    assert.deepEqual(gone.contact, { id: b.contactId }, 'who had access stays on record');
    assert.match(gone.reason, /Deallocated/);
  });

  test('the seed’s held units have doors that agree with their status; filters and scope are enforced', async () => {
    const all = await t.get('/sandbox/access_control?limit=100', { token });
    assert.equal(all.status, 200, all.text);
    assert.ok(all.body.meta.pagination.count >= 2, all.text);
    const units = new Map(
      (await t.get('/2025-09/units?limit=100', { token })).body.units.map((u: any) => [u.id, u.status]),
    );
    const expected: Record<string, string> = {
      reserved: 'granted',
      occupied: 'granted',
      overlock: 'restricted',
      repossessed: 'revoked',
      available: 'revoked',
    };
    let checked = 0;
    for (const d of all.body.access_control) {
      if (!units.has(d.id)) continue;
      checked++;
      assert.equal(d.state, expected[units.get(d.id) as string], `${d.id} is ${units.get(d.id)}: ${d.state}`);
    }
    assert.ok(checked >= 5, `only ${checked} doors checked`);
    // On the larger demo operator, one unit of each held status.
    for (const [status, state] of Object.entries(expected)) {
      if (status === 'available') continue;
      const [unit] = (await t.get(`/2025-09/units?status=${status}&limit=1`, { token: t.a.token })).body.units;
      assert.ok(unit, `the seed has a ${status} unit`);
      const [d] = (await t.get(`/sandbox/access_control?unit_id=${unit.id}`, { token: t.a.token })).body.access_control;
      assert.equal(d?.state, state, `${unit.id} (${status})`);
      assert.equal(d.code === null, state === 'revoked');
    }
    const bad = await t.get('/sandbox/access_control?limit=500', { token });
    assert.equal(bad.status, 422);
  });
});
