import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { book, bookingWorld, type Booked } from '../harness/booking.ts';
import { createLockyard, type Lockyard } from '../../src/main.ts';
import { saveLifecycleSettings } from '../../src/storage/repos/lifecycle-settings.repo.ts';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../src/domain/operators/lifecycle-settings.ts';

const RACERS = 50;

/**
 * Fifty partners reserve the same unit at once. On PostgreSQL they arrive through four app instances
 * on the same database, each with its own connection pool, so the reserves really run concurrently.
 */
describe(`reserving one unit: ${RACERS} racers (${STORE})`, () => {
  let t: TestApp;
  const others: Lockyard[] = [];
  let tenancies: Booked[];
  before(async () => {
    t = await createTestApp();
    await saveLifecycleSettings(
      t.lockyard.database.db,
      t.a.id,
      { ...DEFAULT_LIFECYCLE_SETTINGS, autoReservation: false },
      new Date('2026-01-01T00:00:00Z'),
    );
    const world = await bookingWorld(t);
    tenancies = [];
    for (let i = 0; i < 5; i++) {
      tenancies.push(
        await book(t, {
          unitTypeId: world.unitType.id,
          siteId: world.unitType.site.id,
          startsAt: '2031-01-01T09:00:00Z',
          amount: world.monthly,
        }),
      );
    }
    if (STORE === 'postgres') {
      for (let i = 0; i < 3; i++)
        others.push(
          await createLockyard({ database: t.databaseOptions, logLevel: false, publicUrl: 'http://lockyard.test' }),
        );
    }
  });
  after(async () => {
    for (const o of others) await o.close();
    await t.close();
  });

  test('exactly one reserve wins; the others get 409 conflict; one allocation, one event', async () => {
    const unit = (await t.get(`/2025-09/units?site_id=${tenancies[0].siteId}&status=available&limit=1`)).body.units[0];
    const apps = [t.lockyard, ...others];
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        apps[i % apps.length].app.inject({
          method: 'POST',
          url: `/2025-09/units/${unit.id}/reserve`,
          headers: { authorization: `Bearer ${t.a.token}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ tenancy_id: tenancies[i % tenancies.length].tenancyId }),
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, RACERS - 1, JSON.stringify(statuses));
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'conflict');
    const db = t.lockyard.database.db;
    const allocations = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM unit_allocations WHERE unit_id = ${unit.id}`.execute(db);
    assert.equal(allocations.rows[0].n, 1);
    const evs = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM events WHERE type = 'unit.reserved' AND payload->'event'->'data'->'unit'->>'id' = ${unit.id}`.execute(
      db,
    );
    assert.equal(evs.rows[0].n, 1);
    const winner = results.find((r) => r.statusCode === 200)!.json().unit;
    assert.deepEqual((await t.get(`/2025-09/units/${unit.id}`)).body.unit, winner);
  });
});
