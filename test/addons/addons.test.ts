import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { withTransaction } from '../../src/storage/database.ts';
import { createListeningApp, type ListeningApp } from '../harness/listening-app.ts';
import { book, type Booked } from '../harness/booking.ts';
import { moveOutThroughSandbox } from '../harness/move-out.ts';
import { startAccessAddon, type AccessAddon } from '../fixtures/addons/access-addon.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';
import { ADMIN_OPERATIONS } from '../../src/admin/operations/index.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { PORTAL_COOKIE } from '../../src/web/portal/portal-cookie.ts';

const WEBTASK = `
export default async function ({ api, context }) {
  console.log('installing for', context.addonId);
  await api.ensureCustomField('unitRental', {
    type: 'string',
    code: 'lock_pin',
    title: { en: 'Lock PIN code' },
    ownerAcl: 'read',
  });
}
`;

/**
 * Issue 15's proof: an access-control add-on written for Storeganise (test/fixtures/addons/access-addon.ts) runs
 * against Lockyard with only its URLs and keys changed — install (paused), webtask, enable, move-in webhook, rental
 * read with include, PIN written back; overdue, move-out; states, scoping, secrets, failures, webtask isolation.
 */
describe('add-ons: a Storeganise access-control add-on on Lockyard', () => {
  let t: ListeningApp;
  let addon: AccessAddon;
  let creds: { addonId: string; apiKey: string; signatureSecret: string; apiUrl: string; state: string };
  let definitionId: string;
  let b: Booked;
  let site: any;
  let startsAt: Date;
  const op = (name: string, input: Record<string, unknown>) =>
    ADMIN_OPERATIONS[name]!(t.lockyard, input, { dataDir: '/nonexistent' });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    auth = `Addon ${creds.addonId}|${creds.apiKey}`,
  ) => {
    const res = await fetch(`${creds.apiUrl}/v1/admin/${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const deliveries = async (addonId: string) =>
    (
      await sql<{
        type: string;
        status: string;
        body: string;
        attempt_count: number;
      }>`SELECT type, status, body, attempt_count FROM addon_deliveries
        WHERE addon_id = ${addonId} ORDER BY created_at, id`.execute(t.lockyard.database.db)
    ).rows;
  /** Deliveries settle after the add-on answers (the worker batches them): poll the log. */
  const eventually = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const advanceTo = async (to: Date) => {
    const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token: t.b.token });
    assert.equal(res.status, 200, res.text);
  };

  async function backofficeShowsPin(unitId: string, pin: string): Promise<boolean> {
    const demo = t.creds as unknown as DemoLoginCredentials;
    const staff = new BackofficeSession(t.lockyard.app);
    await staff.signIn(demo.staff_login.email, demo.staff_login.password);
    await staff.get('/backoffice/units');
    await staff.post('/backoffice/operator', { operator_id: t.b.id });
    const page = (await staff.get(`/backoffice/units/${unitId}`)).body;
    const panel = page.slice(page.indexOf('id="custom-fields-unitRental"'));
    return panel.includes('Lock PIN code') && panel.includes(`value="${pin}"`);
  }
  async function portalShowsPin(pin: string): Promise<boolean> {
    const ctx = await t.ctx(t.b.id);
    const session = await t.lockyard.services.portalAuth.setUpAccount(t.b.id, b.contactId);
    assert.ok(session, 'a portal session for the tenant');
    const res = await t.lockyard.app.inject({
      url: `/portal/${ctx.operator.slug}`,
      headers: { cookie: `${PORTAL_COOKIE}=${session}` },
    });
    assert.equal(res.statusCode, 200);
    const field = res.body.match(/data-custom-field="lock_pin">([^<]*)<span class="code">([^<]*)</);
    return field?.[2] === pin && !res.body.includes('name="cf.lock_pin"');
  }

  before(async () => {
    t = await createListeningApp();
    addon = await startAccessAddon();
    const created = await op('addons.create', {
      json: true,
      definition: {
        name: 'Acme Locks',
        description: 'Keypad PINs for every rental.',
        setupInstructions: 'Enter your Acme Locks API key, then enable.',
        level: 'operator',
        webhookUrl: addon.url,
        events: [
          'job.unit_moveIn.completed',
          'job.unit_moveOut.completed',
          'unitRental.markOverdue',
          'unitRental.unmarkOverdue',
          'user.created',
        ],
        customFields: [
          { code: 'lock_apiKey', title: 'API key', type: 'string', required: true, secret: true },
          { code: 'lock_zone', title: 'Zone', type: 'string' },
        ],
        webtasks: { installed: WEBTASK },
      },
    });
    definitionId = (created.data as any).id;
    assert.match(definitionId, /^addon_[0-9a-f]{24}$/);
  });
  after(async () => {
    await addon.close();
    await t.close();
  });

  test('install: paused, key and secret shown once, the installed webtask ensured the PIN field and logged', async () => {
    const out = await op('addons.install', {
      definition: definitionId,
      operator: t.b.id,
      set: ['lock_zone=north'],
      json: true,
    });
    creds = out.data as typeof creds;
    assert.equal(creds.state, 'paused');
    assert.match(creds.addonId, /^[0-9a-f]{24}$/);
    assert.equal(creds.apiUrl, `${t.baseUrl}/api`);
    assert.deepEqual(JSON.parse(out.stdout), creds);
    addon.setCredentials(creds);
    const logs = await t.lockyard.services.addons.logs(await t.ctx(t.b.id), creds.addonId);
    assert.ok(
      logs.some((l) => l.message === `webtask: installing for ${creds.addonId}`),
      JSON.stringify(logs),
    );
    assert.ok(
      logs.some((l) => l.message === 'ensureCustomField unitRental.lock_pin: created'),
      JSON.stringify(logs),
    );
    // Stored hashed and sealed: neither the key nor the secret is in the row.
    const row = (
      await sql<any>`SELECT * FROM addon_installs WHERE id = ${creds.addonId}`.execute(t.lockyard.database.db)
    ).rows[0];
    assert.ok(!JSON.stringify(row).includes(creds.apiKey));
    assert.ok(!JSON.stringify(row).includes(creds.signatureSecret));
  });

  test('paused: API access, no webhooks; enabling needs the required fields; secrets are sealed and never shown to staff', async () => {
    const self = await call('GET', `addons/${creds.addonId}`);
    assert.equal(self.status, 200, JSON.stringify(self.body));
    assert.deepEqual(self.body.customFields, { lock_zone: 'north' });
    const refused = await op('addons.state', { addon: creds.addonId, state: 'enabled' }).catch((e) => e);
    assert.match(String(refused.message), /lock_apiKey/);
    const view = await op('addons.configure', { addon: creds.addonId, set: ['lock_apiKey=sk_live_acme_123'] });
    assert.ok(!view.stdout.includes('sk_live_acme_123'));
    assert.deepEqual((view.data as any).secretFieldsSet, ['lock_apiKey']);
    const listed = await op('addons.list', { operator: t.b.id, json: true });
    assert.ok(!listed.stdout.includes('sk_live_acme_123'));
    // Only the add-on itself reads it back.
    assert.equal((await call('GET', `addons/${creds.addonId}`)).body.customFields.lock_apiKey, 'sk_live_acme_123');
    const db = t.lockyard.database.db;
    const dump = JSON.stringify(
      (await sql`SELECT * FROM addon_installs`.execute(db)).rows.concat(
        (await sql`SELECT * FROM addon_logs`.execute(db)).rows as any,
      ),
    );
    assert.ok(!dump.includes('sk_live_acme_123'));

    // Paused: a booking's user.created is not sent.
    const unitType = (await t.get('/2025-09/unit_types?limit=100', { token: t.b.token })).body.unit_types.find(
      (u: any) => u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    site = (await t.get(`/2025-09/sites/${unitType.site.id}`, { token: t.b.token })).body.site;
    const now = new Date((await t.get('/sandbox/clock', { token: t.b.token })).body.clock.now);
    startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 12));
    b = await book(t, {
      unitTypeId: unitType.id,
      siteId: site.id,
      startsAt: startsAt.toISOString(),
      email: 'addon.tenant@example.com',
      amount: unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount,
      token: t.b.token,
    });
    assert.deepEqual(await deliveries(creds.addonId), []);
    assert.equal(addon.received.length, 0);
  });

  test('enabled: move-in → job.unit_moveIn.completed, signed; the add-on reads the rental with include and writes a PIN', async () => {
    assert.equal(
      (await op('addons.state', { addon: creds.addonId, state: 'enabled' })).stdout,
      `${creds.addonId} enabled\n`,
    );
    await advanceTo(localHourOn(startsAt, site.timezone, 6));
    await addon.waitFor(() => addon.actions.some((a) => a.startsWith(`pin ${b.tenancyId} `)));
    const moveIn = addon.received.find(
      (r) => r.type === 'job.unit_moveIn.completed' && r.body.data.unitRentalId === b.tenancyId,
    )!;
    assert.ok(moveIn.signatureOk);
    assert.deepEqual(Object.keys(moveIn.body), ['id', 'created', 'type', 'data', 'apiUrl', 'addonId']);
    assert.match(moveIn.body.id, /^[0-9a-f]{24}$/);
    assert.equal(moveIn.body.data.unitRentalId, b.tenancyId);
    assert.equal(moveIn.body.addonId, creds.addonId);
    assert.equal(moveIn.body.apiUrl, creds.apiUrl);
    const rental = addon.rentalsSeen.find((r) => r.id === b.tenancyId);
    assert.equal(rental.id, b.tenancyId);
    assert.equal(rental.state, 'occupied');
    assert.equal(rental.ownerId, b.contactId);
    assert.equal(rental.owner.email, 'addon.tenant@example.com');
    assert.equal(rental.unit.id, rental.unitId);
    assert.equal(rental.unit.state, 'occupied');
    assert.deepEqual(rental.customFields, {});
    const pin = addon.actions.find((a) => a.startsWith(`pin ${b.tenancyId} `))!.split(' ')[2];
    const read = await call('GET', `unit-rentals/${b.tenancyId}?include=customFields`);
    assert.deepEqual(read.body.customFields, { lock_pin: pin });
    // The PIN appears where staff and the customer look: the unit page's rental panel, and the portal
    // (the webtask defined the field with ownerAcl read: shown, not editable).
    assert.ok(await backofficeShowsPin(rental.unitId, pin), 'the unit page shows the PIN');
    assert.ok(await portalShowsPin(pin), 'the portal shows the PIN');
    // Lists: bare arrays, limit/offset, updatedAfter.
    const list = await call('GET', 'unit-rentals?limit=1000&include=customFields');
    assert.ok(Array.isArray(list.body));
    assert.deepEqual(list.body.find((r: any) => r.id === b.tenancyId).customFields, { lock_pin: pin });
    assert.equal((await call('GET', 'unit-rentals?limit=1')).body.length, 1);
    const future = new Date(Date.now() + 365 * 86_400_000).toISOString();
    assert.deepEqual((await call('GET', `unit-rentals?updatedAfter=${future}`)).body, []);
    await eventually(
      async () => (await deliveries(creds.addonId)).every((d) => d.status === 'succeeded'),
      'every delivery to succeed',
    );
  });

  test('merge-writes: other keys kept, null clears, undefined codes refused', async () => {
    const bad = await call('PUT', `unit-rentals/${b.tenancyId}`, { customFields: { nope: 1 } });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.equal(bad.body.error.code, 'invalid_content');
    const other = await call('PUT', `unit-rentals/${b.tenancyId}`, { state: 'ended' });
    assert.equal(other.status, 422);
    const before = (await call('GET', `unit-rentals/${b.tenancyId}?include=customFields`)).body.customFields.lock_pin;
    const same = await call('PUT', `unit-rentals/${b.tenancyId}`, { customFields: {} });
    assert.deepEqual(same.body.customFields, { lock_pin: before });
    const cleared = await call('PUT', `unit-rentals/${b.tenancyId}`, { customFields: { lock_pin: null } });
    assert.deepEqual(cleared.body.customFields, {});
    const back = await call('PUT', `unit-rentals/${b.tenancyId}`, { customFields: { lock_pin: before } });
    assert.deepEqual(back.body.customFields, { lock_pin: before });
  });

  test('secret record fields: sealed at rest, write-only for staff, returned only to the add-on that defined them', async () => {
    const ctx = await t.ctx(t.b.id);
    const addons = t.lockyard.services.addons;
    // As a webtask does: the add-on defines a secret user field (its gateway token for the tenant).
    await addons.ensureCustomField(ctx, creds.addonId, 'user', {
      code: 'lock_token',
      title: 'Lock token',
      type: 'string',
      secret: true,
    });
    const put = await call('PUT', `users/${b.contactId}`, { customFields: { lock_token: 'tok_secret_123' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.customFields.lock_token, 'tok_secret_123');
    assert.equal(
      (await call('GET', `users/${b.contactId}?include=customFields`)).body.customFields.lock_token,
      'tok_secret_123',
    );
    const db = t.lockyard.database.db;
    const stored = async () =>
      JSON.stringify(
        (await sql`SELECT * FROM custom_field_values`.execute(db)).rows.concat(
          (await sql`SELECT * FROM addon_logs`.execute(db)).rows as any,
        ),
      );
    assert.ok(!(await stored()).includes('tok_secret_123'), 'sealed at rest, never logged');

    // Another add-on of the operator neither reads nor writes it.
    const otherDef = await addons.createDefinition({ name: 'Other', description: 'x', setupInstructions: 'x' });
    const other = await addons.install(ctx, { definitionId: otherDef.id });
    const otherAuth = `Addon ${other.install.id}|${other.apiKey}`;
    const seen = await call('GET', `users/${b.contactId}?include=customFields`, undefined, otherAuth);
    assert.equal(seen.status, 200);
    assert.ok(!('lock_token' in seen.body.customFields), JSON.stringify(seen.body.customFields));
    const overwrite = await call('PUT', `users/${b.contactId}`, { customFields: { lock_token: 'x' } }, otherAuth);
    assert.equal(overwrite.status, 422);
    await addons.uninstall(ctx, other.install.id);

    // Staff see that it is set, never the value; they may replace or clear it.
    assert.equal((await addons.recordFields(ctx, 'user', b.contactId)).values.lock_token, '[secret]');
    const demo = t.creds as unknown as DemoLoginCredentials;
    const staff = new BackofficeSession(t.lockyard.app);
    await staff.signIn(demo.staff_login.email, demo.staff_login.password);
    await staff.get('/backoffice/units');
    await staff.post('/backoffice/operator', { operator_id: t.b.id });
    const page = (await staff.get(`/backoffice/contacts/${b.contactId}`)).body;
    assert.ok(page.includes('data-secret-state="set"') && !page.includes('tok_secret_123'));
    const replaced = await staff.post(`/backoffice/custom-fields/user/${b.contactId}`, {
      'cf.lock_token': 'tok_new_456',
      return_to: `/backoffice/contacts/${b.contactId}`,
    });
    assert.equal(replaced.status, 303);
    assert.equal(
      (await call('GET', `users/${b.contactId}?include=customFields`)).body.customFields.lock_token,
      'tok_new_456',
    );
    assert.ok(!(await stored()).includes('tok_new_456'));
    // The same value again is no change (no unitRental/user update to tell anyone).
    assert.deepEqual(await addons.writeCustomFields(ctx, 'user', b.contactId, { lock_token: 'tok_new_456' }, null), []);
    const cleared = await staff.post(`/backoffice/custom-fields/user/${b.contactId}`, {
      'cf.lock_token': '',
      clear: 'lock_token',
      return_to: `/backoffice/contacts/${b.contactId}`,
    });
    assert.equal(cleared.status, 303);
    assert.ok(!('lock_token' in (await call('GET', `users/${b.contactId}?include=customFields`)).body.customFields));
  });

  test('overdue: overlock → unitRental.markOverdue, lifted → unmarkOverdue', async () => {
    const lock = await t.post('/2025-09/units/overlock', { contact_id: b.contactId }, { token: t.b.token });
    assert.equal(lock.status, 200, lock.text);
    await addon.waitFor(() => addon.actions.includes(`suspended ${b.tenancyId} true`));
    const lift = await t.post('/2025-09/units/remove_overlock', { contact_id: b.contactId }, { token: t.b.token });
    assert.equal(lift.status, 200, lift.text);
    await addon.waitFor(() => addon.actions.includes(`suspended ${b.tenancyId} false`));
    assert.deepEqual(
      addon.received.map((r) => r.type).filter((x) => x.includes('Overdue')),
      ['unitRental.markOverdue', 'unitRental.unmarkOverdue'],
    );
  });

  test("scoping: another operator's rental is 404; another add-on's config is 404; a wrong key is 401", async () => {
    const aTenancy = (await t.get('/2025-09/tenancies?limit=1', { token: t.a.token })).body.tenancies[0].id;
    const foreign = await call('GET', `unit-rentals/${aTenancy}`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'resource_not_found');
    assert.equal((await call('PUT', `unit-rentals/${aTenancy}`, { customFields: { lock_pin: '1' } })).status, 404);
    const mine = await call('GET', 'unit-rentals?limit=1000');
    assert.ok(mine.body.length > 0 && mine.body.every((r: any) => r.id !== aTenancy));
    assert.equal((await call('GET', `addons/${'0'.repeat(24)}`)).status, 404);
    assert.equal((await call('GET', 'sites', undefined, `Addon ${creds.addonId}|wrong`)).status, 401);
    assert.equal((await call('GET', 'sites', undefined, 'Bearer x')).status, 401);
  });

  test("a site-level install sees its own site only: other sites' rentals, units and sites are 404", async () => {
    const def = await t.lockyard.services.addons.createDefinition({
      name: 'Site Gate',
      description: 'x',
      setupInstructions: 'x',
      level: 'site',
    });
    const ctxA = await t.ctx(t.a.id);
    await assert.rejects(t.lockyard.services.addons.install(ctxA, { definitionId: def.id }), (e: any) =>
      /per site/.test(e.details[0].message),
    );
    const tenancies = (await t.get('/2025-09/tenancies?limit=100', { token: t.a.token })).body.tenancies;
    const siteIds = [...new Set(tenancies.map((x: any) => x.site.id))] as string[];
    assert.ok(siteIds.length >= 2, 'the demo operator has tenancies at two sites');
    const [mine, other] = siteIds;
    const r = await t.lockyard.services.addons.install(ctxA, { definitionId: def.id, siteId: mine });
    const auth = `Addon ${r.install.id}|${r.apiKey}`;
    const rentals = (await call('GET', 'unit-rentals?limit=1000', undefined, auth)).body;
    assert.ok(rentals.length > 0 && rentals.every((x: any) => x.siteId === mine));
    const foreign = tenancies.find((x: any) => x.site.id === other).id;
    assert.equal((await call('GET', `unit-rentals/${foreign}`, undefined, auth)).status, 404);
    assert.deepEqual(
      (await call('GET', 'sites', undefined, auth)).body.map((x: any) => x.id),
      [mine],
    );
    assert.equal((await call('GET', `sites/${other}`, undefined, auth)).status, 404);
    const units = (await call('GET', 'units?limit=1000', undefined, auth)).body;
    assert.ok(units.length > 0 && units.every((u: any) => u.siteId === mine));
  });

  test('POST jobs {type: task} opens an operator task about the rental', async () => {
    const res = await call('POST', 'jobs', {
      type: 'task',
      ownerId: null,
      data: {
        targetType: 'unitRental',
        targetId: b.tenancyId,
        title: 'Errors in Acme Locks sync',
        desc: 'lock offline',
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const task = (await t.get(`/2025-09/tasks/${res.body.id}`, { token: t.b.token })).body.task;
    assert.equal(task.title, 'Errors in Acme Locks sync');
    assert.equal(task.description, 'lock offline');
    assert.equal(task.resource.id, b.tenancyId);
  });

  test('disabled: no API access and no webhooks', async () => {
    await op('addons.state', { addon: creds.addonId, state: 'disabled' });
    const res = await call('GET', `addons/${creds.addonId}`);
    assert.equal(res.status, 403);
    const before = (await deliveries(creds.addonId)).length;
    await t.patch(`/2025-09/contacts/${b.contactId}`, { full_name: 'Changed Name' }, { token: t.b.token });
    const lock = await t.post('/2025-09/units/overlock', { contact_id: b.contactId }, { token: t.b.token });
    assert.equal(lock.status, 200);
    assert.equal((await deliveries(creds.addonId)).length, before);
    await t.post('/2025-09/units/remove_overlock', { contact_id: b.contactId }, { token: t.b.token });
    await op('addons.state', { addon: creds.addonId, state: 'enabled' });
  });

  test('a failing add-on: retried on the operator clock, then an operator task "Errors in <add-on>" and one alert email', async () => {
    addon.failWith = 500;
    await t.lockyard.services.addons.setAlertReceivers(await t.ctx(t.b.id), 'ops@example.com, oncall@example.com');
    const contact = await t.post(
      '/2025-09/contacts',
      { email: 'retry.me@example.com', full_name: 'Retry Me' },
      { token: t.b.token },
    );
    assert.equal(contact.status, 201, contact.text);
    await addon.waitFor(() => addon.received.some((r) => r.type === 'user.created'));
    const userCreated = async () => (await deliveries(creds.addonId)).filter((d) => d.type === 'user.created').at(-1)!;
    let clock = new Date((await t.get('/sandbox/clock', { token: t.b.token })).body.clock.now);
    for (const [i, minutes] of [1, 5, 30, 120].entries()) {
      // Each failed attempt is settled (its retry scheduled) before the clock moves on.
      await eventually(async () => (await userCreated()).attempt_count === i + 1, `attempt ${i + 1} to settle`);
      assert.equal((await userCreated()).status, 'pending');
      clock = new Date(clock.getTime() + minutes * 60_000 + 1000);
      await advanceTo(clock);
    }
    await eventually(async () => (await userCreated()).status === 'failed', 'the delivery to fail for good');
    assert.equal(addon.received.filter((r) => r.type === 'user.created').length, 5);
    // Every retry is the same envelope (same id): add-ons deduplicate on it.
    assert.equal(new Set(addon.received.filter((r) => r.type === 'user.created').map((r) => r.body.id)).size, 1);
    const tasks = (await t.get('/2025-09/tasks?limit=100', { token: t.b.token })).body.tasks;
    assert.ok(
      tasks.some((x: any) => x.title === 'Errors in Acme Locks'),
      JSON.stringify(tasks.map((x: any) => x.title)),
    );
    // Another failure while that task is open adds to the log, not another task.
    await withTransaction(t.lockyard.database.db, (tx) =>
      t.lockyard.services.addons.openFailureTask(tx, t.b.id, creds.addonId, 'Acme Locks', 'again'),
    );
    const after = (await t.get('/2025-09/tasks?limit=100', { token: t.b.token })).body.tasks;
    assert.equal(after.filter((x: any) => x.title === 'Errors in Acme Locks').length, 1);
    // The alert receivers were emailed once for the run (sandbox mailbox), not again for the second failure.
    const alerts = async () =>
      (
        await sql<{ to_address: string; status: string; subject: string | null; body_text: string | null }>`
          SELECT to_address, status, subject, body_text FROM emails
          WHERE operator_id = ${t.b.id} AND template = 'addon_alert' ORDER BY to_address`.execute(
          t.lockyard.database.db,
        )
      ).rows;
    await eventually(async () => (await alerts()).every((a) => a.status === 'captured'), 'the alerts to be captured');
    const sent = await alerts();
    assert.deepEqual(
      sent.map((a) => a.to_address),
      ['oncall@example.com', 'ops@example.com'],
    );
    assert.equal(sent[0]!.subject, 'Errors in Acme Locks');
    assert.match(sent[0]!.body_text!, /The user\.created webhook .* failed 5 times/);
    assert.match(sent[0]!.body_text!, new RegExp(`/backoffice/settings/addons/${creds.addonId}`));
    // Staff emails never reach a partner through the sandbox mailbox API.
    const mailbox = (await t.get('/sandbox/emails?limit=100', { token: t.b.token })).body.emails;
    assert.ok(mailbox.every((e: any) => e.template !== 'addon_alert'));
    addon.failWith = null;
  });

  test('move-out → job.unit_moveOut.completed; the add-on clears the PIN; the rental reads completed', async () => {
    assert.ok((await call('GET', `unit-rentals/${b.tenancyId}?include=customFields`)).body.customFields.lock_pin);
    await moveOutThroughSandbox(t, b, t.b.token);
    await addon.waitFor(() => addon.actions.includes(`vacate ${b.tenancyId}`));
    const moveOut = addon.received.find(
      (r) => r.type === 'job.unit_moveOut.completed' && r.body.data.unitRentalId === b.tenancyId,
    )!;
    assert.ok(moveOut.signatureOk);
    const rental = (await call('GET', `unit-rentals/${b.tenancyId}?include=customFields`)).body;
    assert.deepEqual(rental.customFields, {});
    assert.equal(rental.state, 'completed');
  });

  test('webtasks run sandboxed: a busy loop is stopped at the time limit; no process, require or Function', async () => {
    const def = await t.lockyard.services.addons.createDefinition({
      name: 'Hostile',
      description: 'x',
      setupInstructions: 'x',
      level: 'operator',
      webtasks: {
        installed: `export default async function ({ api }) {
          for (const probe of [
            () => typeof process, () => typeof require, () => typeof globalThis.fetch,
            () => api.ensureCustomField.constructor('return process')(),
            () => console.log.constructor.constructor('return process')(),
            () => (async () => {}).constructor('return 1'),
          ]) { try { console.log('probe', String(probe())); } catch (e) { console.log('refused', e.name); } }
          while (true) {}
        }`,
      },
    });
    const started = Date.now();
    const r = await t.lockyard.services.addons.install(await t.ctx(t.b.id), { definitionId: def.id });
    assert.ok(Date.now() - started < 15_000);
    assert.equal(r.webtask!.ok, false);
    assert.match(r.webtask!.error!, /timed out|Script execution timed out/);
    const lines = r.webtask!.logs.map((l) => l.message);
    assert.deepEqual(lines.slice(0, 3), ['probe undefined', 'probe undefined', 'probe undefined']);
    assert.deepEqual(lines.slice(3), ['refused EvalError', 'refused EvalError', 'refused EvalError']);
    assert.equal(r.install.state, 'paused');
    const logs = await t.lockyard.services.addons.logs(await t.ctx(t.b.id), r.install.id);
    assert.ok(logs.some((l) => l.level === 'error' && /webtask installed failed/.test(l.message)));
  });
});
