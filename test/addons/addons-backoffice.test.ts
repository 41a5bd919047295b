import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const BASE = '/backoffice/settings/addons';
const SECRET = 'sk_live_backoffice_987';

/**
 * Settings → Add-ons in the back office: install (key shown once), configure (secret fields write-only, sealed,
 * never shown back or logged), the states, the delivery log with resend, the webtask log, uninstall; manager or
 * owner only, on every POST. Custom fields on the unit page (`customFieldsPanel`) and Settings → Custom fields.
 */
describe('back office: Settings → Add-ons and custom fields', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let hook: http.Server;
  let hookUrl: string;
  let answer = 500;
  const received: string[] = [];
  let definitionId: string;
  let addonId: string;
  const setRole = (role: string) =>
    sql`UPDATE staff_memberships SET role = ${role} WHERE operator_id = ${t.a.id}`.execute(t.lockyard.database.db);

  before(async () => {
    t = await createTestApp();
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await staff.get('/backoffice/units');
    assert.equal((await staff.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
    const def = await t.lockyard.services.addons.createDefinition({
      name: 'Gatekeeper',
      description: 'Gate PINs for every rental.',
      setupInstructions: 'Paste your Gatekeeper key, then enable.',
      level: 'operator',
      webhookUrl: hookUrl,
      events: ['user.created'],
      customFields: [
        { code: 'gk_key', title: 'Gatekeeper key', type: 'string', required: true, secret: true },
        { code: 'gk_zone', title: 'Zone', type: 'string', choices: ['north', 'south'] },
      ],
      webtasks: {
        installed: `export default async function ({ api, context }) {
          console.log('setting up', context.hook);
          await api.ensureCustomField('unitRental', { code: 'gk_pin', title: 'Gate PIN', type: 'string', ownerAcl: 'read' });
        }`,
      },
    });
    definitionId = def.id;
  });
  after(async () => {
    await new Promise((r) => hook.close(r));
    await t.close();
  });

  test('the list offers the definition; installing shows the API key and the signing secret once', async () => {
    const list = await staff.get(BASE);
    assert.equal(list.status, 200);
    assert.match(list.body, /Gatekeeper/);
    assert.match(list.body, /Gate PINs for every rental/);
    const res = await staff.post(`${BASE}/install`, { definition_id: definitionId });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const field = (label: string) =>
      res.body.match(new RegExp(`data-field="${label}">([^<]+)<`))?.[1] ?? assert.fail(`${label} not shown`);
    addonId = field('Add-on ID');
    const apiKey = field('API key');
    assert.match(addonId, /^[0-9a-f]{24}$/);
    assert.ok(field('Signing secret').length > 20);
    // The key works (paused: API access) and is never shown again.
    const self = await t.lockyard.app.inject({
      url: `/api/v1/admin/addons/${addonId}`,
      headers: { authorization: `Addon ${addonId}|${apiKey}` },
    });
    assert.equal(self.statusCode, 200, self.body);
    const page = await staff.get(`${BASE}/${addonId}`);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes(apiKey));
    assert.match(page.body, /data-state="paused"/);
    assert.match(page.body, /Paste your Gatekeeper key/);
    // The installed webtask's output is in the log on the page.
    assert.match(page.body, /webtask: setting up installed/);
    assert.match(page.body, /ensureCustomField unitRental.gk_pin: created/);
  });

  test('enabling before the required secret is set is refused with the reason; the secret is write-only', async () => {
    const refused = await staff.post(`${BASE}/${addonId}/state`, { state: 'enabled' });
    assert.equal(refused.status, 409);
    assert.match(refused.body, /gk_key/);
    const bad = await staff.post(`${BASE}/${addonId}/configure`, { 'cf.gk_key': '', 'cf.gk_zone': 'west' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /must be one of north, south/);
    const saved = await staff.post(`${BASE}/${addonId}/configure`, { 'cf.gk_key': SECRET, 'cf.gk_zone': 'north' });
    assert.equal(saved.status, 303, saved.body);
    const page = await staff.get(saved.location!);
    assert.match(page.body, /The custom fields were saved/);
    assert.ok(!page.body.includes(SECRET), 'the secret is never shown back');
    assert.match(page.body, /data-secret-state="set"/);
    assert.match(page.body, /<option value="north" selected>/);
    // An empty secret box keeps the value; sealed at rest, never in the log.
    assert.equal(
      (await staff.post(`${BASE}/${addonId}/configure`, { 'cf.gk_key': '', 'cf.gk_zone': 'south' })).status,
      303,
    );
    const view = await t.lockyard.services.addons.get(await t.ctx(t.a.id), addonId);
    assert.deepEqual(view.secretFieldsSet, ['gk_key']);
    assert.deepEqual(view.customFields, { gk_zone: 'south' });
    const db = t.lockyard.database.db;
    const dump = JSON.stringify([
      (await sql`SELECT * FROM addon_installs`.execute(db)).rows,
      (await sql`SELECT * FROM addon_logs`.execute(db)).rows,
    ]);
    assert.ok(!dump.includes(SECRET));
  });

  test('enable → a delivery in the log; failed → resend; pause and disable', async () => {
    const on = await staff.post(`${BASE}/${addonId}/state`, { state: 'enabled' });
    assert.equal(on.status, 303);
    assert.match((await staff.get(on.location!)).body, /data-state="enabled"/);
    answer = 500;
    const c = await t.post(
      '/2025-09/contacts',
      { email: 'gate.keeper@example.com', full_name: 'Gate' },
      { token: t.a.token },
    );
    assert.equal(c.status, 201);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    let page = await staff.get(`${BASE}/${addonId}`);
    const deliveryId = page.body.match(/data-delivery-id="([0-9a-f]{24})" data-status="pending"/)?.[1];
    assert.ok(deliveryId, page.body.slice(page.body.indexOf('delivery-log')));
    assert.match(page.body, /HTTP 500/);
    // Still being retried: no resend yet.
    assert.equal((await staff.post(`${BASE}/${addonId}/deliveries/${deliveryId}/resend`)).status, 409);
    await sql`UPDATE addon_deliveries SET status = 'failed' WHERE id = ${deliveryId}`.execute(t.lockyard.database.db);
    answer = 200;
    const resent = await staff.post(`${BASE}/${addonId}/deliveries/${deliveryId}/resend`);
    assert.equal(resent.status, 303, resent.body);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    page = await staff.get(`${BASE}/${addonId}`);
    assert.match(page.body, new RegExp(`data-delivery-id="${deliveryId}" data-status="succeeded"`));
    assert.equal(new Set(received.map((b) => JSON.parse(b).id)).size, 1, 'the same envelope again');
    for (const state of ['paused', 'disabled'] as const) {
      const r = await staff.post(`${BASE}/${addonId}/state`, { state });
      assert.equal(r.status, 303);
      assert.match((await staff.get(r.location!)).body, new RegExp(`data-state="${state}"`));
    }
    assert.equal((await staff.post(`${BASE}/${addonId}/state`, { state: 'bogus' })).status, 422);
  });

  test('staff (not manager) are refused on every add-on page and POST; a forged form is refused', async () => {
    assert.equal((await staff.post(`${BASE}/${addonId}/state`, { _csrf: 'forged', state: 'enabled' })).status, 403);
    await setRole('staff');
    try {
      for (const [path, form] of [
        [`${BASE}/install`, { definition_id: definitionId }],
        [`${BASE}/${addonId}/configure`, { 'cf.gk_zone': 'north' }],
        [`${BASE}/${addonId}/state`, { state: 'enabled' }],
        [`${BASE}/${addonId}/uninstall`, {}],
        [`${BASE}/${addonId}/deliveries/${'0'.repeat(24)}/resend`, {}],
        [`${BASE}/alert-receivers`, { receivers: 'someone@example.com' }],
        ['/backoffice/settings/custom-fields', { model: 'unit', code: 'x1', type: 'string' }],
      ] as const) {
        const r = await staff.post(path, form);
        assert.equal(r.status, 403, path);
        assert.match(r.body, /needs the manager role/);
      }
      assert.equal((await staff.get(BASE)).status, 403);
      assert.equal((await staff.get(`${BASE}/${addonId}`)).status, 403);
      assert.equal((await staff.get(`${BASE}/${addonId}/export.csv`)).status, 403);
    } finally {
      await setRole('owner');
    }
    assert.match((await staff.get(`${BASE}/${addonId}`)).body, /data-state="disabled"/);
  });

  test('alert receivers: a manager sets them; a bad address is refused with the text kept', async () => {
    const bad = await staff.post(`${BASE}/alert-receivers`, { receivers: 'ops@example.com, not-an-address' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /not-an-address&#39; is not an email address|not-an-address' is not an email address/);
    assert.match(bad.body, /value="ops@example.com, not-an-address"/);
    assert.deepEqual(await t.lockyard.services.addons.alertReceivers(await t.ctx(t.a.id)), []);
    const ok = await staff.post(`${BASE}/alert-receivers`, {
      receivers: 'Ops@Example.com\nowner@example.com ops@example.com',
    });
    assert.equal(ok.status, 303);
    assert.deepEqual(await t.lockyard.services.addons.alertReceivers(await t.ctx(t.a.id)), [
      'ops@example.com',
      'owner@example.com',
    ]);
    assert.match((await staff.get(BASE)).body, /value="ops@example.com, owner@example.com"/);
    assert.equal((await staff.post(`${BASE}/alert-receivers`, { receivers: '' })).status, 303);
    assert.deepEqual(await t.lockyard.services.addons.alertReceivers(await t.ctx(t.a.id)), []);
  });

  test('Settings → Custom fields: the operator defines a unit field; the unit page shows and saves it', async () => {
    const dup = await staff.post('/backoffice/settings/custom-fields', {
      model: 'unitRental',
      code: 'gk_pin',
      title: 'Again',
      type: 'string',
      owner_acl: 'none',
    });
    assert.equal(dup.status, 409);
    assert.match(dup.body, /already defined/);
    const bad = await staff.post('/backoffice/settings/custom-fields', { model: 'unit', code: '9bad', type: 'string' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /value="9bad"/);
    const ok = await staff.post('/backoffice/settings/custom-fields', {
      model: 'unit',
      code: 'bay',
      title: 'Loading bay',
      type: 'choice',
      choices: 'A, B',
      owner_acl: 'none',
    });
    assert.equal(ok.status, 303, ok.body);
    const settings = await staff.get(ok.location!);
    assert.match(settings.body, /data-field="unit.bay"/);
    assert.match(settings.body, /data-field="unitRental.gk_pin"[\s\S]*?Gatekeeper/);

    const unit = (await t.get('/2025-09/units?limit=1', { token: t.a.token })).body.units[0];
    const page = await staff.get(`/backoffice/units/${unit.id}`);
    assert.match(page.body, /id="custom-fields-unit"/);
    assert.match(page.body, /Loading bay/);
    const saved = await staff.post(`/backoffice/custom-fields/unit/${unit.id}`, {
      'cf.bay': 'B',
      return_to: `/backoffice/units/${unit.id}`,
    });
    assert.equal(saved.status, 303, saved.body);
    assert.equal(saved.location, `/backoffice/units/${unit.id}?done=custom-fields#custom-fields-unit`);
    assert.match((await staff.get(`/backoffice/units/${unit.id}`)).body, /<option value="B" selected>/);
    const refused = await staff.post(`/backoffice/custom-fields/unit/${unit.id}`, {
      'cf.bay': 'Z',
      return_to: `/backoffice/units/${unit.id}`,
    });
    assert.equal(refused.status, 422);
    assert.match(refused.body, /must be one of A, B/);
    // The contact page includes the same panel for the contact's fields.
    const contact = (await t.get('/2025-09/contacts?limit=1', { token: t.a.token })).body.contacts[0];
    const contactPage = await staff.get(`/backoffice/contacts/${contact.id}`);
    assert.equal(contactPage.status, 200);
    assert.match(contactPage.body, /id="custom-fields-user"/);
    // Another operator's unit is not found.
    const theirs = (await t.get('/2025-09/units?limit=1', { token: t.b.token })).body.units[0];
    assert.equal(
      (await staff.post(`/backoffice/custom-fields/unit/${theirs.id}`, { 'cf.bay': 'A', return_to: '/backoffice' }))
        .status,
      404,
    );
  });

  test('addon.dailyEvent.started: at each local midnight of the operator clock, to enabled subscribers', async () => {
    const addons = t.lockyard.services.addons;
    const ctx = await t.ctx(t.a.id);
    const def = await addons.createDefinition({
      name: 'Nightly Sync',
      description: 'x',
      setupInstructions: 'x',
      level: 'operator',
      webhookUrl: hookUrl,
      events: ['addon.dailyEvent.started', 'job.unit_transfer.completed'],
    });
    const { install } = await addons.install(ctx, { definitionId: def.id });
    await addons.setState(ctx, install.id, 'enabled');
    answer = 200;
    const daily = () =>
      received
        .map((b) => JSON.parse(b))
        .filter((b) => b.type === 'addon.dailyEvent.started' && b.addonId === install.id);
    const now = new Date((await t.get('/sandbox/clock', { token: t.a.token })).body.clock.now);
    const tz = ctx.operator.timezone;
    for (const days of [1, 2]) {
      const to = new Date(now.getTime() + days * 86_400_000 + 60_000);
      const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token: t.a.token });
      assert.equal(res.status, 200, res.text);
      // The clock move runs what fell due; a job another worker holds settles a moment later.
      for (let i = 0; i < 100 && daily().length < days; i++) {
        await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(daily().length, days);
      // The date is the operator's local date the day began on.
      assert.equal(daily().at(-1).data.date, new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(to));
    }
    await addons.setState(ctx, install.id, 'paused');
  });

  test('uninstall: the key stops working, the install is gone from the list', async () => {
    const r = await staff.post(`${BASE}/${addonId}/uninstall`);
    assert.equal(r.status, 303);
    const list = await staff.get(r.location!);
    assert.match(list.body, /was uninstalled/);
    assert.ok(!list.body.includes(`data-addon-id="${addonId}"`));
    assert.equal((await staff.get(`${BASE}/${addonId}`)).status, 404);
  });
});
