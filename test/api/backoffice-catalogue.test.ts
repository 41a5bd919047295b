import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { demoStaffOn, type BackofficeSession } from '../harness/backoffice-session.ts';

/**
 * Back office → Catalogue: each form goes through the domain service the API and the CLI use, so each action emits
 * its event (checked in the events table) and refuses with the API's message; staff may look but not change.
 */
describe('back office: catalogue', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let token: string;
  let events: (type: string, id: string) => Promise<number>;
  const db = () => t.lockyard.database.db;
  const idFrom = (location: string | undefined, kind: string) =>
    location!.match(new RegExp(`^/backoffice/catalogue/${kind}/([a-z]+_[0-9a-f]+)\\?done=`))![1];
  const setRole = (role: string) =>
    sql`UPDATE staff_memberships SET role = ${role} WHERE operator_id = ${t.a.id}`.execute(db());
  /** Runs `check` with the demo login holding `role` on operator A, then gives the owner role back. */
  const asRole = async (role: string, check: () => Promise<void>) => {
    await setRole(role);
    try {
      await check();
    } finally {
      await setRole('owner');
    }
  };
  let site: { id: string; name: string };

  before(async () => {
    t = await createTestApp();
    token = t.a.token;
    ({ staff, emitted: events } = await demoStaffOn(t, t.a.id));
    site = (await t.get('/2025-09/sites?limit=1', { token })).body.sites[0];
  });
  after(() => t.close());

  test('any role sees the catalogue; staff are refused every change with 403 and nothing is written', async () => {
    await asRole('staff', async () => {
      const page = await staff.get('/backoffice/catalogue');
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(site.name));
      assert.ok(!page.body.includes('id="create-unit-types"'), 'no create forms for staff');
      assert.ok(page.body.includes('needs the manager role'));
      const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_types`.execute(db())).rows[0].n;
      const refused = await staff.post('/backoffice/catalogue/unit-types', { site_id: site.id, name: 'Staff try' });
      assert.equal(refused.status, 403);
      assert.ok(refused.body.includes('needs the manager role or higher; you are signed in as staff'));
      const ut = (await t.get('/2025-09/unit_types?limit=1', { token })).body.unit_types[0];
      assert.equal((await staff.post(`/backoffice/catalogue/unit-types/${ut.id}`, { name: 'x' })).status, 403);
      assert.equal(
        (await staff.post(`/backoffice/catalogue/unit-types/${ut.id}/prices`, { monthly: '1.00' })).status,
        403,
      );
      assert.equal((await staff.post('/backoffice/catalogue/coupons', { name: 'x' })).status, 403);
      const after = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_types`.execute(db())).rows[0].n;
      assert.equal(after, before);
      assert.equal((await staff.get(`/backoffice/catalogue/unit-types/${ut.id}`)).status, 200);
    });
    await asRole('manager', async () => {
      assert.ok((await staff.get('/backoffice/catalogue')).body.includes('id="create-unit-types"'));
    });
  });

  let unitTypeId: string;

  test('unit type: create (unit_type.created), a refusal keeps the input, edit, base prices (unit_type.updated)', async () => {
    const forged = await staff.post('/backoffice/catalogue/unit-types', {
      _csrf: 'forged',
      site_id: site.id,
      name: 'X',
    });
    assert.equal(forged.status, 403);

    const bad = await staff.post('/backoffice/catalogue/unit-types', {
      site_id: site.id,
      name: 'Wine locker',
      size_description: 'a cellar cupboard',
      security_deposit: '-5',
    });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.includes('value at `/security_deposit` must be &gt;= 0'));
    assert.ok(bad.body.includes('value="a cellar cupboard"'), 'what was typed stays');
    assert.ok(bad.body.includes('aria-invalid="true" aria-describedby="f-security_deposit-error"'));

    const blank = await staff.post('/backoffice/catalogue/unit-types', { site_id: site.id, name: '  ' });
    assert.equal(blank.status, 422);
    assert.ok(blank.body.includes('value at `/name` must not be blank'));

    const created = await staff.post('/backoffice/catalogue/unit-types', {
      site_id: site.id,
      name: 'Wine locker',
      size_description: 'a cellar cupboard',
      width: '2',
      length: '3',
      height: '2',
      measurement_unit: 'ft',
      status: 'bookable',
      monthly: '19.50',
    });
    assert.equal(created.status, 303);
    unitTypeId = idFrom(created.location, 'unit-types');
    assert.equal(await events('unit_type.created', unitTypeId), 1);
    const api = (await t.get(`/2025-09/unit_types/${unitTypeId}`, { token })).body.unit_type;
    assert.equal(api.name, 'Wine locker');
    assert.equal(api.prices.find((p: { billing_period: string }) => p.billing_period === 'monthly').price.amount, 1950);
    assert.ok((await staff.get(created.location!)).body.includes('Created.'));

    const coupon = (await t.get('/2025-09/coupons?limit=1', { token })).body.coupons[0];
    const edited = await staff.post(`/backoffice/catalogue/unit-types/${unitTypeId}`, {
      name: 'Wine locker XL',
      slug: 'wine-locker-xl',
      size_description: 'a bigger cupboard',
      width: '3',
      length: '3',
      height: '2',
      measurement_unit: 'ft',
      status: 'not_bookable',
      security_deposit: '25.00',
      promotion_id: coupon.id,
    });
    assert.equal(edited.status, 303);
    const after = (await t.get(`/2025-09/unit_types/${unitTypeId}`, { token })).body.unit_type;
    assert.equal(after.name, 'Wine locker XL');
    assert.equal(after.status, 'not_bookable');
    assert.equal(after.security_deposit.amount, 2500);
    assert.equal(after.require_security_deposit, true);
    assert.equal(after.promotion.id, coupon.id);
    assert.equal(await events('unit_type.updated', unitTypeId), 1);

    const noPrices = await staff.post(`/backoffice/catalogue/unit-types/${unitTypeId}/prices`, { monthly: '' });
    assert.equal(noPrices.status, 422);
    assert.ok(noPrices.body.includes('must NOT have fewer than 1 properties'));
    const prices = await staff.post(`/backoffice/catalogue/unit-types/${unitTypeId}/prices`, {
      monthly: '21.00',
      weekly: '6',
    });
    assert.equal(prices.status, 303);
    const priced = (await t.get(`/2025-09/unit_types/${unitTypeId}`, { token })).body.unit_type.prices;
    const amount = (period: string) =>
      priced.find((p: { billing_period: string }) => p.billing_period === period).price.amount;
    assert.equal(amount('monthly'), 2100);
    assert.equal(amount('weekly'), 600);
    assert.equal(await events('unit_type.updated', unitTypeId), 2);
  });

  test('unit: create (unit.created), duplicate reference refused as the API words it, edit (unit.updated)', async () => {
    const created = await staff.post('/backoffice/catalogue/units', { unit_type_id: unitTypeId, reference_id: 'W-01' });
    assert.equal(created.status, 303);
    const unitId = idFrom(created.location, 'units');
    assert.equal(await events('unit.created', unitId), 1);
    assert.equal((await t.get(`/2025-09/units/${unitId}`, { token })).body.unit.status, 'available');

    const dup = await staff.post('/backoffice/catalogue/units', { unit_type_id: unitTypeId, reference_id: 'w-01' });
    assert.equal(dup.status, 422);
    assert.ok(dup.body.includes(`value at \`/reference_id\` is already unit &#39;${unitId}&#39; at this site`));
    assert.ok(dup.body.includes('value="w-01"'));

    const edited = await staff.post(`/backoffice/catalogue/units/${unitId}`, {
      reference_id: 'W-02',
      unit_type_id: unitTypeId,
    });
    assert.equal(edited.status, 303);
    assert.equal((await t.get(`/2025-09/units/${unitId}`, { token })).body.unit.reference_id, 'W-02');
    assert.equal(await events('unit.updated', unitId), 1);
  });

  test('coupons: create (coupon.created) with the API’s refusals, edit (coupon.updated)', async () => {
    const bad = await staff.post('/backoffice/catalogue/coupons', {
      name: 'Spring',
      type: 'percentage',
      percent: '150',
      duration: 'once',
    });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.includes('value at `/percent` must be more than 0 and at most 100 for a percentage coupon'));
    const created = await staff.post('/backoffice/catalogue/coupons', {
      name: 'Spring',
      code: 'SPRING25',
      type: 'percentage',
      percent: '25',
      duration: 'repeating',
      months: '3',
      public: 'on',
    });
    assert.equal(created.status, 303);
    const id = idFrom(created.location, 'coupons');
    assert.equal(await events('coupon.created', id), 1);
    const edited = await staff.post(`/backoffice/catalogue/coupons/${id}`, {
      name: 'Spring sale',
      code: 'SPRING25',
      max_redemptions: '10',
    });
    assert.equal(edited.status, 303);
    const api = (await t.get(`/2025-09/coupons/${id}`, { token })).body.coupon;
    assert.equal(api.name, 'Spring sale');
    assert.equal(api.max_redemptions, 10);
    assert.equal(api.public, false);
    assert.equal(await events('coupon.updated', id), 1);
  });

  test('protection levels: create (protection_level.created), edit and prices (protection_level.updated)', async () => {
    const created = await staff.post('/backoffice/catalogue/protection-levels', {
      cover_level: '7500',
      public: 'on',
      monthly: '9.99',
    });
    assert.equal(created.status, 303);
    const id = idFrom(created.location, 'protection-levels');
    assert.equal(await events('protection_level.created', id), 1);
    const bad = await staff.post(`/backoffice/catalogue/protection-levels/${id}`, { cover_level: '0' });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.includes('value at `/cover_level` must be a positive integer (minor units)'));
    assert.equal(
      (await staff.post(`/backoffice/catalogue/protection-levels/${id}`, { cover_level: '8000' })).status,
      303,
    );
    assert.equal(
      (await staff.post(`/backoffice/catalogue/protection-levels/${id}/prices`, { monthly: '11' })).status,
      303,
    );
    const api = (await t.get(`/2025-09/protection_levels/${id}`, { token })).body.protection_level;
    assert.equal(api.cover_level.amount, 800000);
    assert.equal(api.public, false);
    assert.equal(await events('protection_level.updated', id), 2);
  });

  test('sites and products: create and edit, seen by the API', async () => {
    const bad = await staff.post('/backoffice/catalogue/sites', {
      name: 'Acme Bristol',
      timezone: 'Mars/Olympus',
      address_line_1: '1 Quay St',
      address_city: 'Bristol',
      address_postal_code: 'BS1 4DJ',
    });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.includes('value at `/timezone` must be an IANA time zone'));
    assert.ok(bad.body.includes('value="1 Quay St"'));
    const created = await staff.post('/backoffice/catalogue/sites', {
      name: 'Acme Bristol',
      timezone: 'Europe/London',
      address_line_1: '1 Quay St',
      address_city: 'Bristol',
      address_postal_code: 'BS1 4DJ',
      phone: '+44 117 000 0000',
    });
    assert.equal(created.status, 303);
    const siteId = idFrom(created.location, 'sites');
    const edited = await staff.post(`/backoffice/catalogue/sites/${siteId}`, {
      name: 'Acme Bristol Harbour',
      slug: 'acme-bristol-harbour',
      timezone: 'Europe/London',
      address_line_1: '1 Quay St',
      address_city: 'Bristol',
      address_postal_code: 'BS1 4DJ',
    });
    assert.equal(edited.status, 303);
    const api = (await t.get(`/2025-09/sites/${siteId}`, { token })).body.site;
    assert.equal(api.name, 'Acme Bristol Harbour');
    assert.equal(api.address.city, 'Bristol');

    const product = await staff.post('/backoffice/catalogue/products', {
      site_id: siteId,
      name: 'Padlock',
      charge_type: 'one_time',
      price: '12.00',
      sku: 'LOCK-1',
    });
    assert.equal(product.status, 303);
    const productId = idFrom(product.location, 'products');
    assert.equal(
      (await staff.post(`/backoffice/catalogue/products/${productId}`, { name: 'Disc padlock' })).status,
      303,
    );
    assert.equal(
      (await staff.post(`/backoffice/catalogue/products/${productId}/prices`, { one_time: '14.50' })).status,
      303,
    );
    const p = (await t.get(`/2025-09/products/${productId}`, { token })).body.product;
    assert.equal(p.name, 'Disc padlock');
    assert.equal(p.prices[0].price.amount, 1450);
    const unknown = await staff.get('/backoffice/catalogue/widgets/x');
    assert.equal(unknown.status, 404);
  });
});
