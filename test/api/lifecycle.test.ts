import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import { book, type Booked } from '../harness/booking.ts';
import { pdfText } from '../harness/pdf-text.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';
import { priceOrder } from '../../src/domain/pricing/order-pricing.ts';
import { periodEnd } from '../../src/domain/billing/billing-period.ts';
import { findSites } from '../../src/storage/repos/sites.repo.ts';

const TYPES = [
  'tenancy.started',
  'subscription.started',
  'unit.occupied',
  'unit.overlocked',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.marked_uncollectible',
  'subscription.cancelled',
  'subscription.ended',
  'unit.deallocated',
  'unit.available',
  'credit_note.created',
];

/**
 * The proof of issue 9, on the smaller demo operator (Harbour, Europe/Dublin): book, move in at 06:00 site time,
 * three months paid and reconciled with the pricing module, a failed card, overlock after the threshold, paying
 * lifts it, then notice and move-out with a pro-rated refund. Time moves only through POST /sandbox/clock/advance.
 */
describe('the tenancy lifecycle on the sandbox clock', () => {
  let t: TestApp;
  let rx: Receiver;
  let token: string;
  let b: Booked;
  let unitType: any;
  let site: any;
  let startsAt: Date;
  const advanceTo = async (to: Date) => {
    const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token });
    assert.equal(res.status, 200, res.text);
  };
  const got = (type: string, id?: string) =>
    rx.received
      .filter((r) => r.json.event.type === type && (!id || JSON.stringify(r.json.event.data).includes(id)))
      .map((r) => r.json.event);
  /** The event outbox (what was emitted, in order): later steps are checked there, the first at the receiver. */
  const outbox = async (type: string, id?: string) =>
    (
      await sql<{
        payload: any;
      }>`SELECT payload FROM events WHERE operator_id = ${t.b.id} AND type = ${type} ORDER BY seq`.execute(
        t.lockyard.database.db,
      )
    ).rows
      .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).event)
      .filter((e) => !id || JSON.stringify(e.data).includes(id));
  const invoicesOf = async () =>
    (await t.get(`/2025-09/invoices?subscription_id=${b.subscriptionId}&sort_direction=ASC&limit=100`, { token })).body
      .invoices;
  const unitNow = async (id: string) => (await t.get(`/2025-09/units/${id}`, { token })).body.unit;

  before(async () => {
    t = await createTestApp();
    token = t.b.token;
    rx = await startReceiver();
    const ep = await t.post(
      '/2025-09/webhook_endpoints',
      { name: 'Lifecycle', api_version: '2025-09', url: `${rx.base}/hooks`, event_types: TYPES },
      { token },
    );
    assert.equal(ep.status, 201, ep.text);
    unitType = (await t.get('/2025-09/unit_types?limit=100', { token })).body.unit_types.find((u: any) =>
      u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    site = (await t.get(`/2025-09/sites/${unitType.site.id}`, { token })).body.site;
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 12));
    const monthly = unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount;
    b = await book(t, {
      unitTypeId: unitType.id,
      siteId: site.id,
      startsAt: startsAt.toISOString(),
      amount: monthly,
      token,
    });
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  test('the completed booking made the new contact a customer, announced as contact.updated', async () => {
    assert.equal((await t.get(`/2025-09/contacts/${b.contactId}`, { token })).body.contact.status, 'customer');
    const updates = await outbox('contact.updated', b.contactId);
    assert.deepEqual(
      updates.map((e) => e.data.contact.status),
      ['customer'],
    );
  });

  test('move-in day at 06:00 site time: tenancy.started, subscription.started, the reserved unit occupied, first invoice paid', async () => {
    const unitId = (await t.get(`/2025-09/tenancies/${b.tenancyId}?expand=unit_allocations`, { token })).body.tenancy
      .unit_allocations[0].unit.id;
    assert.equal((await unitNow(unitId)).status, 'reserved');
    const moveIn = localHourOn(startsAt, site.timezone, 6);
    await advanceTo(new Date(moveIn.getTime() - 60_000));
    assert.equal(got('tenancy.started', b.tenancyId).length, 0);
    assert.equal((await unitNow(unitId)).status, 'reserved');
    await advanceTo(moveIn);
    await rx.waitFor(
      () => got('tenancy.started', b.tenancyId).length === 1 && got('unit.occupied', unitId).length === 1,
      15_000,
    );
    const [started] = got('tenancy.started', b.tenancyId);
    assert.equal(started.created_at, moveIn.toISOString().replace('.000', ''));
    assert.deepEqual(got('unit.occupied', unitId)[0].data.unit, await unitNow(unitId));
    assert.equal(got('subscription.started', b.subscriptionId).length, 1);
    const [first] = await invoicesOf();
    assert.equal(first.status, 'paid');
    // Idempotent: moving on a minute repeats nothing.
    await advanceTo(new Date(moveIn.getTime() + 60_000));
    assert.equal(got('tenancy.started', b.tenancyId).length, 1);
  });

  test('three months on: three renewal invoices, paid, reconciling to the cent with the pricing module; PDFs show them', async () => {
    let end = startsAt;
    for (let i = 0; i < 3; i++) end = periodEnd(end, 'monthly');
    await advanceTo(end);
    const all = await invoicesOf();
    const renewals = all.filter((i: any) => i.period_start !== all[0].period_start);
    assert.equal(renewals.length, 3, JSON.stringify(all.map((i: any) => [i.status, i.period_start])));
    const sub = (await t.get(`/2025-09/subscriptions/${b.subscriptionId}`, { token })).body.subscription;
    const priced = priceOrder({
      lines: sub.line_items.map((l: any, i: number) => ({
        id: String(i),
        type: l.type === 'custom_product' ? 'product' : l.type,
        chargeType: 'recurring',
        quantity: l.quantity,
        unitAmount: l.price.amount,
      })),
      taxRates: (await findSites(t.lockyard.database.db, t.b.id, [site.id]))[0].taxRates,
      coupon: null,
    });
    for (const [k, inv] of renewals.entries()) {
      assert.equal(inv.status, 'paid');
      assert.equal(
        inv.total.amount,
        priced.totals.total,
        `renewal ${k}: ${inv.total.amount} vs ${priced.totals.total}`,
      );
      assert.equal(inv.amount_paid.amount, inv.total.amount);
      assert.equal(
        inv.line_items.reduce((n: number, l: any) => n + l.total.amount, 0) -
          inv.line_items.reduce((n: number, l: any) => n + l.discount_total.amount, 0),
        inv.total.amount,
      );
      assert.equal((await outbox('invoice.paid', inv.id)).length, 1);
      assert.deepEqual((await outbox('invoice.created', inv.id)).length, 1);
      assert.deepEqual((await outbox('invoice.finalized', inv.id)).length, 1);
    }
    const pdf = await t.lockyard.app.inject({
      method: 'GET',
      url: `/2025-09/invoices/${renewals[2].id}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' },
    });
    assert.equal(pdf.statusCode, 200);
    const text = pdfText(pdf.rawPayload);
    assert.ok(
      text.includes(renewals[2].line_items[0].description),
      `${renewals[2].line_items[0].description} in ${text}`,
    );
    assert.ok(text.includes(renewals[2].total.formatted), text);
  });

  test('a failing card: retries, uncollectible, overlock after the threshold; paying lifts it', async () => {
    const card = await t.post(
      `/sandbox/contacts/${b.contactId}/payment_method`,
      { card_number: '4000 0000 0000 0341' },
      { token },
    );
    assert.equal(card.status, 201, card.text);
    const sub = (await t.get(`/2025-09/subscriptions/${b.subscriptionId}`, { token })).body.subscription;
    const due = new Date(sub.current_period.ends_at);
    await advanceTo(due);
    const failed = (await invoicesOf()).at(-1);
    assert.equal(failed.status, 'open');
    const unitId = (await t.get(`/2025-09/tenancies/${b.tenancyId}`, { token })).body.tenancy.unit_allocations.length
      ? (await t.get(`/2025-09/unit_allocations?tenancy_id=${b.tenancyId}`, { token })).body.unit_allocations[0].unit.id
      : assert.fail('the tenancy holds a unit');
    await advanceTo(new Date(due.getTime() + 13 * 86_400_000));
    assert.equal((await unitNow(unitId)).status, 'occupied');
    assert.equal(
      (await outbox('invoice.marked_uncollectible', failed.id)).length,
      1,
      'three retries over 7 days, then uncollectible',
    );
    await advanceTo(new Date(due.getTime() + 14 * 86_400_000 + 60_000));
    const failedJobs = await t.lockyard.database.db
      .selectFrom('jobs')
      .select(['kind', 'last_error'])
      .where('state', '=', 'failed')
      .execute();
    assert.deepEqual(failedJobs, []);
    assert.equal((await unitNow(unitId)).status, 'overlock');
    assert.deepEqual((await outbox('unit.overlocked', unitId)).at(-1).data.unit, await unitNow(unitId));

    await t.post(`/sandbox/contacts/${b.contactId}/payment_method`, { card_number: '4242424242424242' }, { token });
    const paid = await t.post(`/sandbox/invoices/${failed.id}/pay`, undefined, { token });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.invoice.status, 'paid');
    assert.equal((await unitNow(unitId)).status, 'occupied');
    assert.deepEqual((await outbox('unit.occupied', unitId)).at(-1).data.unit, await unitNow(unitId));
  });

  test('notice and move-out: cancelled now, ended at the date, unit deallocated, unused days credited', async () => {
    const sub = (await t.get(`/2025-09/subscriptions/${b.subscriptionId}`, { token })).body.subscription;
    const periodStart = new Date(sub.current_period.starts_at);
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    const endsAt = new Date(Math.ceil((now.getTime() + 5 * 86_400_000) / 86_400_000) * 86_400_000);
    const usedDays = Math.ceil((endsAt.getTime() - periodStart.getTime()) / 86_400_000);
    // The current period was billed to the failing card and paid above; bill this one first if it is still open.
    for (const inv of await invoicesOf())
      if (inv.status === 'open') await t.post(`/sandbox/invoices/${inv.id}/pay`, undefined, { token });
    const res = await t.post(
      `/sandbox/subscriptions/${b.subscriptionId}/cancel`,
      { ends_at: endsAt.toISOString(), cancellation_reason: 'Moving abroad' },
      { token },
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.subscription.cancelled, true);
    assert.equal(res.body.subscription.ends_at, endsAt.toISOString().replace('.000', ''));
    const twice = await t.post(
      `/sandbox/subscriptions/${b.subscriptionId}/cancel`,
      { ends_at: endsAt.toISOString() },
      { token },
    );
    assert.equal(twice.status, 409);
    const unitId = (await t.get(`/2025-09/unit_allocations?tenancy_id=${b.tenancyId}`, { token })).body
      .unit_allocations[0].unit.id;
    await advanceTo(new Date(endsAt.getTime() + 60_000));
    assert.equal((await outbox('subscription.cancelled', b.subscriptionId)).length, 1);
    const unit = await unitNow(unitId);
    assert.equal(unit.status, 'available');
    // Their only subscription ended: the customer has churned.
    const contact = (await t.get(`/2025-09/contacts/${b.contactId}`, { token })).body.contact;
    assert.equal(contact.status, 'churned');
    assert.deepEqual((await outbox('contact.updated', b.contactId)).at(-1)!.data.contact, contact);
    assert.deepEqual((await outbox('unit.deallocated', unitId)).at(-1)!.data.unit, unit);
    const note = (await outbox('credit_note.created', b.contactId)).at(-1)!.data.credit_note;
    const paid = (await invoicesOf()).find((i: any) => i.id === note.invoice.id);
    const days = Math.round((Date.parse(paid.period_end) - Date.parse(paid.period_start)) / 86_400_000);
    assert.ok(note.total.amount > 0 && note.total.amount < paid.total.amount);
    assert.equal(note.total.amount, Math.floor((paid.total.amount * (days - usedDays) * 2 + days) / (2 * days)));
    const pdf = await t.lockyard.app.inject({
      method: 'GET',
      url: `/2025-09/credit_notes/${note.id}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' },
    });
    assert.equal(pdf.statusCode, 200);
    assert.ok(pdfText(pdf.rawPayload).includes(note.total.formatted));
  });
});
