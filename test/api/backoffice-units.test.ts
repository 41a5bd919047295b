import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';

const DAY = 86_400_000;

/** Back office → Units: the unit page with its door, availability, repossession and notice, with the API's rules. */
describe('back office: units, door access, availability, repossession, notice', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let token: string;
  const unitOf = async (id: string) => (await t.get(`/2025-09/units/${id}`, { token })).body.unit;
  const firstUnit = async (status: string) =>
    (await t.get(`/2025-09/units?status=${status}&limit=1`, { token })).body.units[0];
  let emitted: (type: string, id: string) => Promise<number>;

  before(async () => {
    t = await createTestApp();
    token = t.a.token;
    ({ staff, emitted } = await demoStaffOn(t, t.a.id));
  });
  after(() => t.close());

  test('pages need a session; another operator’s unit is not found', async () => {
    const anon = new BackofficeSession(t.lockyard.app);
    const res = await anon.get('/backoffice/units');
    assert.equal(res.status, 303);
    assert.match(res.location!, /^\/backoffice\/sign-in/);
    const theirs = (await t.get('/2025-09/units?limit=1', { token: t.b.token })).body.units[0];
    assert.equal((await staff.get(`/backoffice/units/${theirs.id}`)).status, 404);
    const list = await staff.get('/backoffice/units?status=overlock');
    assert.equal(list.status, 200);
    const overlocked = await firstUnit('overlock');
    assert.ok(list.body.includes(`/backoffice/units/${overlocked.id}`));
  });

  test('make unavailable and available again: events, and a 409 naming the status when the rule forbids it', async () => {
    const unit = await firstUnit('available');
    const page = await staff.get(`/backoffice/units/${unit.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /data-status="available"/);
    assert.match(page.body, /Make unavailable/);

    const forged = await staff.post(`/backoffice/units/${unit.id}/unavailable`, { _csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await unitOf(unit.id)).status, 'available');

    const off = await staff.post(`/backoffice/units/${unit.id}/unavailable`);
    assert.equal(off.status, 303);
    assert.equal(off.location, `/backoffice/units/${unit.id}?done=unavailable`);
    assert.equal((await unitOf(unit.id)).status, 'unavailable');
    assert.equal(await emitted('unit.unavailable', unit.id), 1);
    assert.match((await staff.get(off.location!)).body, /out of service/);

    const again = await staff.post(`/backoffice/units/${unit.id}/unavailable`);
    assert.equal(again.status, 409);
    assert.match(
      again.body,
      new RegExp(`Unit &#39;${unit.id}&#39; is unavailable; making it unavailable requires status available`),
    );

    const on = await staff.post(`/backoffice/units/${unit.id}/available`);
    assert.equal(on.status, 303);
    assert.equal((await unitOf(unit.id)).status, 'available');
    assert.equal(await emitted('unit.available', unit.id), 1);
  });

  test('an overlocked unit shows its restricted door; repossessing it revokes access', async () => {
    const unit = await firstUnit('overlock');
    const page = await staff.get(`/backoffice/units/${unit.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /data-state="restricted"/);
    assert.match(page.body, /data-code="\d{6}"/);
    assert.match(page.body, /Repossess/);

    const res = await staff.post(`/backoffice/units/${unit.id}/repossess`);
    assert.equal(res.status, 303);
    assert.equal((await unitOf(unit.id)).status, 'repossessed');
    assert.equal(await emitted('unit.repossessed', unit.id), 1);
    const after = await staff.get(`/backoffice/units/${unit.id}`);
    assert.match(after.body, /data-state="revoked"/);
    assert.match(after.body, /data-code=""/);
    assert.match(after.body, /Repossessed by the operator/);
    const door = (await t.get(`/sandbox/access_control?unit_id=${unit.id}`, { token })).body.access_control[0];
    assert.equal(door.state, 'revoked');

    const twice = await staff.post(`/backoffice/units/${unit.id}/repossess`);
    assert.equal(twice.status, 409);
    assert.match(twice.body, /is repossessed; repossessing it requires status overlock/);
    assert.equal((await staff.post(`/backoffice/units/${unit.id}/unavailable`)).status, 409);
  });

  test('giving notice on an occupied unit’s tenancy: cancelled to the end of the move-out day, site time', async () => {
    const unit = await firstUnit('occupied');
    const page = await staff.get(`/backoffice/units/${unit.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /data-state="granted"/);
    const tenancyId = page.body.match(/action="\/backoffice\/tenancies\/([^/]+)\/notice"/)?.[1];
    assert.ok(tenancyId, 'the notice form is on the page');
    const tenancy = (await t.get(`/2025-09/tenancies/${tenancyId}`, { token })).body.tenancy;
    const site = (await t.get(`/2025-09/sites/${tenancy.site.id}`, { token })).body.site;
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);

    const past = await staff.post(`/backoffice/tenancies/${tenancyId}/notice`, {
      unit_id: unit.id,
      ends_on: new Date(now.getTime() - 3 * DAY).toISOString().slice(0, 10),
    });
    assert.equal(past.status, 422);
    assert.match(past.body, /in the past/);

    const day = new Date(now.getTime() + 10 * DAY).toISOString().slice(0, 10);
    const res = await staff.post(`/backoffice/tenancies/${tenancyId}/notice`, {
      unit_id: unit.id,
      ends_on: day,
      reason: 'Moving out',
    });
    assert.equal(res.status, 303, res.body);
    const sub = (await t.get(`/2025-09/subscriptions/${tenancy.subscription.id}`, { token })).body.subscription;
    assert.equal(sub.cancelled, true);
    const [y, m, d] = day.split('-').map(Number);
    const expected = localHourOn(new Date(Date.UTC(y, m - 1, d + 1, 12)), site.timezone, 0);
    assert.equal(sub.ends_at, expected.toISOString().replace('.000', ''));
    assert.equal(await emitted('subscription.cancelled', sub.id), 1);
    assert.match((await staff.get(`/backoffice/units/${unit.id}`)).body, /Notice given/);

    const twice = await staff.post(`/backoffice/tenancies/${tenancyId}/notice`, { unit_id: unit.id, ends_on: day });
    assert.equal(twice.status, 409);
    assert.match(twice.body, /already cancelled/);
  });

  test('the unit grid: tiles per site coloured by status, filtered by site, unit type, status and reference', async () => {
    const count = async (where: ReturnType<typeof sql>) =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM units WHERE operator_id = ${t.a.id} AND ${where}`.execute(
          t.lockyard.database.db,
        )
      ).rows[0].n;
    const all = await staff.get('/backoffice/units');
    assert.equal(all.status, 200);
    assert.ok(all.body.includes('<ul class="unit-grid">'));
    const site = (await t.get('/2025-09/sites?limit=1', { token })).body.sites[0] as { id: string };
    const sample = (await t.get(`/2025-09/units?site_id=${site.id}&limit=1`, { token })).body.units[0];
    const tiles = (body: string) => [
      ...body.matchAll(
        /class="unit-tile unit-([a-z]+)" href="\/backoffice\/units\/(unit_[^"]+)" data-status="([a-z]+)"/g,
      ),
    ];

    const bySite = await staff.get(`/backoffice/units?site_id=${site.id}`);
    assert.equal(bySite.status, 200);
    assert.ok(bySite.body.includes(`<option value="${site.id}" selected>`));
    const atSite = await count(sql`site_id = ${site.id}`);
    assert.ok(bySite.body.includes(` of ${atSite}</p>`), `the count of ${atSite} units at the site`);
    assert.equal(tiles(bySite.body).length, Math.min(atSite, 240));
    assert.ok(tiles(bySite.body).every(([, cls, , status]) => cls === status));

    const byType = await staff.get(
      `/backoffice/units?site_id=${site.id}&unit_type_id=${sample.unit_type.id}&status=${sample.status}`,
    );
    const typed = await count(sql`unit_type_id = ${sample.unit_type.id} AND status = ${sample.status}`);
    const found = tiles(byType.body);
    assert.equal(found.length, Math.min(typed, 240));
    assert.ok(found.every(([, , , status]) => status === sample.status));
    assert.ok(found.some(([, , id]) => id === sample.id));

    const search = await staff.get(
      `/backoffice/units?search=${encodeURIComponent(sample.reference_id)}&site_id=${site.id}`,
    );
    assert.ok(tiles(search.body).some(([, , id]) => id === sample.id));
    assert.ok(search.body.includes(`name="search" value="${sample.reference_id}"`), 'the search keeps what was typed');

    const none = await staff.get('/backoffice/units?search=no-such-unit-reference&status=bogus');
    assert.equal(none.status, 200);
    assert.ok(none.body.includes('No units match these filters'));
  });
});
