import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const PASSWORD = 'correct horse battery staple';

/**
 * Staff roles in the back office (docs/decisions/staff-roles.md): every POST checks the role on the server, and a
 * page offers no button or menu link for what the role may not do. One rule, one assertion each.
 */
describe('back office: roles, Settings → Operator, Billing and Staff', () => {
  let t: TestApp;
  let owner: BackofficeSession;
  let manager: BackofficeSession;
  let staff: BackofficeSession;
  let ownerUserId: string;

  const as = async (email: string, role: 'manager' | 'staff') => {
    await t.lockyard.services.team.add(t.a.id, { email, name: `A ${role}`, role, password: PASSWORD });
    const s = new BackofficeSession(t.lockyard.app, `10.0.0.${role === 'staff' ? 2 : 3}`);
    assert.equal((await s.signIn(email, PASSWORD)).status, 303);
    return s;
  };

  before(async () => {
    t = await createTestApp();
    const demo = t.creds as unknown as DemoLoginCredentials;
    owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get('/backoffice/settings');
    assert.equal((await owner.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
    ownerUserId = (await t.lockyard.services.staffLogins.findByEmail(demo.staff_login.email))!.id;
    manager = await as('manager@roles.example.com', 'manager');
    staff = await as('staff@roles.example.com', 'staff');
  });
  after(() => t.close());

  test('staff: no Settings or Developers link, and 403 on every manager page and action', async () => {
    const units = await staff.get('/backoffice/units');
    assert.equal(units.status, 200);
    assert.doesNotMatch(units.body, /href="\/backoffice\/settings"/);
    assert.doesNotMatch(units.body, /href="\/backoffice\/developers"/);
    assert.match(units.body, /href="\/backoffice\/units"/);

    for (const url of ['/backoffice/settings', '/backoffice/settings/public-api', '/backoffice/settings/operator'])
      assert.equal((await staff.get(url)).status, 403, url);
    const token = await staff.post('/backoffice/settings/public-api/tokens', {
      name: 'sneaky',
      scopes: 'public.unit:read',
      expires_in: '30',
    });
    assert.equal(token.status, 403);
    assert.match(token.body, /needs the manager role or higher; you are signed in as staff/);
    assert.equal((await staff.post('/backoffice/settings/public-api/applications', { name: 'x' })).status, 403);
    assert.equal((await staff.post('/backoffice/settings/operator', { name: 'Taken over' })).status, 403);
    assert.equal((await staff.post('/backoffice/settings/billing', { dunning_retry_days: '1' })).status, 403);
    assert.equal((await staff.post('/backoffice/settings/staff', { email: 'x@y.example.com' })).status, 403);
    assert.equal((await t.lockyard.services.operators.list()).find((o) => o.id === t.a.id)!.name, 'Acme Self Storage');
  });

  test('staff: day-to-day unit actions are allowed', async () => {
    const unit = (await t.get('/2025-09/units?status=available&limit=1', { token: t.a.token })).body.units[0];
    await staff.get(`/backoffice/units/${unit.id}`);
    const res = await staff.post(`/backoffice/units/${unit.id}/unavailable`);
    assert.equal(res.status, 303);
    assert.equal((await staff.post(`/backoffice/units/${unit.id}/available`)).status, 303);
  });

  test('manager: settings yes, staff management no (no link, 403)', async () => {
    const index = await manager.get('/backoffice/settings');
    assert.equal(index.status, 200);
    assert.match(index.body, /href="\/backoffice\/settings\/public-api"/);
    assert.doesNotMatch(index.body, /href="\/backoffice\/settings\/staff"/);
    assert.equal((await manager.get('/backoffice/settings/staff')).status, 403);
    assert.equal((await manager.get('/backoffice/settings/public-api')).status, 200);
  });

  test('Settings → Operator: the domain’s messages by each field, what was typed kept; a valid save applies tax to sites', async () => {
    await manager.get('/backoffice/settings/operator');
    const bad = await manager.post('/backoffice/settings/operator', {
      name: 'Acme Storage Ltd',
      time_zone: 'Mars/Olympus',
      country: 'ZZ',
      currency: 'GBP',
      tax_rates_unit_type: '120',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Time zone must be an IANA time zone such as Europe\/London/);
    assert.match(bad.body, /Country must be an ISO 3166-1 alpha-2 country code/);
    assert.match(bad.body, /Storage \(%\) must be a percentage from 0 to 100/);
    assert.match(bad.body, /value="Acme Storage Ltd"/);
    assert.match(bad.body, /value="Mars\/Olympus"/);

    const ok = await manager.post('/backoffice/settings/operator', {
      name: 'Acme Self Storage',
      time_zone: 'Europe/London',
      country: 'GB',
      currency: 'GBP',
      tax_rates_unit_type: '17.5',
      tax_rates_protection: '',
      tax_rates_product: '20',
    });
    assert.equal(ok.status, 303);
    const site = (await t.get('/2025-09/sites?limit=1', { token: t.a.token })).body.sites[0];
    const ctx = await t.lockyard.services.contexts.contextFor(t.a.id, { kind: 'system' } as never);
    assert.deepEqual(await t.lockyard.services.operators.taxRates(ctx), { unit_type: 1750, product: 2000 });
    const [stored] = await t.lockyard.services.sites.findMany(ctx, [site.id]);
    assert.deepEqual(stored.taxRates, { unit_type: 1750, product: 2000 });
    const page = await manager.get('/backoffice/settings/operator?done=operator');
    assert.match(page.body, /Operator settings saved/);
    assert.match(page.body, /value="17.5"/);
  });

  test('Settings → Operator: the currency is fixed once invoices exist (the seed issued some)', async () => {
    const page = await manager.get('/backoffice/settings/operator');
    assert.match(page.body, /Fixed: invoices were already issued/);
    const res = await manager.post('/backoffice/settings/operator', {
      name: 'Acme Self Storage',
      time_zone: 'Europe/London',
      country: 'GB',
      currency: 'EUR',
    });
    assert.equal(res.status, 422);
    assert.match(res.body, /The currency stays GBP/);
  });

  test('Settings → Billing: retry schedule, overlock, automation; bad input re-shown with the message', async () => {
    await manager.get('/backoffice/settings/billing');
    const bad = await manager.post('/backoffice/settings/billing', {
      dunning_retry_days: '5, 3',
      overlock_after_days: 'soon',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Retry after \(days\) must be in increasing order/);
    assert.match(bad.body, /Overlock after \(days\) must be whole days from 1 to 365, or blank for never/);
    assert.match(bad.body, /value="5, 3"/);
    const ok = await manager.post('/backoffice/settings/billing', {
      dunning_retry_days: '2, 4, 8, 16',
      overlock_after_days: '',
      auto_reservation: 'on',
    });
    assert.equal(ok.status, 303);
    const ctx = await t.lockyard.services.contexts.contextFor(t.a.id, { kind: 'system' } as never);
    assert.deepEqual(await t.lockyard.services.operators.lifecycleSettings(ctx), {
      autoReservation: true,
      autoDeallocation: false,
      dunningRetryDays: [2, 4, 8, 16],
      overlockAfterDays: null,
    });
  });

  test('Settings → Staff (owner): add with a generated password, change a role, remove; never the last owner', async () => {
    await owner.get('/backoffice/settings/staff');
    const bad = await owner.post('/backoffice/settings/staff', { name: '', email: 'nope', role: 'boss' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Email is not an email address/);
    assert.match(bad.body, /Role must be one of owner, manager, staff/);

    const added = await owner.post('/backoffice/settings/staff', {
      name: 'New Hire',
      email: 'new.hire@roles.example.com',
      role: 'staff',
      password: '',
    });
    assert.equal(added.status, 200);
    const password = added.body.match(/data-field="Password">([^<]+)</)![1];
    const hire = new BackofficeSession(t.lockyard.app, '10.0.0.9');
    assert.equal((await hire.signIn('new.hire@roles.example.com', password)).status, 303);
    const members = await t.lockyard.services.team.list(t.a.id);
    const hireId = members.find((m) => m.email === 'new.hire@roles.example.com')!.userId;

    assert.equal((await owner.post(`/backoffice/settings/staff/${hireId}/role`, { role: 'manager' })).status, 303);
    assert.equal((await hire.get('/backoffice/settings/public-api')).status, 200, 'the new role applies at once');

    const last = await owner.post(`/backoffice/settings/staff/${ownerUserId}/role`, { role: 'manager' });
    assert.equal(last.status, 409);
    assert.match(last.body, /An operator needs at least one owner/);
    assert.equal((await owner.post(`/backoffice/settings/staff/${ownerUserId}/remove`)).status, 409);

    assert.equal((await owner.post(`/backoffice/settings/staff/${hireId}/remove`)).status, 303);
    assert.equal((await hire.get('/backoffice/units')).status, 303, 'no operator left: signed out');
  });

  test('consent: a staff member cannot connect a partner application to the operator', async () => {
    const res = await staff.post('/oauth2/authorize', { decision: 'approve', operator_id: t.a.id });
    assert.notEqual(res.status, 303);
  });
});
