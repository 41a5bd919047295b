import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { book, bookingWorld, type Booked } from '../harness/booking.ts';
import { saveLifecycleSettings } from '../../src/storage/repos/lifecycle-settings.repo.ts';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../src/domain/operators/lifecycle-settings.ts';

const FUTURE = '2031-06-01T09:00:00Z';

describe('unit actions', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof bookingWorld>>;
  const events = async (type: string, since = 0) =>
    (
      await sql<{
        payload: any;
        seq: number;
      }>`SELECT payload, seq FROM events WHERE operator_id = ${t.a.id} AND type = ${type} AND seq > ${since} ORDER BY seq`.execute(
        t.lockyard.database.db,
      )
    ).rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).event);
  const lastSeq = async () =>
    Number(
      (await sql<{ s: number }>`SELECT coalesce(max(seq), 0) AS s FROM events`.execute(t.lockyard.database.db)).rows[0]
        .s,
    );
  const available = async (unitTypeId = world.unitType.id) =>
    (await t.get(`/2025-09/units?unit_type_id=${unitTypeId}&status=available&limit=100`)).body.units;
  const autoReservation = (on: boolean) =>
    saveLifecycleSettings(
      t.lockyard.database.db,
      t.a.id,
      { ...DEFAULT_LIFECYCLE_SETTINGS, autoReservation: on },
      new Date('2026-01-01T00:00:00Z'),
    );
  const bookOne = (startsAt = FUTURE, contactId?: string) =>
    book(t, {
      unitTypeId: world.unitType.id,
      siteId: world.unitType.site.id,
      startsAt,
      amount: world.monthly,
      contactId,
    });

  before(async () => {
    t = await createTestApp();
    world = await bookingWorld(t);
  });
  after(() => t.close());

  test('booking completion reserves a unit of the booked type when auto-reservation is on (the demo default)', async () => {
    const before = await available();
    const since = await lastSeq();
    const b = await bookOne();
    const tenancy = (await t.get(`/2025-09/tenancies/${b.tenancyId}?expand=unit_allocations`)).body.tenancy;
    assert.equal(tenancy.unit_allocations.length, 1);
    const unitId = tenancy.unit_allocations[0].unit.id;
    assert.equal(
      unitId,
      before.map((u: any) => u).sort((x: any, y: any) => x.reference_id.localeCompare(y.reference_id))[0].id,
    );
    const after = await available();
    assert.equal(after.length, before.length - 1);
    const unit = (await t.get(`/2025-09/units/${unitId}`)).body.unit;
    assert.equal(unit.status, 'reserved');
    const [reserved] = await events('unit.reserved', since);
    assert.deepEqual(reserved.data.unit, unit);
    assert.ok(Date.parse(reserved.created_at) - Date.parse(tenancy.unit_allocations[0].reserved_at) <= 1000);
    assert.equal(tenancy.unit_allocations[0].granted_access_at, null);

    await autoReservation(false);
    const c = await bookOne();
    assert.deepEqual((await t.get(`/2025-09/tenancies/${c.tenancyId}`)).body.tenancy.unit_allocations, []);
    assert.equal((await available()).length, after.length);
  });

  describe('with auto-reservation off', () => {
    let b: Booked;
    let started: Booked;
    let unit: any;
    before(async () => {
      await autoReservation(false);
      b = await bookOne();
      started = await bookOne('2020-01-01T09:00:00Z', b.contactId);
      unit = (await available())[0];
    });

    test('reserve: available → reserved with an allocation, announced with the unit as shown', async () => {
      const since = await lastSeq();
      const res = await t.post(`/2025-09/units/${unit.id}/reserve`, { tenancy_id: b.tenancyId });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.body), ['unit', 'meta']);
      const u = res.body.unit;
      assert.deepEqual(Object.keys(u), [
        'id',
        'created_at',
        'reference_id',
        'site',
        'status',
        'unit_allocation',
        'unit_type',
        'updated_at',
      ]);
      assert.equal(u.status, 'reserved');
      assert.match(u.unit_allocation.id, /^alloc_[0-9a-f]{16}$/);
      assert.deepEqual((await t.get(`/2025-09/units/${unit.id}`)).body.unit, u);
      const evs = await events('unit.reserved', since);
      assert.equal(evs.length, 1);
      assert.deepEqual(evs[0].data.unit, u);
      const alloc = (await t.get(`/2025-09/unit_allocations/${u.unit_allocation.id}`)).body.unit_allocation;
      assert.deepEqual(Object.keys(alloc), [
        'id',
        'created_at',
        'granted_access_at',
        'reserved_at',
        'tenancy',
        'unit',
        'updated_at',
      ]);
      assert.deepEqual(alloc.tenancy, { id: b.tenancyId });
      assert.deepEqual(alloc.unit, { id: unit.id });
      assert.equal(alloc.granted_access_at, null);
      // Written in the event's transaction: the same second, or the one before it.
      assert.ok(Date.parse(evs[0].created_at) - Date.parse(alloc.reserved_at) <= 1000);
      const ten = (await t.get(`/2025-09/tenancies/${b.tenancyId}`)).body.tenancy;
      assert.deepEqual(ten.unit_allocations, [{ id: alloc.id }]);
    });

    test('reserve: forbidden transitions are 409 conflict naming the status and the requirement', async () => {
      const again = await t.post(`/2025-09/units/${unit.id}/reserve`, { tenancy_id: b.tenancyId });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'conflict');
      assert.equal(again.body.error.message, `Unit '${unit.id}' is reserved; reserving it requires status available.`);
      const other = (await available())[0];
      const late = await t.post(`/2025-09/units/${other.id}/reserve`, { tenancy_id: started.tenancyId });
      assert.equal(late.status, 409);
      assert.match(
        late.body.error.message,
        new RegExp(`Tenancy '${started.tenancyId}' started at .*Use grant_access instead\\.`),
      );
      assert.equal((await t.get(`/2025-09/units/${other.id}`)).body.unit.status, 'available');
    });

    test('reserve: bad input is 4xx in the error envelope with a pointer', async () => {
      const other = (await available())[0];
      const missing = await t.post(`/2025-09/units/${other.id}/reserve`, {});
      assert.equal(missing.status, 422);
      const pattern = await t.post(`/2025-09/units/${other.id}/reserve`, { tenancy_id: 'con_0000000000000000' });
      assert.equal(pattern.status, 422);
      assert.equal(pattern.body.error.details[0].pointer, '/tenancy_id');
      const unknown = await t.post(`/2025-09/units/${other.id}/reserve`, { tenancy_id: 'ten_0000000000000000' });
      assert.equal(unknown.status, 422);
      assert.deepEqual(unknown.body.error.details, [
        { message: 'value at `/tenancy_id` is not a tenancy of this operator', pointer: '/tenancy_id' },
      ]);
      const noUnit = await t.post('/2025-09/units/unit_0000000000000000/reserve', { tenancy_id: b.tenancyId });
      assert.equal(noUnit.status, 404);
      assert.equal(noUnit.body.error.code, 'resource_not_found');
      const theirs = await t.post(
        `/2025-09/units/${other.id}/reserve`,
        { tenancy_id: b.tenancyId },
        { token: t.b.token },
      );
      assert.equal(theirs.status, 404);
      const elsewhere = (await t.get('/2025-09/units?status=available&limit=100')).body.units.find(
        (u: any) => u.site.id !== b.siteId,
      );
      const wrongSite = await t.post(`/2025-09/units/${elsewhere.id}/reserve`, { tenancy_id: b.tenancyId });
      assert.equal(wrongSite.status, 422);
      const readOnly = await t.tokenWith(['public.unit:read']);
      const forbidden = await t.post(
        `/2025-09/units/${other.id}/reserve`,
        { tenancy_id: b.tenancyId },
        { token: readOnly },
      );
      assert.equal(forbidden.status, 403);
      assert.equal((await t.get(`/2025-09/units/${other.id}`)).body.unit.status, 'available');
    });

    test('grant_access: only for the reserving tenancy; reserved → occupied keeps the allocation', async () => {
      const wrong = await t.post(`/2025-09/units/${unit.id}/grant_access`, { tenancy_id: started.tenancyId });
      assert.equal(wrong.status, 409);
      assert.equal(
        wrong.body.error.message,
        `Unit '${unit.id}' is reserved for tenancy '${b.tenancyId}'; access can only be granted to that tenancy, not '${started.tenancyId}'.`,
      );
      const since = await lastSeq();
      const res = await t.post(`/2025-09/units/${unit.id}/grant_access`, { tenancy_id: b.tenancyId });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.unit.status, 'occupied');
      const evs = await events('unit.occupied', since);
      assert.deepEqual(
        evs.map((e) => e.data.unit),
        [res.body.unit],
      );
      const alloc = (await t.get(`/2025-09/unit_allocations/${res.body.unit.unit_allocation.id}`)).body.unit_allocation;
      assert.ok(Date.parse(evs[0].created_at) - Date.parse(alloc.granted_access_at) <= 1000);
      assert.ok(alloc.reserved_at);
      const twice = await t.post(`/2025-09/units/${unit.id}/grant_access`, { tenancy_id: b.tenancyId });
      assert.equal(twice.status, 409);
      assert.equal(
        twice.body.error.message,
        `Unit '${unit.id}' is occupied; granting access requires status available or reserved.`,
      );
    });

    test('grant_access: available → occupied in one step, with no reservation', async () => {
      const other = (await available())[0];
      const res = await t.post(`/2025-09/units/${other.id}/grant_access`, { tenancy_id: started.tenancyId });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.unit.status, 'occupied');
      const alloc = (await t.get(`/2025-09/unit_allocations/${res.body.unit.unit_allocation.id}`)).body.unit_allocation;
      assert.equal(alloc.reserved_at, null);
      assert.ok(alloc.granted_access_at);
    });

    test("overlock and remove_overlock by contact: every occupied unit, the reference's messages, ids in meta", async () => {
      const since = await lastSeq();
      const res = await t.post('/2025-09/units/overlock', { contact_id: b.contactId });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.body), ['success', 'meta']);
      assert.deepEqual(res.body.success, { message: '2 customer units were successfully overlocked.' });
      assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'unit_ids', 'curies']);
      assert.equal(res.body.meta.unit_ids.length, 2);
      assert.ok(res.body.meta.unit_ids.includes(unit.id));
      const evs = await events('unit.overlocked', since);
      assert.deepEqual(evs.map((e) => e.data.unit.id).sort(), [...res.body.meta.unit_ids].sort());
      for (const e of evs) {
        assert.equal(e.data.unit.status, 'overlock');
        assert.deepEqual(e.data.unit, (await t.get(`/2025-09/units/${e.data.unit.id}`)).body.unit);
      }
      const none = await t.post('/2025-09/units/overlock', { contact_id: b.contactId });
      assert.equal(none.status, 409);
      assert.equal(
        none.body.error.message,
        `Contact '${b.contactId}' has no occupied units; overlocking requires at least one unit with status occupied.`,
      );
      const grant = await t.post(`/2025-09/units/${unit.id}/grant_access`, { tenancy_id: b.tenancyId });
      assert.equal(grant.status, 409);
      assert.match(grant.body.error.message, /is overlock; granting access requires status available or reserved/);

      const since2 = await lastSeq();
      const removed = await t.post('/2025-09/units/remove_overlock', { contact_id: b.contactId });
      assert.equal(removed.status, 200, removed.text);
      assert.deepEqual(removed.body.success, { message: 'Overlock was successfully removed from 2 customer units.' });
      assert.deepEqual([...removed.body.meta.unit_ids].sort(), [...res.body.meta.unit_ids].sort());
      const occupied = await events('unit.occupied', since2);
      assert.equal(occupied.length, 2);
      assert.ok(occupied.every((e) => e.data.unit.status === 'occupied'));
      const again = await t.post('/2025-09/units/remove_overlock', { contact_id: b.contactId });
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /has no overlocked units/);
      const unknown = await t.post('/2025-09/units/overlock', { contact_id: 'con_0000000000000000' });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.error.details[0].pointer, '/contact_id');
      const theirs = await t.post('/2025-09/units/overlock', { contact_id: b.contactId }, { token: t.b.token });
      assert.equal(theirs.status, 422);
    });

    test('deallocate: held → available, the allocation removed, unit.deallocated then unit.available', async () => {
      const allocationId = (await t.get(`/2025-09/units/${unit.id}`)).body.unit.unit_allocation.id;
      const since = await lastSeq();
      const res = await t.post(`/2025-09/units/${unit.id}/deallocate`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.unit.status, 'available');
      assert.equal(res.body.unit.unit_allocation, null);
      const rows = (
        await sql<{
          type: string;
          payload: any;
        }>`SELECT type, payload FROM events WHERE operator_id = ${t.a.id} AND seq > ${since} ORDER BY seq`.execute(
          t.lockyard.database.db,
        )
      ).rows.filter((r) => r.type.startsWith('unit.'));
      assert.deepEqual(
        rows.map((r) => r.type),
        ['unit.deallocated', 'unit.available'],
      );
      for (const r of rows)
        assert.deepEqual(
          (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).event.data.unit,
          res.body.unit,
        );
      assert.equal((await t.get(`/2025-09/unit_allocations/${allocationId}`)).status, 404);
      assert.deepEqual((await t.get(`/2025-09/tenancies/${b.tenancyId}`)).body.tenancy.unit_allocations, []);
      const again = await t.post(`/2025-09/units/${unit.id}/deallocate`);
      assert.equal(again.status, 409);
      assert.equal(
        again.body.error.message,
        `Unit '${unit.id}' is available; deallocating it requires status reserved, occupied, overlock or repossessed.`,
      );
    });
  });

  test('unit allocations: list with every filter and expand; scopes; other operators see nothing', async () => {
    const all: any[] = [];
    for (let page = 1; ; page++) {
      const res = await t.get(`/2025-09/unit_allocations?limit=100&page=${page}`);
      assert.equal(res.status, 200, res.text);
      all.push(...res.body.unit_allocations);
      if (res.body.meta.pagination.next === null) break;
    }
    assert.ok(all.length > 100, String(all.length));
    const created = all.map((a) => a.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
    const held = (await t.get('/2025-09/units?status=reserved,occupied,overlock,repossessed&limit=100')).body;
    assert.equal(all.length, held.meta.pagination.count, 'every held unit has exactly one allocation');

    const a = all[0];
    const byUnit = await t.get(`/2025-09/unit_allocations?unit_id=${a.unit.id}`);
    assert.deepEqual(byUnit.body.unit_allocations, [a]);
    const byTenancy = await t.get(`/2025-09/unit_allocations?tenancy_id=${a.tenancy.id},ten_0000000000000000`);
    assert.ok(byTenancy.body.unit_allocations.some((x: any) => x.id === a.id));
    assert.ok(byTenancy.body.unit_allocations.every((x: any) => x.tenancy.id === a.tenancy.id));
    const tenancy = (await t.get(`/2025-09/tenancies/${a.tenancy.id}`)).body.tenancy;
    const byContact = await t.get(
      `/2025-09/unit_allocations?contact_id=${tenancy.contact.id}&expand=tenancy,unit&limit=100`,
    );
    assert.ok(byContact.body.unit_allocations.length >= 1);
    for (const x of byContact.body.unit_allocations) {
      assert.equal(x.tenancy.contact.id, tenancy.contact.id);
      assert.match(x.unit.reference_id, /^[A-Z]{3}-/);
    }
    const unit = (await t.get(`/2025-09/units/${a.unit.id}`)).body.unit;
    const bySite = await t.get(`/2025-09/unit_allocations?site_id=${unit.site.id}&expand=unit&limit=100`);
    assert.ok(bySite.body.unit_allocations.length >= 1);
    assert.ok(bySite.body.unit_allocations.every((x: any) => x.unit.site.id === unit.site.id));
    assert.ok(bySite.body.meta.pagination.count < all.length);
    assert.deepEqual(
      (await t.get('/2025-09/unit_allocations?contact_id=con_0000000000000000')).body.unit_allocations,
      [],
    );

    const show = await t.get(`/2025-09/unit_allocations/${a.id}?expand=unit`);
    assert.equal(show.status, 200);
    assert.deepEqual(show.body.unit_allocation.unit, unit);
    const noScope = await t.tokenWith(['public.unit:read']);
    assert.equal((await t.get('/2025-09/unit_allocations', { token: noScope })).status, 403);
    assert.equal((await t.get(`/2025-09/unit_allocations/${a.id}`, { token: t.b.token })).status, 404);
    const theirs = (await t.get('/2025-09/unit_allocations?limit=100', { token: t.b.token })).body.unit_allocations;
    assert.ok(!theirs.some((x: any) => all.some((y) => y.id === x.id)));
  });
});
