import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';

/** Back office → Bookings: a walk-in's order (source backoffice), card in person or checkout link, move-in, transfer. */
describe('back office: bookings, move-in and transfer', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let emitted: (type: string, id: string) => Promise<number>;
  const api = (path: string) => t.get(path, { token: t.a.token });

  before(async () => {
    t = await createTestApp();
    ({ staff, emitted } = await demoStaffOn(t, t.a.id));
  });
  after(() => t.close());

  async function unitTypeChoice() {
    const page = await staff.get('/backoffice/bookings');
    assert.equal(page.status, 200);
    const id = page.body.match(/<option value="(utype_[^"]+)"/)?.[1];
    assert.ok(id);
    return id;
  }

  test('walk-in tomorrow, card in person: order source backoffice, completed, unit reserved; move in grants access', async () => {
    const unitTypeId = await unitTypeChoice();
    const tomorrow = new Date(Date.parse((await api('/sandbox/clock')).body.clock.now) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const bad = await staff.post('/backoffice/bookings', {
      contact: 'walker@example.com',
      unit_type_id: unitTypeId,
      starts_on: '2001-01-01',
      payment: 'card',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /choose a move-in date from today on/);
    assert.match(bad.body, /value="walker@example.com"/);

    const res = await staff.post('/backoffice/bookings', {
      contact: 'walker@example.com',
      full_name: 'Wally Walker',
      unit_type_id: unitTypeId,
      starts_on: tomorrow,
      payment: 'card',
    });
    assert.equal(res.status, 303, res.body);
    const orderId = res.location!.match(/orders\/([^#]+)#card-in-person/)?.[1];
    assert.ok(orderId);
    const order = (await api(`/2025-09/orders/${orderId}`)).body.order;
    assert.equal(order.source, 'backoffice');
    assert.equal(order.status, 'finalized');
    const page = await staff.get(`/backoffice/bookings/orders/${orderId}`);
    assert.match(page.body, /id="payment-url"/);

    const declined = await staff.post(`/backoffice/bookings/orders/${orderId}/card`, {
      name: 'W Walker',
      card_number: '4000 0000 0000 0002',
      expiry: '12/40',
      cvc: '123',
    });
    assert.equal(declined.status, 402);
    assert.match(declined.body, /declined/);
    const paid = await staff.post(`/backoffice/bookings/orders/${orderId}/card`, {
      name: 'W Walker',
      card_number: '4242 4242 4242 4242',
      expiry: '12/40',
      cvc: '123',
    });
    assert.equal(paid.status, 303, paid.body);
    const done = (await api(`/2025-09/orders/${orderId}`)).body.order;
    assert.equal(done.status, 'completed');
    assert.equal(await emitted('order.completed', orderId), 1);
    const contactPage = await staff.get(paid.location!);
    assert.match(contactPage.body, /Booked and paid/);
    assert.match(contactPage.body, /visa •••• 4242/);

    const allocation = (await api(`/2025-09/unit_allocations?tenancy_id=${done.tenancy.id}`)).body.unit_allocations[0];
    assert.ok(allocation, 'auto-reservation reserved a unit');
    const unitId = allocation.unit.id;
    assert.equal((await api(`/2025-09/units/${unitId}`)).body.unit.status, 'reserved');
    const moveIn = await staff.post(`/backoffice/tenancies/${done.tenancy.id}/move-in`, { unit_id: unitId });
    assert.equal(moveIn.status, 303, moveIn.body);
    assert.equal((await api(`/2025-09/units/${unitId}`)).body.unit.status, 'occupied');
    assert.equal(await emitted('unit.occupied', unitId), 1);
    const twice = await staff.post(`/backoffice/tenancies/${done.tenancy.id}/move-in`, { unit_id: unitId });
    assert.equal(twice.status, 409);
    assert.match(twice.body, /is occupied; granting access requires status available or reserved/);

    // Transfer to another available unit of the same type: the old one is deallocated, the new one occupied.
    const free = (
      await api(
        `/2025-09/units?status=available&unit_type_id=${(await api(`/2025-09/units/${unitId}`)).body.unit.unit_type.id}&limit=1`,
      )
    ).body.units[0];
    assert.ok(free);
    const moved = await staff.post(`/backoffice/tenancies/${done.tenancy.id}/transfer`, {
      from_unit_id: unitId,
      to_unit_id: free.id,
    });
    assert.equal(moved.status, 303, moved.body);
    assert.equal((await api(`/2025-09/units/${unitId}`)).body.unit.status, 'available');
    assert.equal((await api(`/2025-09/units/${free.id}`)).body.unit.status, 'occupied');
    assert.equal(await emitted('unit.deallocated', unitId), 1);
    assert.equal(await emitted('unit.occupied', free.id), 1);
    const other = (await api('/2025-09/units?status=available&limit=100')).body.units.find(
      (u: { unit_type: { id: string } }) => u.unit_type.id !== free.unit_type.id,
    );
    const wrongType = await staff.post(`/backoffice/tenancies/${done.tenancy.id}/transfer`, {
      from_unit_id: free.id,
      to_unit_id: other.id,
    });
    assert.equal(wrongType.status, 409);
    assert.match(wrongType.body, /a transfer keeps the booked unit type/);
  });

  test('checkout link: the order waits at the hosted checkout', async () => {
    const unitTypeId = await unitTypeChoice();
    const res = await staff.post('/backoffice/bookings', {
      contact: 'linker@example.com',
      unit_type_id: unitTypeId,
      starts_on: (await staff.get('/backoffice/bookings')).body.match(/name="starts_on" value="([^"]+)"/)![1],
      payment: 'link',
    });
    assert.equal(res.status, 303, res.body);
    const page = await staff.get(res.location!.split('#')[0]);
    const url = page.body.match(/id="payment-url">([^<]+)</)?.[1];
    assert.match(url!, /\/checkout\//);
    const checkout = await t.lockyard.app.inject({ url: new URL(url!).pathname });
    assert.equal(checkout.statusCode, 200);
  });
});
