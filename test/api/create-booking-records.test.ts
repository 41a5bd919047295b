import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { saveLifecycleSettings } from '../../src/storage/repos/lifecycle-settings.repo.ts';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../src/domain/operators/lifecycle-settings.ts';
import { withTransaction, type Schema } from '../../src/storage/database.ts';
import { listEvents } from '../../src/storage/repos/events.repo.ts';
import { newId } from '../../src/kernel/ids.ts';
import type { OperatorContext } from '../../src/domain/context.ts';
import type { BookingLine, BookingRecordsInput } from '../../src/domain/billing/create-booking-records.ts';

// The function order completion calls inside its own transaction: what it writes, what it announces.
describe('createBookingRecords', () => {
  let t: TestApp;
  let ctx: OperatorContext;
  let base: Omit<BookingRecordsInput, 'orderId' | 'startsAt' | 'lines' | 'contractTemplateId'>;
  let lines: BookingLine[];
  let templateId: string;
  let templateName: string;
  let productId: string;

  const db = () => t.lockyard.database.db;
  const run = (input: BookingRecordsInput) =>
    withTransaction(db(), (tx) => t.lockyard.services.billing.createBookingRecords(tx, ctx, input));
  const countRows = async (table: keyof Schema) =>
    Number((await db().selectFrom(table).select(db().fn.countAll().as('n')).executeTakeFirst())!.n);

  before(async () => {
    t = await createTestApp();
    // The records alone: auto-reservation (on for the demo operator) is covered by unit-actions.test.ts.
    await saveLifecycleSettings(
      db(),
      t.a.id,
      { ...DEFAULT_LIFECYCLE_SETTINGS, autoReservation: false },
      new Date('2026-01-01T00:00:00Z'),
    );
    ctx = await t.ctx();
    const site = (await t.get('/2025-09/sites')).body.sites[0];
    const unitType = (await t.get(`/2025-09/unit_types?site_id=${site.id}`)).body.unit_types[0];
    const product = (await t.get(`/2025-09/products?site_id=${site.id}&limit=100`)).body.products.find(
      (p: any) => p.charge_type === 'one_time',
    );
    const level = (await t.get('/2025-09/protection_levels')).body.protection_levels[0];
    const template = (await t.get('/2025-09/contract_templates')).body.contract_templates[0];
    const contact = (await t.post('/2025-09/contacts', { email: 'booker@example.com', full_name: 'Bea Booker' })).body
      .contact;
    assert.ok(product && level && template && contact, 'seed has the catalogue this test needs');
    templateId = template.id;
    templateName = template.name;
    productId = product.id;
    base = {
      contactId: contact.id,
      siteId: site.id,
      unitTypeId: unitType.id,
      billingPeriod: 'monthly',
      paymentMethod: 'card',
      couponId: null,
      purchaseOrderNumber: 'PO-77',
    };
    const l = (
      type: BookingLine['type'],
      itemId: string,
      name: string,
      chargeType: BookingLine['chargeType'],
      unitAmount: number,
      quantity: number,
      discount: number,
      tax: number,
    ): BookingLine => ({
      lineItemId: newId('orderLineItem'),
      type,
      itemId,
      name,
      chargeType,
      quantity,
      unitAmount,
      discount,
      tax,
      total: unitAmount * quantity - discount + tax,
    });
    lines = [
      l('unit_type', unitType.id, unitType.name, 'recurring', 9500, 1, 950, 1710),
      l('protection', level.id, 'Goods protection', 'recurring', 999, 1, 0, 0),
      l('product', product.id, product.name, 'one_time', 500, 2, 0, 200),
      l('security_deposit', unitType.id, unitType.name, 'one_time', 5000, 1, 0, 0),
    ];
  });
  after(() => t.close());

  test('writes the tenancy, subscription, two invoices and a contract, and announces each as its show endpoint renders it', async () => {
    const before = {
      events: await countRows('events'),
      tenancies: await countRows('tenancies'),
      invoices: await countRows('invoices'),
      contracts: await countRows('contracts'),
    };
    const now = ctx.now();
    const startsAt = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
    const orderId = newId('order');
    const r = await run({ ...base, orderId, startsAt, contractTemplateId: templateId, lines });

    assert.match(r.tenancyId, /^ten_[0-9a-f]{16}$/);
    assert.match(r.subscriptionId, /^sub_[0-9a-f]{16}$/);
    assert.equal(r.invoiceIds.length, 2);
    assert.deepEqual(r.invoiceIds, [r.oneTimeInvoiceId, r.recurringInvoiceId]);
    assert.match(r.contractId!, /^ctr_[0-9a-f]{16}$/);
    assert.equal(await countRows('tenancies'), before.tenancies + 1);
    assert.equal(await countRows('invoices'), before.invoices + 2);
    assert.equal(await countRows('contracts'), before.contracts + 1);

    const tenancy = (await t.get(`/2025-09/tenancies/${r.tenancyId}`)).body.tenancy;
    assert.deepEqual(
      { ...tenancy, created_at: undefined, updated_at: undefined },
      {
        id: r.tenancyId,
        contact: { id: base.contactId },
        created_at: undefined,
        ends_at: null,
        order: { id: orderId },
        site: { id: base.siteId },
        starts_at: startsAt.toISOString().replace('.000', ''),
        subscription: { id: r.subscriptionId },
        unit_allocations: [],
        updated_at: undefined,
      },
    );

    const sub = (await t.get(`/2025-09/subscriptions/${r.subscriptionId}`)).body.subscription;
    assert.equal(sub.billing_period, 'monthly');
    assert.equal(sub.cancelled, false);
    assert.deepEqual(sub.tenancy, { id: r.tenancyId });
    assert.deepEqual(sub.order, { id: orderId });
    assert.equal(sub.current_period.starts_at, sub.starts_at);
    // Only the recurring lines, a recurring product would be `custom_product`; prices are per unit.
    assert.deepEqual(
      sub.line_items.map((l: any) => [l.type, l.item.id, l.price.amount, l.quantity]),
      [
        ['unit_type', base.unitTypeId, 9500, 1],
        ['protection', lines[1].itemId, 999, 1],
      ],
    );

    const oneTime = (await t.get(`/2025-09/invoices/${r.oneTimeInvoiceId}`)).body.invoice;
    assert.equal(oneTime.status, 'paid');
    assert.ok(oneTime.paid_at && oneTime.finalized_at);
    assert.equal(oneTime.subscription, null);
    assert.deepEqual(oneTime.tenancy, { id: r.tenancyId });
    assert.equal(oneTime.purchase_order_number, 'PO-77');
    assert.deepEqual(
      oneTime.line_items.map((l: any) => [
        l.type,
        l.description,
        l.quantity,
        l.price.amount,
        l.tax.amount,
        l.total.amount,
        l.total_excluding_tax.amount,
      ]),
      [
        ['product', lines[2].name, 2, 500, 200, 1200, 1000],
        ['security_deposit', `Security deposit for ${lines[3].name}`, 1, 5000, 0, 5000, 5000],
      ],
    );
    assert.deepEqual(
      [
        oneTime.subtotal.amount,
        oneTime.tax.amount,
        oneTime.total.amount,
        oneTime.amount_due.amount,
        oneTime.amount_paid.amount,
      ],
      [6000, 200, 6200, 6200, 6200],
    );

    const recurring = (await t.get(`/2025-09/invoices/${r.recurringInvoiceId}`)).body.invoice;
    assert.equal(recurring.status, 'open', 'the first cycle has begun: finalized, to be collected');
    assert.equal(recurring.paid_at, null);
    assert.deepEqual(recurring.subscription, { id: r.subscriptionId });
    assert.equal(recurring.period_start, sub.current_period.starts_at);
    assert.equal(recurring.period_end, sub.current_period.ends_at);
    assert.deepEqual(
      recurring.line_items.map((l: any) => [l.type, l.discount_total.amount, l.total.amount]),
      [
        ['unit_type', 950, 10260],
        ['protection', 0, 999],
      ],
    );
    assert.deepEqual(
      [
        recurring.subtotal.amount,
        recurring.tax.amount,
        recurring.total.amount,
        recurring.amount_due.amount,
        recurring.amount_paid.amount,
      ],
      [10499, 1710, 11259, 11259, 0],
    );
    const seq = (n: string) => Number(n.split('-')[1]);
    assert.match(oneTime.number, /^ACME-\d{6}$/);
    assert.equal(seq(recurring.number), seq(oneTime.number) + 1);

    const contract = (await t.get(`/2025-09/contracts/${r.contractId}`)).body.contract;
    assert.equal(contract.status, 'pending');
    assert.equal(contract.name, templateName);
    assert.equal(contract.signed_at, null);
    assert.equal(contract.sent_at, contract.created_at);
    assert.deepEqual(contract.tenancy, { id: r.tenancyId });

    // Exactly these events, in this order, each payload equal to its show endpoint's body.
    const events = (await listEvents(db(), t.a.id, { limit: 20 }))
      .slice(0, (await countRows('events')) - before.events)
      .reverse();
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'tenancy.created',
        'subscription.created',
        // the one-time invoice is charged with the booking: created, finalized and paid at once
        'invoice.created',
        'invoice.finalized',
        'invoice.paid',
        // the first cycle has begun: finalized on creation
        'invoice.created',
        'invoice.finalized',
        'contract.created',
        // the new contact's first booking makes them a customer
        'contact.updated',
      ],
    );
    const data = events.map((e) => (e.payload as any).event.data);
    assert.deepEqual(data[0].tenancy, tenancy);
    assert.deepEqual(data[1].subscription, sub);
    for (const i of [2, 3, 4]) assert.deepEqual(data[i].invoice, oneTime);
    for (const i of [5, 6]) assert.deepEqual(data[i].invoice, recurring);
    assert.deepEqual(data[7].contract, contract);
    assert.equal(data[8].contact.id, base.contactId);
    assert.equal(data[8].contact.status, 'customer');
  });

  test('a future start leaves the first cycle’s invoice in draft; no one-time lines and no template mean one invoice and no contract', async () => {
    const startsAt = new Date(ctx.now().getTime() + 10 * 86_400_000);
    const r = await run({
      ...base,
      orderId: newId('order'),
      startsAt,
      contractTemplateId: null,
      lines: lines.slice(0, 2),
    });
    assert.equal(r.oneTimeInvoiceId, null);
    assert.equal(r.contractId, null);
    assert.deepEqual(r.invoiceIds, [r.recurringInvoiceId]);
    const inv = (await t.get(`/2025-09/invoices/${r.recurringInvoiceId}`)).body.invoice;
    assert.equal(inv.status, 'draft');
    assert.equal(inv.finalized_at, null);
    assert.equal((await t.get(`/2025-09/contracts?tenancy_id=${r.tenancyId}`)).body.contracts.length, 0);
  });

  test('a recurring product becomes a `custom_product` subscription line and is billed with the first cycle', async () => {
    const recurringProduct: BookingLine = { ...lines[2], chargeType: 'recurring', quantity: 1, tax: 100, total: 600 };
    const r = await run({
      ...base,
      orderId: newId('order'),
      startsAt: ctx.now(),
      contractTemplateId: null,
      lines: [lines[0], recurringProduct],
    });
    const sub = (await t.get(`/2025-09/subscriptions/${r.subscriptionId}`)).body.subscription;
    assert.deepEqual(
      sub.line_items.map((l: any) => [l.type, l.item.id]),
      [
        ['unit_type', base.unitTypeId],
        ['custom_product', productId],
      ],
    );
    assert.equal(r.oneTimeInvoiceId, null);
    const inv = (await t.get(`/2025-09/invoices/${r.recurringInvoiceId}`)).body.invoice;
    assert.deepEqual(
      inv.line_items.map((l: any) => l.type),
      ['unit_type', 'product'],
    );
  });

  test('it runs in the caller’s transaction: a rollback there leaves nothing behind, events included', async () => {
    const counts = async () =>
      Promise.all((['tenancies', 'subscriptions', 'invoices', 'contracts', 'events'] as const).map(countRows));
    const before = await counts();
    await assert.rejects(
      withTransaction(db(), async (tx) => {
        await t.lockyard.services.billing.createBookingRecords(tx, ctx, {
          ...base,
          orderId: newId('order'),
          startsAt: ctx.now(),
          contractTemplateId: templateId,
          lines,
        });
        throw new Error('payment capture failed');
      }),
      /payment capture failed/,
    );
    assert.deepEqual(await counts(), before);
  });

  test('one set of records per order: a second call for the same order fails', async () => {
    const orderId = newId('order');
    await run({ ...base, orderId, startsAt: ctx.now(), contractTemplateId: null, lines });
    const tenancies = await countRows('tenancies');
    await assert.rejects(run({ ...base, orderId, startsAt: ctx.now(), contractTemplateId: null, lines }));
    assert.equal(await countRows('tenancies'), tenancies);
  });
});
