import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createListeningApp, type ListeningApp } from '../harness/listening-app.ts';
import { book, type Booked } from '../harness/booking.ts';
import { moveOutThroughSandbox } from '../harness/move-out.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { KEYPAD_OVERLOCKED, KEYPAD_PIN, keypadAddon } from '../../src/addons-builtin/keypad.addon.ts';
import { LEDGER_COLUMNS, ledgerAddon } from '../../src/addons-builtin/ledger.addon.ts';

/**
 * Lockyard's own add-ons on the public protocol (src/addons-builtin): the simulated keypad and the CSV export are
 * definitions shipped with Lockyard, installed like any other, reached by signed deliveries and calling back with
 * `Authorization: Addon …`. The keypad writes the PIN into a rental custom field at move-in, overlocks on overdue,
 * gives a new PIN on transfer and clears it at move-out; the direct simulated provider keeps working beside it.
 */
describe('add-ons: Lockyard’s own keypad and CSV export add-ons', () => {
  let t: ListeningApp;
  let b: Booked;
  let site: any;
  let keypadId: string;
  let ledgerId: string;
  let unitId: string;

  const ctx = () => t.ctx(t.b.id);
  const rentalFields = async (tenancyId: string) =>
    (await t.lockyard.services.addons.recordFields(await ctx(), 'unitRental', tenancyId)).values;
  const deliveries = async (addonId: string) =>
    (
      await sql<{ type: string; status: string; body: string; last_status_code: number | null }>`
        SELECT type, status, body, last_status_code FROM addon_deliveries WHERE addon_id = ${addonId}
        ORDER BY created_at, id`.execute(t.lockyard.database.db)
    ).rows;
  const eventually = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > end) {
        const db = t.lockyard.database.db;
        const seen =
          await sql`SELECT addon_id, type, status, last_status_code, last_error FROM addon_deliveries`.execute(db);
        const logs = await sql`SELECT addon_id, message FROM addon_logs`.execute(db);
        throw new Error(`timed out waiting for ${what}: ${JSON.stringify(seen.rows)} ${JSON.stringify(logs.rows)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const advanceTo = async (to: Date) => {
    const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token: t.b.token });
    assert.equal(res.status, 200, res.text);
  };

  before(async () => {
    t = await createListeningApp();
  });
  after(async () => {
    await t.close();
  });

  test('shipped definitions: listed with webhook URLs on this server; installing hands the add-on its key', async () => {
    const defs = await t.lockyard.services.addons.listDefinitions();
    const keypad = defs.find((d) => d.id === keypadAddon.definitionId)!;
    assert.equal(keypad.webhookUrl, `${t.baseUrl}/addons/builtin/keypad/webhook`);
    assert.ok(keypad.events.includes('job.unit_transfer.completed'));
    const unitType = (await t.get('/2025-09/unit_types?limit=100', { token: t.b.token })).body.unit_types.find(
      (u: any) => u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    site = (await t.get(`/2025-09/sites/${unitType.site.id}`, { token: t.b.token })).body.site;
    const c = await ctx();
    const k = await t.lockyard.services.addons.install(c, {
      definitionId: keypadAddon.definitionId,
      customFields: { keypad_pinDigits: '8' },
    });
    keypadId = k.install.id;
    assert.equal(k.webtask?.ok, true, JSON.stringify(k.webtask));
    const l = await t.lockyard.services.addons.install(c, {
      definitionId: ledgerAddon.definitionId,
      siteId: site.id,
      customFields: { ledger_accountCode: '=4000' },
    });
    ledgerId = l.install.id;
    // The add-on keeps its key and secret sealed in its own table, as a partner keeps them in its database.
    const dump = JSON.stringify(
      (await sql`SELECT * FROM builtin_addon_credentials`.execute(t.lockyard.database.db)).rows,
    );
    assert.ok(dump.includes(keypadId) && !dump.includes(k.apiKey) && !dump.includes(k.signatureSecret));
    for (const id of [keypadId, ledgerId]) await t.lockyard.services.addons.setState(c, id, 'enabled');

    const now = new Date((await t.get('/sandbox/clock', { token: t.b.token })).body.clock.now);
    const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 12));
    b = await book(t, {
      unitTypeId: unitType.id,
      siteId: site.id,
      startsAt: startsAt.toISOString(),
      email: 'keypad.tenant@example.com',
      amount: unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount,
      token: t.b.token,
    });
    await advanceTo(localHourOn(startsAt, site.timezone, 6));
  });

  test('move-in: job.unit_moveIn.completed over the signed path; the keypad writes an 8-digit PIN on the rental', async () => {
    await eventually(async () => typeof (await rentalFields(b.tenancyId))[KEYPAD_PIN] === 'string', 'a PIN');
    const pin = (await rentalFields(b.tenancyId))[KEYPAD_PIN] as string;
    assert.match(pin, /^\d{8}$/);
    const moveIn = (await deliveries(keypadId)).find((d) => d.type === 'job.unit_moveIn.completed')!;
    assert.equal(moveIn.status, 'succeeded');
    assert.equal(moveIn.last_status_code, 200);
    // The rental field is the add-on's: defined by its webtask, shown to the tenant (ownerAcl read).
    const defs = await t.lockyard.services.addons.fieldDefinitions(await ctx(), 'unitRental');
    assert.equal(defs.find((d) => d.code === KEYPAD_PIN)?.ownerAcl, 'read');
    // The direct provider path still drives the simulated door beside the add-on.
    unitId = (
      await sql<{ unit_id: string }>`SELECT unit_id FROM unit_allocations WHERE tenancy_id = ${b.tenancyId}`.execute(
        t.lockyard.database.db,
      )
    ).rows[0]?.unit_id as string;
    assert.ok(unitId, 'the unit of the rental');
    const door = await t.lockyard.services.accessControl.simulatedOfUnit(await ctx(), unitId);
    assert.equal(door?.state, 'granted');
  });

  test('a forged delivery is refused: unsigned or signed with another key is 401', async () => {
    const body = JSON.stringify({
      id: 'f'.repeat(24),
      created: new Date(0).toISOString(),
      type: 'job.unit_moveOut.completed',
      data: { unitRentalId: b.tenancyId },
      apiUrl: 'https://attacker.example/api',
      addonId: keypadId,
    });
    for (const signature of [undefined, 'AAAA', 'x'.repeat(44)]) {
      const res = await t.lockyard.app.inject({
        method: 'POST',
        url: '/addons/builtin/keypad/webhook',
        headers: { 'content-type': 'application/json', ...(signature ? { 'sg-signature': signature } : {}) },
        payload: body,
      });
      assert.equal(res.statusCode, 401, res.body);
    }
    const bad = await t.lockyard.app.inject({
      method: 'POST',
      url: '/addons/builtin/keypad/webhook',
      headers: { 'content-type': 'application/json' },
      payload: '{"nope":',
    });
    assert.ok(bad.statusCode >= 400 && bad.statusCode < 500, bad.body);
    assert.ok((await rentalFields(b.tenancyId))[KEYPAD_PIN], 'the PIN is still there');
  });

  test('overdue: markOverdue sets the overlock field, unmarkOverdue clears it', async () => {
    const lock = await t.post('/2025-09/units/overlock', { contact_id: b.contactId }, { token: t.b.token });
    assert.equal(lock.status, 200, lock.text);
    await eventually(async () => (await rentalFields(b.tenancyId))[KEYPAD_OVERLOCKED] === true, 'the overlock');
    const lift = await t.post('/2025-09/units/remove_overlock', { contact_id: b.contactId }, { token: t.b.token });
    assert.equal(lift.status, 200, lift.text);
    await eventually(async () => !(KEYPAD_OVERLOCKED in (await rentalFields(b.tenancyId))), 'the overlock cleared');
  });

  test('transfer: job.unit_transfer.completed {oldRentalId, newRentalId}; the keypad issues a new PIN', async () => {
    const before = (await rentalFields(b.tenancyId))[KEYPAD_PIN];
    const free = (
      await t.get(`/2025-09/units?unit_type_id=${b.unitTypeId}&status=available&limit=1`, { token: t.b.token })
    ).body.units[0];
    assert.ok(free, 'an available unit of the same type');
    await t.lockyard.services.unitActions.transfer(await ctx(), b.tenancyId, unitId, free.id);
    await eventually(
      async () =>
        (await deliveries(keypadId)).some((d) => d.type === 'job.unit_transfer.completed' && d.status === 'succeeded'),
      'the transfer delivery',
    );
    const sent = JSON.parse((await deliveries(keypadId)).find((d) => d.type === 'job.unit_transfer.completed')!.body);
    assert.deepEqual(sent.data, {
      oldRentalId: b.tenancyId,
      newRentalId: b.tenancyId,
      oldUnitId: unitId,
      newUnitId: free.id,
    });
    const after = (await rentalFields(b.tenancyId))[KEYPAD_PIN];
    assert.match(String(after), /^\d{8}$/);
    assert.notEqual(after, before);
    unitId = free.id;
  });

  test('the CSV export add-on recorded the invoices of its site; the download is a manager’s, CSV-injection safe', async () => {
    await eventually(
      async () =>
        (await sql`SELECT 1 FROM builtin_addon_ledger WHERE addon_id = ${ledgerId}`.execute(t.lockyard.database.db))
          .rows.length > 0,
      'ledger rows',
    );
    const demo = t.creds as unknown as DemoLoginCredentials;
    const staff = new BackofficeSession(t.lockyard.app);
    await staff.signIn(demo.staff_login.email, demo.staff_login.password);
    await staff.get('/backoffice/units');
    await staff.post('/backoffice/operator', { operator_id: t.b.id });
    const page = await staff.get(`/backoffice/settings/addons/${ledgerId}`);
    assert.ok(page.body.includes(`/backoffice/settings/addons/${ledgerId}/export.csv`));
    const csv = await staff.get(`/backoffice/settings/addons/${ledgerId}/export.csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const [header, ...lines] = csv.body.trim().split('\n');
    assert.equal(header, LEDGER_COLUMNS.join(','));
    assert.ok(lines.length > 0);
    const invoices = (
      await t.get(`/2025-09/invoices?subscription_id=${b.subscriptionId}&limit=100`, { token: t.b.token })
    ).body.invoices;
    assert.ok(
      lines.some((l) => invoices.some((i: any) => l.includes(i.id))),
      csv.body,
    );
    for (const l of lines) {
      assert.ok(l.includes(site.id), `every row is of the install's site: ${l}`);
      assert.ok(l.endsWith(",'=4000"), `a formula-looking cell is written as text: ${l}`);
    }
    // Not a CSV add-on, or not the operator's: not found.
    assert.equal((await staff.get(`/backoffice/settings/addons/${keypadId}/export.csv`)).status, 404);
    assert.equal((await staff.get(`/backoffice/settings/addons/${'0'.repeat(24)}/export.csv`)).status, 404);
  });

  test('move-out: job.unit_moveOut.completed; the keypad clears the PIN', async () => {
    await moveOutThroughSandbox(t, b, t.b.token);
    await eventually(async () => !(KEYPAD_PIN in (await rentalFields(b.tenancyId))), 'the PIN cleared');
    const door = await t.lockyard.services.accessControl.simulatedOfUnit(await ctx(), unitId);
    assert.equal(door?.state, 'revoked');
  });
});
