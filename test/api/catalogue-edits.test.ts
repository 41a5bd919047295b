import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { ADMIN_OPERATIONS } from '../../src/admin/operations/index.ts';
import { DomainError } from '../../src/kernel/errors.ts';

/**
 * The operator's catalogue and billing edits (docs/decisions/catalogue-edits.md), through the admin operations the
 * CLI runs: what they write, the events they emit as the show endpoints render, and every refusal their rules
 * imply, including another operator's ids.
 */
describe(`catalogue and billing edits (${STORE})`, () => {
  let t: TestApp;
  let siteId: string;
  let otherSiteId: string;

  const run = async (name: string, input: Record<string, unknown>, operator = t.a.id) =>
    (await ADMIN_OPERATIONS[name](t.lockyard, { operator, ...input }, { dataDir: '' })).data as { id: string };
  /** The operation fails with this Stora error code (and, for invalid_content, this pointer). */
  const refused = async (name: string, input: Record<string, unknown>, code: string, pointer?: string) => {
    await assert.rejects(run(name, input), (err: unknown) => {
      assert.ok(err instanceof DomainError, String(err));
      assert.equal(err.code, code, err.message);
      if (pointer)
        assert.ok(
          err.details.some((d) => d.pointer === pointer),
          `${pointer} in ${JSON.stringify(err.details)}`,
        );
      return true;
    });
  };
  const lastEvent = async (type: string, key: string, id: string) =>
    (await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type, limit: 20 })).find(
      (r: any) => r.payload.event.data[key].id === id,
    )?.payload as any;

  before(async () => {
    t = await createTestApp();
    const sites = (await t.get('/2025-09/sites?limit=2')).body.sites;
    siteId = sites[0].id;
    otherSiteId = sites[1].id;
  });
  after(() => t.close());

  test('unit types: created with prices and deposit, edited; events as shown; refusals', async () => {
    const { id } = await run('unit-types.create', {
      site_id: siteId,
      name: 'Edit Test 40 sq ft',
      monthly: 6900,
      security_deposit: 2500,
    });
    const shown = (await t.get(`/2025-09/unit_types/${id}`)).body.unit_type;
    assert.equal(shown.slug, 'edit-test-40-sq-ft');
    assert.equal(shown.status, 'bookable');
    assert.equal(shown.require_security_deposit, true);
    assert.equal(shown.prices.find((p: any) => p.billing_period === 'monthly').price.amount, 6900);
    assert.deepEqual((await lastEvent('unit_type.created', 'unit_type', id)).event.data.unit_type, shown);

    await run('unit-types.update', { unit_type_id: id, status: 'not_bookable', security_deposit: null });
    const edited = (await t.get(`/2025-09/unit_types/${id}`)).body.unit_type;
    assert.deepEqual([edited.status, edited.require_security_deposit], ['not_bookable', false]);
    assert.deepEqual((await lastEvent('unit_type.updated', 'unit_type', id)).event.data.unit_type, edited);

    await refused('unit-types.create', { site_id: 'site_0000000000000000', name: 'x' }, 'invalid_content', '/site_id');
    await refused('unit-types.create', { site_id: siteId, name: '   ' }, 'invalid_content', '/name');
    await refused('unit-types.update', { unit_type_id: id, status: 'sold' }, 'invalid_content', '/status');
    await refused('unit-types.update', { unit_type_id: id, slug: 'Not A Slug' }, 'invalid_content', '/slug');
    await refused(
      'unit-types.update',
      { unit_type_id: id, security_deposit: 0 },
      'invalid_content',
      '/security_deposit',
    );
    // The back office's form may ask for a deposit without giving its amount (the deposit was removed above).
    await assert.rejects(
      t.lockyard.services.unitTypes.update(await t.ctx(), id, { requireSecurityDeposit: true }),
      (e: any) => e.code === 'invalid_content' && e.details[0].pointer === '/security_deposit',
    );
    await assert.rejects(
      run('unit-types.update', { unit_type_id: id, name: 'theirs' }, t.b.id),
      (e: any) => e.code === 'resource_not_found',
      "another operator's unit type is not found",
    );
  });

  test('units: reference unique per site, type only at the same site and while unallocated', async () => {
    const types = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types;
    const here = types.filter((u: any) => u.site.id === siteId);
    const there = types.find((u: any) => u.site.id === otherSiteId);
    const { id } = await run('units.create', { unit_type_id: here[0].id, reference_id: 'EDIT-1' });
    const unit = (await t.get(`/2025-09/units/${id}`)).body.unit;
    assert.deepEqual([unit.status, unit.reference_id, unit.site.id], ['available', 'EDIT-1', siteId]);
    assert.deepEqual((await lastEvent('unit.created', 'unit', id)).event.data.unit, unit);

    await refused(
      'units.create',
      { unit_type_id: here[0].id, reference_id: 'edit-1' },
      'invalid_content',
      '/reference_id',
    );
    await refused('units.update', { unit_id: id, new_unit_type_id: there.id }, 'invalid_content', '/unit_type_id');
    await run('units.update', { unit_id: id, new_unit_type_id: here[1].id, reference_id: 'EDIT-2' });
    const moved = (await t.get(`/2025-09/units/${id}`)).body.unit;
    assert.deepEqual([moved.unit_type.id, moved.reference_id], [here[1].id, 'EDIT-2']);
    assert.deepEqual((await lastEvent('unit.updated', 'unit', id)).event.data.unit, moved);

    const held = (await t.get('/2025-09/units?status=reserved&limit=1')).body.units[0];
    const sameSiteType = types.find((u: any) => u.site.id === held.site.id && u.id !== held.unit_type.id);
    await refused('units.update', { unit_id: held.id, new_unit_type_id: sameSiteType.id }, 'conflict');
    await refused('units.repossess', { unit_id: id }, 'conflict');
    await refused(
      'units.create',
      { unit_type_id: 'utype_0000000000000000', reference_id: 'X' },
      'invalid_content',
      '/unit_type_id',
    );
  });

  test('protection levels and coupons: created, edited, refused', async () => {
    const { id } = await run('protection-levels.create', { cover_level: 100_000, monthly: 300, public: false });
    const level = (await t.get(`/2025-09/protection_levels/${id}`)).body.protection_level;
    assert.equal(level.public, false);
    assert.deepEqual(
      (await lastEvent('protection_level.created', 'protection_level', id)).event.data.protection_level,
      level,
    );
    await run('protection-levels.update', { protection_level_id: id, cover_level: 200_000 });
    assert.equal((await t.get(`/2025-09/protection_levels/${id}`)).body.protection_level.cover_level.amount, 200_000);
    await refused('protection-levels.create', { cover_level: 0 }, 'invalid_content', '/cover_level');

    const c = await run('coupons.create', {
      name: 'Five off',
      amount: 500,
      duration: 'repeating',
      months: 3,
      code: 'FIVE',
    });
    const coupon = (await t.get(`/2025-09/coupons/${c.id}`)).body.coupon;
    assert.deepEqual([coupon.type, coupon.amount.amount, coupon.months, coupon.code], ['amount', 500, 3, 'FIVE']);
    assert.deepEqual((await lastEvent('coupon.created', 'coupon', c.id)).event.data.coupon, coupon);
    await refused('coupons.create', { name: 'dup', percent: 5, code: 'five' }, 'invalid_content', '/code');
    await refused('coupons.create', { name: 'too much', percent: 150 }, 'invalid_content', '/percent');
    await refused(
      'coupons.create',
      { name: 'no months', percent: 5, duration: 'repeating' },
      'invalid_content',
      '/months',
    );
    await run('coupons.update', { coupon_id: c.id, title: '£5 off for 3 months', max_redemptions: 10 });
    const edited = (await t.get(`/2025-09/coupons/${c.id}`)).body.coupon;
    assert.deepEqual([edited.title, edited.max_redemptions], ['£5 off for 3 months', 10]);
    assert.deepEqual((await lastEvent('coupon.updated', 'coupon', c.id)).event.data.coupon, edited);
  });

  test('invoices and credit notes: purchase order number; void once, the invoice’s credit total drops back', async () => {
    const inv = (await t.get('/2025-09/invoices?limit=1')).body.invoices[0];
    await run('invoices.update', { invoice_id: inv.id, purchase_order_number: 'PO-9' });
    const shown = (await t.get(`/2025-09/invoices/${inv.id}`)).body.invoice;
    assert.equal(shown.purchase_order_number, 'PO-9');
    assert.deepEqual((await lastEvent('invoice.updated', 'invoice', inv.id)).event.data.invoice, shown);

    const credit = (await t.get('/2025-09/credit_notes?limit=100')).body.credit_notes.find(
      (c: any) => c.status === 'issued',
    );
    assert.ok(credit, 'the demo has an issued credit note');
    const before = (await t.get(`/2025-09/invoices/${credit.invoice.id}`)).body.invoice;
    await run('credit-notes.void', { credit_note_id: credit.id });
    const voided = (await t.get(`/2025-09/credit_notes/${credit.id}`)).body.credit_note;
    assert.equal(voided.status, 'void');
    assert.deepEqual((await lastEvent('credit_note.updated', 'credit_note', credit.id)).event.data.credit_note, voided);
    const after = (await t.get(`/2025-09/invoices/${credit.invoice.id}`)).body.invoice;
    const kind = credit.type === 'pre_payment' ? 'pre_payment_credit_notes_amount' : 'post_payment_credit_notes_amount';
    assert.equal(after[kind].amount, before[kind].amount - credit.total.amount);
    assert.deepEqual((await lastEvent('invoice.updated', 'invoice', credit.invoice.id)).event.data.invoice, after);
    await refused('credit-notes.void', { credit_note_id: credit.id }, 'conflict');
  });
});
