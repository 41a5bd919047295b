import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { AccessControlProvider } from '../../src/domain/access-control/access-grant.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const PASSWORD = 'correct horse battery staple';

/** Settings → Access control (the per-operator provider of migration 0028) and a new site's tax rates. */
describe('back office: access-control provider setting; new sites start from the operator’s tax rates', () => {
  let t: TestApp;
  let owner: BackofficeSession;
  const quiet: AccessControlProvider = {
    name: 'gatekeeper',
    grant: async () => ({ code: '123456' }),
    restrict: async () => {},
    revoke: async () => {},
  };

  before(async () => {
    t = await createTestApp({ accessProviders: [quiet] });
    const demo = t.creds as unknown as DemoLoginCredentials;
    owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get('/backoffice/settings');
    assert.equal((await owner.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
  });
  after(() => t.close());

  test('the form lists the registered providers, refuses another name and saves a registered one', async () => {
    const page = await owner.get('/backoffice/settings/access-control');
    assert.equal(page.status, 200);
    assert.match(page.body, /<option value="simulated" selected>/);
    assert.match(page.body, /<option value="gatekeeper">gatekeeper<\/option>/);

    const bad = await owner.post('/backoffice/settings/access-control', { provider: 'no-such-lock' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Provider must be one of: simulated, gatekeeper/);
    const ctx = await t.ctx(t.a.id);
    assert.equal(await t.lockyard.services.accessControl.providerName(ctx), 'simulated');

    const ok = await owner.post('/backoffice/settings/access-control', { provider: 'gatekeeper' });
    assert.equal(ok.status, 303);
    assert.equal(await t.lockyard.services.accessControl.providerName(ctx), 'gatekeeper');
    const after = await owner.get(ok.location!);
    assert.match(after.body, /Access-control provider saved/);
    assert.match(after.body, /<option value="gatekeeper" selected>/);
    // The other operator keeps its own choice.
    assert.equal(await t.lockyard.services.accessControl.providerName(await t.ctx(t.b.id)), 'simulated');
  });

  test('staff may not open or change it', async () => {
    await t.lockyard.services.team.add(t.a.id, {
      email: 'desk@access.example.com',
      name: 'Desk',
      role: 'staff',
      password: PASSWORD,
    });
    const staff = new BackofficeSession(t.lockyard.app, '10.0.0.9');
    assert.equal((await staff.signIn('desk@access.example.com', PASSWORD)).status, 303);
    assert.equal((await staff.get('/backoffice/settings/access-control')).status, 403);
    await staff.get('/backoffice/units');
    assert.equal((await staff.post('/backoffice/settings/access-control', { provider: 'simulated' })).status, 403);
    assert.equal(await t.lockyard.services.accessControl.providerName(await t.ctx(t.a.id)), 'gatekeeper');
  });

  test('a site created after the tax rates were set is taxed at them', async () => {
    const ctx = await t.ctx(t.a.id);
    await t.lockyard.services.operators.update(ctx, {
      name: ctx.operator.name,
      timezone: ctx.operator.timezone,
      country: ctx.operator.countryAlpha2,
      currency: ctx.operator.currency,
      taxRates: { unit_type: '20', protection: '', product: '5' },
    });
    const site = await t.lockyard.services.sites.create(await t.ctx(t.a.id), {
      name: 'Taxed Newtown',
      address: { line_1: '1 High Street', line_2: null, city: 'Newtown', postal_code: 'NT1 1AA' },
      timezone: 'Europe/London',
    });
    assert.deepEqual(site.taxRates, { unit_type: 2000, product: 500 });
    const [stored] = await t.lockyard.services.sites.findMany(ctx, [site.id]);
    assert.deepEqual(stored.taxRates, { unit_type: 2000, product: 500 });
    // Another operator's rates are not this one's.
    const other = await t.lockyard.services.sites.create(await t.ctx(t.b.id), {
      name: 'Harbour Annex',
      address: { line_1: '2 Quay', line_2: null, city: 'Port', postal_code: 'P1 1AA' },
      timezone: 'Europe/London',
    });
    assert.deepEqual(other.taxRates, await t.lockyard.services.operators.taxRates(await t.ctx(t.b.id)));
  });
});
