import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { newId } from '../../src/kernel/ids.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { insertUnitAllocation } from '../../src/storage/repos/unit-allocations.repo.ts';
import { updateUnitStatus } from '../../src/storage/repos/units.repo.ts';

const UNIT_KEYS = ['id', 'created_at', 'reference_id', 'site', 'status', 'unit_allocation', 'unit_type', 'updated_at'];
const STATUSES = ['available', 'reserved', 'occupied', 'overlock', 'repossessed', 'unavailable'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

async function listAll(t: TestApp, query: string): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const res = await t.get(`/2025-09/units?limit=100&page=${page}${query ? `&${query}` : ''}`);
    assert.equal(res.status, 200, res.text);
    out.push(...res.body.units);
    if (res.body.meta.pagination.next === null) return out;
  }
}

describe('units', () => {
  let t: TestApp;
  let all: any[];
  before(async () => {
    t = await createTestApp();
    all = await listAll(t, '');
  });
  after(() => t.close());

  test('lists units in the documented shape, newest first', async () => {
    const res = await t.get('/2025-09/units');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['units', 'meta']);
    assert.equal(res.body.units.length, 50);
    const p = res.body.meta.pagination;
    assert.equal(p.count, all.length);
    assert.deepEqual(p, {
      count: all.length,
      last: Math.ceil(all.length / 50),
      limit: 50,
      next: 2,
      page: 1,
      pages: Math.ceil(all.length / 50),
      prev: null,
    });
    for (const u of res.body.units) {
      assert.deepEqual(Object.keys(u), UNIT_KEYS);
      assert.match(u.id, /^unit_[0-9a-f]{16}$/);
      assert.match(u.created_at, ISO);
      assert.match(u.updated_at, ISO);
      assert.match(u.reference_id, /^[A-Z]{3}-[ABC]\d{3}$/);
      assert.match(u.site.id, /^site_[0-9a-f]{16}$/);
      assert.deepEqual(Object.keys(u.site), ['id']);
      assert.match(u.unit_type.id, /^utype_[0-9a-f]{16}$/);
      assert.ok(STATUSES.includes(u.status), u.status);
      // Held units carry their allocation (seed-held-units.ts); free ones none.
      assert.equal(
        u.unit_allocation === null,
        ['available', 'unavailable'].includes(u.status),
        `${u.reference_id} ${u.status}`,
      );
    }
    const created = res.body.units.map((u: any) => u.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  test('the demo operator has about 500 units with a realistic status mix', () => {
    assert.ok(all.length >= 450 && all.length <= 550, String(all.length));
    const by = (s: string) => all.filter((u) => u.status === s).length;
    assert.ok(by('available') > all.length / 2);
    for (const s of ['occupied', 'reserved', 'overlock', 'unavailable']) assert.ok(by(s) > 0, s);
    assert.ok(by('occupied') > by('reserved'));
    assert.equal(new Set(all.map((u) => u.id)).size, all.length);
    assert.equal(new Set(all.map((u) => u.reference_id)).size, all.length);
  });

  test('sorts ascending on request and pages without overlap', async () => {
    const asc = await t.get('/2025-09/units?sort_by=created_at&sort_direction=ASC&limit=100');
    assert.equal(asc.status, 200);
    assert.deepEqual(
      asc.body.units.map((u: any) => u.id),
      [...all]
        .reverse()
        .slice(0, 100)
        .map((u) => u.id),
    );
    const p2 = await t.get('/2025-09/units?page=2&limit=10');
    assert.deepEqual(
      p2.body.units.map((u: any) => u.id),
      all.slice(10, 20).map((u) => u.id),
    );
    assert.equal(p2.body.meta.pagination.prev, 1);
    const past = await t.get('/2025-09/units?page=999');
    assert.equal(past.status, 200);
    assert.deepEqual(past.body.units, []);
    assert.equal(past.body.meta.pagination.count, all.length);
  });

  test('filters by status, including the `overlock` wire value and comma lists', async () => {
    const over = await listAll(t, 'status=overlock');
    assert.ok(over.length > 0);
    assert.ok(over.every((u) => u.status === 'overlock'));
    assert.equal(over.length, all.filter((u) => u.status === 'overlock').length);
    const two = await listAll(t, 'status=reserved,unavailable');
    assert.equal(two.length, all.filter((u) => u.status === 'reserved' || u.status === 'unavailable').length);
    assert.deepEqual(new Set(two.map((u) => u.status)), new Set(['reserved', 'unavailable']));
  });

  test('rejects an unknown status with invalid_url_param', async () => {
    for (const bad of ['overlocked', 'available,nope']) {
      const res = await t.get(`/2025-09/units?status=${bad}`);
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'invalid_url_param');
      assert.equal(res.body.error.details[0].pointer, '/status');
    }
  });

  test('filters by site and unit type (comma lists)', async () => {
    const siteIds = [...new Set(all.map((u) => u.site.id))];
    assert.equal(siteIds.length, 3);
    const site = await listAll(t, `site_id=${siteIds[0]}`);
    assert.equal(site.length, all.filter((u) => u.site.id === siteIds[0]).length);
    assert.ok(site.every((u) => u.site.id === siteIds[0]));
    const twoSites = await t.get(`/2025-09/units?site_id=${siteIds[0]},${siteIds[1]}&limit=1`);
    assert.equal(twoSites.body.meta.pagination.count, all.filter((u) => u.site.id !== siteIds[2]).length);

    const types = [...new Set(all.map((u) => u.unit_type.id))];
    assert.equal(types.length, 24);
    const byType = await listAll(t, `unit_type_id=${types[0]},${types[1]}`);
    assert.equal(byType.length, all.filter((u) => u.unit_type.id === types[0] || u.unit_type.id === types[1]).length);
    assert.ok(byType.every((u) => u.unit_type.id === types[0] || u.unit_type.id === types[1]));

    // The booking guide's availability check.
    const avail = await t.get(`/2025-09/units?unit_type_id=${types[0]}&status=available&limit=1`);
    assert.equal(avail.body.units.length, 1);
    assert.equal(avail.body.units[0].status, 'available');

    const none = await t.get('/2025-09/units?site_id=site_0000000000000000');
    assert.equal(none.status, 200);
    assert.equal(none.body.meta.pagination.count, 0);
  });

  test('search matches reference_id case-insensitively', async () => {
    const res = await listAll(t, 'search=cam-a01');
    const expected = all.filter((u) => u.reference_id.toLowerCase().includes('cam-a01'));
    assert.ok(expected.length > 0);
    assert.deepEqual(res.map((u) => u.id).sort(), expected.map((u) => u.id).sort());
    const wild = await t.get('/2025-09/units?search=%25');
    assert.equal(wild.body.meta.pagination.count, 0);
  });

  test('filters by created and updated time ranges and rejects bad timestamps', async () => {
    const pivot = all[100].created_at;
    const after = await t.get(`/2025-09/units?created_after=${pivot}&limit=1`);
    assert.equal(after.body.meta.pagination.count, all.filter((u) => u.created_at >= pivot).length);
    const before = await t.get(`/2025-09/units?created_before=${pivot}&limit=1`);
    assert.equal(before.body.meta.pagination.count, all.filter((u) => u.created_at < pivot).length);
    const upd = all.filter((u) => u.status !== 'available')[0].updated_at;
    const updated = await t.get(`/2025-09/units?updated_after=${upd}&limit=1`);
    assert.equal(updated.body.meta.pagination.count, all.filter((u) => u.updated_at >= upd).length);
    const bad = await t.get('/2025-09/units?created_after=yesterday');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
  });

  test('rejects bad paging and sorting parameters', async () => {
    for (const q of ['limit=0', 'limit=101', 'page=0', 'sort_by=reference_id', 'sort_direction=down']) {
      const res = await t.get(`/2025-09/units?${q}`);
      assert.equal(res.status, 422, q);
      assert.equal(res.body.error.code, 'invalid_url_param', q);
    }
  });

  test('shows a unit and expands site and unit type', async () => {
    const id = all[0].id;
    const res = await t.get(`/2025-09/units/${id}?expand=site,unit_type`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['unit', 'meta']);
    assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
    assert.deepEqual(Object.keys(res.body.unit), UNIT_KEYS);
    assert.equal(res.body.unit.site.id, all[0].site.id);
    assert.equal(typeof res.body.unit.site.name, 'string');
    assert.equal(res.body.unit.unit_type.id, all[0].unit_type.id);
    assert.ok(Array.isArray(res.body.unit.unit_type.prices));
  });

  test('expands the unit allocation', async () => {
    const unit = all.find((u) => u.status === 'available');
    const db = t.lockyard.database.db;
    const allocationId = newId('unitAllocation');
    const tenancyId = newId('tenancy');
    const at = new Date('2025-03-01T10:00:00Z');
    await withTransaction(db, async (tx) => {
      // Fixture rows for tables this area does not own.
      const contactId = newId('contact');
      await tx
        .insertInto('contacts')
        .values({ id: contactId, operator_id: t.a.id, email: 'alloc@example.com', created_at: at, updated_at: at })
        .execute();
      await tx
        .insertInto('tenancies')
        .values({
          id: tenancyId,
          operator_id: t.a.id,
          contact_id: contactId,
          site_id: unit.site.id,
          unit_type_id: unit.unit_type.id,
          starts_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await insertUnitAllocation(tx, {
        id: allocationId,
        operatorId: t.a.id,
        unitId: unit.id,
        tenancyId,
        reservedAt: at,
        grantedAccessAt: null,
        createdAt: at,
        updatedAt: at,
      });
      await updateUnitStatus(tx, t.a.id, unit.id, 'reserved', at);
    });
    const plain = await t.get(`/2025-09/units/${unit.id}`);
    assert.deepEqual(plain.body.unit.unit_allocation, { id: allocationId });
    assert.equal(plain.body.unit.status, 'reserved');

    const res = await t.get(`/2025-09/units/${unit.id}?expand=unit_allocation`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.unit.unit_allocation, {
      id: allocationId,
      created_at: '2025-03-01T10:00:00Z',
      granted_access_at: null,
      reserved_at: '2025-03-01T10:00:00Z',
      tenancy: { id: tenancyId },
      unit: { id: unit.id },
      updated_at: '2025-03-01T10:00:00Z',
    });
    const listed = await t.get(`/2025-09/units?search=${unit.reference_id}&expand=unit_allocation`);
    assert.equal(listed.body.units[0].unit_allocation.id, allocationId);
    assert.equal(listed.body.units[0].unit_allocation.tenancy.id, tenancyId);

    const unitOnly = await t.tokenWith(['public.unit:read']);
    const forbidden = await t.get(`/2025-09/units/${unit.id}?expand=unit_allocation`, { token: unitOnly });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const allowed = await t.get(`/2025-09/units/${unit.id}?expand=unit_allocation`, {
      token: await t.tokenWith(['public.unit:read', 'public.unit_allocation:read']),
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.unit.unit_allocation.id, allocationId);
  });

  test('expanding needs the expanded resource’s read scope; unknown expands are invalid', async () => {
    const token = await t.tokenWith(['public.unit:read']);
    for (const e of ['site', 'unit_type']) {
      const res = await t.get(`/2025-09/units?expand=${e}`, { token });
      assert.equal(res.status, 403, e);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const bad = await t.get('/2025-09/units?expand=tenancy');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    assert.equal(bad.body.error.details[0].pointer, '/expand');
  });

  test('needs public.unit:read', async () => {
    const token = await t.tokenWith(['public.unit_type:read', 'public.site:read']);
    for (const url of ['/2025-09/units', `/2025-09/units/${all[0].id}`]) {
      const res = await t.get(url, { token });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    }
  });

  test('unknown ids and other operators’ units are not found', async () => {
    const other = await t.get(`/2025-09/units/${all[0].id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const unknown = await t.get('/2025-09/units/unit_0000000000000000');
    assert.equal(unknown.status, 404);
    const bList = await t.get('/2025-09/units?limit=100', { token: t.b.token });
    assert.ok(bList.body.units.length > 0 && bList.body.units.length < 60);
    assert.ok(bList.body.units.every((u: any) => !all.some((a) => a.id === u.id)));
    assert.ok(bList.body.units.every((u: any) => u.reference_id.startsWith('BRI-')));
  });

  test('unit events render the unit exactly as the show endpoint does', async () => {
    const db = t.lockyard.database.db;
    const ctx = { ...(await t.ctx()), now: () => new Date('2025-05-01T00:00:00Z') };
    const unit = await t.lockyard.services.units.get(ctx, all[5].id);
    await withTransaction(db, (tx) => t.lockyard.services.events.emit(tx, ctx, 'unit.updated', unit));
    const [event] = await t.lockyard.services.events.list(db, t.a.id, { type: 'unit.updated', limit: 5 });
    const show = await t.get(`/2025-09/units/${all[5].id}`);
    assert.deepEqual((event.payload as any).event.data.unit, show.body.unit);
  });
});
