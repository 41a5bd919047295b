import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import { EMITTED_EVENT_TYPES } from '../../src/domain/events/event-map.ts';
import type { JobWorker } from '../../src/engines/jobs/job-runner.ts';
import { ADMIN_OPERATIONS } from '../../src/admin/operations/index.ts';

/**
 * The reference's catalogue of webhook event types (webhooks-events.md, "Event catalogue"), transcribed: each type
 * with the `data` key its payload carries and the collection whose show endpoint renders that resource.
 */
const CATALOGUE: Record<string, [key: string, collection: string]> = {
  'contact.created': ['contact', 'contacts'],
  'contact.updated': ['contact', 'contacts'],
  'contract.created': ['contract', 'contracts'],
  'contract.signed': ['contract', 'contracts'],
  'coupon.created': ['coupon', 'coupons'],
  'coupon.updated': ['coupon', 'coupons'],
  'credit_note.created': ['credit_note', 'credit_notes'],
  'credit_note.updated': ['credit_note', 'credit_notes'],
  'deal.created': ['deal', 'deals'],
  'deal.updated': ['deal', 'deals'],
  'deal.won': ['deal', 'deals'],
  'deal.lost': ['deal', 'deals'],
  'deal.reopened': ['deal', 'deals'],
  'identity_verification.processing': ['identity_verification', 'identity_verifications'],
  'identity_verification.succeeded': ['identity_verification', 'identity_verifications'],
  'identity_verification.failed': ['identity_verification', 'identity_verifications'],
  'identity_verification.cancelled': ['identity_verification', 'identity_verifications'],
  'invoice.created': ['invoice', 'invoices'],
  'invoice.finalized': ['invoice', 'invoices'],
  'invoice.paid': ['invoice', 'invoices'],
  'invoice.marked_uncollectible': ['invoice', 'invoices'],
  'invoice.updated': ['invoice', 'invoices'],
  'note.created': ['note', 'notes'],
  'note.updated': ['note', 'notes'],
  'order.created': ['order', 'orders'],
  'order.finalized': ['order', 'orders'],
  'order.completed': ['order', 'orders'],
  'protection_level.created': ['protection_level', 'protection_levels'],
  'protection_level.updated': ['protection_level', 'protection_levels'],
  'subscription.created': ['subscription', 'subscriptions'],
  'subscription.started': ['subscription', 'subscriptions'],
  'subscription.cancelled': ['subscription', 'subscriptions'],
  'subscription.ended': ['subscription', 'subscriptions'],
  'task.created': ['task', 'tasks'],
  'task.updated': ['task', 'tasks'],
  'task.completed': ['task', 'tasks'],
  'task.reopened': ['task', 'tasks'],
  'tenancy.created': ['tenancy', 'tenancies'],
  'tenancy.started': ['tenancy', 'tenancies'],
  'unit.created': ['unit', 'units'],
  'unit.updated': ['unit', 'units'],
  'unit.available': ['unit', 'units'],
  'unit.unavailable': ['unit', 'units'],
  'unit.reserved': ['unit', 'units'],
  'unit.occupied': ['unit', 'units'],
  'unit.overlocked': ['unit', 'units'],
  'unit.repossessed': ['unit', 'units'],
  'unit.deallocated': ['unit', 'units'],
  'unit_type.created': ['unit_type', 'unit_types'],
  'unit_type.updated': ['unit_type', 'unit_types'],
};
const TYPES = Object.keys(CATALOGUE);
const DAY = 86_400_000;

/**
 * Issue 10's proof that all 50 events exist: one operator produces every type through the flow that causes it in
 * real use — the API, the sandbox's customer and payment stand-ins, the operator's CLI commands (`lockyard unit-types|units|
 * protection-levels|coupons|invoices|credit-notes`, run through their admin operations as the CLI runs them) and the operator clock — and a real HTTP receiver subscribed to all 50 must get each one with the
 * resource exactly as its show endpoint rendered it right after the action.
 */
describe(`the 50-event catalogue, each produced by its real flow and delivered as shown (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;
  let worker: JobWorker;
  /** type → the event that must arrive (its id) and the show endpoint's rendering taken right after the action. */
  const expected = new Map<string, { eventId: string; shown: any }>();

  const ok = (res: { status: number; text: string }, status = 200) => assert.equal(res.status, status, res.text);

  /**
   * Records the newest `type` event about `id` with the show endpoint's rendering at this moment. A clock step
   * the background worker claimed (rather than the advance's own catch-up) may finish just after the advance
   * answers, so the event is awaited briefly.
   */
  async function expectEvent(type: string, id: string): Promise<any> {
    const [key, collection] = CATALOGUE[type];
    const deadline = performance.now() + 10_000;
    let row: any;
    for (;;) {
      const rows = await t.lockyard.database.db
        .selectFrom('events')
        .select(['payload'])
        .where('operator_id', '=', t.a.id)
        .where('type', '=', type)
        .where('seq', '>', firstSeq)
        .orderBy('seq', 'desc')
        .execute();
      row = rows.find((r: any) => r.payload.event.data[key]?.id === id);
      if (row || performance.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(row, `${type} was emitted for ${id}`);
    const show = await t.get(`/2025-09/${collection}/${id}`);
    ok(show);
    expected.set(type, { eventId: (row.payload as any).event.id, shown: show.body[key] });
    return show.body[key];
  }
  const expectAll = async (types: string[], id: string) => {
    for (const type of types) await expectEvent(type, id);
  };

  const clockNow = async () => new Date((await t.get('/sandbox/clock')).body.clock.now);
  const advanceTo = async (to: Date) => ok(await t.post('/sandbox/clock/advance', { to: to.toISOString() }));

  /** Events of this run come after the seed's (read by their sequence, which is indexed). */
  let firstSeq = 0;

  before(async () => {
    t = await createTestApp();
    const last = await t.lockyard.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    firstSeq = Number(last?.seq ?? 0);
    rx = await startReceiver();
    worker = t.lockyard.engines.jobs.worker({
      listen: t.lockyard.database.listen,
      pollMs: 50,
      leaseMs: 5000,
      concurrency: 16,
    });
    await worker.start();
    const ep = await t.post('/2025-09/webhook_endpoints', {
      name: 'Every event',
      api_version: '2025-09',
      url: `${rx.base}/all`,
      event_types: TYPES,
    });
    ok(ep, 201);
  });
  after(async () => {
    await worker.stop();
    await rx.close();
    await t.close();
  });

  test('the catalogue is the event map: no type missing, none extra', () => {
    assert.equal(TYPES.length, 50);
    assert.deepEqual([...EMITTED_EVENT_TYPES].sort(), [...TYPES].sort());
  });

  let unitType: any;
  const units: string[] = [];
  /** A `lockyard …` data command, run as the CLI runs it (src/admin/local.ts, or a server's admin API). */
  const cli = async (name: string, input: Record<string, unknown>): Promise<string> => {
    const out = await ADMIN_OPERATIONS[name](t.lockyard, { operator: t.a.id, ...input }, { dataDir: '' });
    return (out.data as { id: string }).id;
  };

  test('operator CLI actions: unit types, units, availability, protection levels, coupons', async () => {
    const site = (await t.get('/2025-09/sites?limit=1')).body.sites[0];
    const utId = await cli('unit-types.create', {
      site_id: site.id,
      name: 'Catalogue 60 sq ft',
      size_description: '6x10 ft',
      security_deposit: 5000,
      monthly: 9900,
    });
    await expectEvent('unit_type.created', utId);
    await cli('unit-types.update', { unit_type_id: utId, size_description: '6x10x8 ft' });
    unitType = await expectEvent('unit_type.updated', utId);
    assert.equal(unitType.size_description, '6x10x8 ft');

    for (const ref of ['CAT-1', 'CAT-2'])
      units.push(await cli('units.create', { unit_type_id: utId, reference_id: ref }));
    await expectEvent('unit.created', units[0]);
    await cli('units.update', { unit_id: units[0], reference_id: 'CAT-01' });
    assert.equal((await expectEvent('unit.updated', units[0])).reference_id, 'CAT-01');
    await cli('units.unavailable', { unit_id: units[0] });
    await expectEvent('unit.unavailable', units[0]);
    await cli('units.available', { unit_id: units[0] });
    await expectEvent('unit.available', units[0]);

    const levelId = await cli('protection-levels.create', { cover_level: 250_000, monthly: 450 });
    await expectEvent('protection_level.created', levelId);
    await cli('protection-levels.update', { protection_level_id: levelId, account_code: '4010' });
    assert.equal((await expectEvent('protection_level.updated', levelId)).account_code, '4010');

    const couponId = await cli('coupons.create', { name: 'Catalogue 10 %', percent: 10, duration: 'once' });
    await expectEvent('coupon.created', couponId);
    await cli('coupons.update', { coupon_id: couponId, code: 'CAT10', public: true });
    assert.equal((await expectEvent('coupon.updated', couponId)).code, 'CAT10');
  });

  let contactId: string;
  test('API: contacts, deals, tasks, notes; sandbox identity checks', async () => {
    const c = await t.post('/2025-09/contacts', { full_name: 'Cata Logue', email: 'cata.logue@example.com' });
    ok(c, 201);
    contactId = c.body.contact.id;
    await expectEvent('contact.created', contactId);
    ok(await t.patch(`/2025-09/contacts/${contactId}`, { phone_number: '+447700900123' }));
    await expectEvent('contact.updated', contactId);

    const d = await t.post('/2025-09/deals', { name: 'Catalogue deal', contact: { id: contactId } });
    ok(d, 201);
    const dealId = d.body.deal.id;
    await expectEvent('deal.created', dealId);
    ok(await t.patch(`/2025-09/deals/${dealId}`, { name: 'Catalogue deal, larger unit' }));
    await expectEvent('deal.updated', dealId);
    ok(await t.post(`/2025-09/deals/${dealId}/win`, {}));
    await expectEvent('deal.won', dealId);
    ok(await t.post(`/2025-09/deals/${dealId}/reopen`, {}));
    await expectEvent('deal.reopened', dealId);
    ok(await t.post(`/2025-09/deals/${dealId}/lose`, { lost_reason: 'price_concerns' }));
    await expectEvent('deal.lost', dealId);

    const k = await t.post('/2025-09/tasks', { title: 'Call Cata', resource: { id: contactId } });
    ok(k, 201);
    const taskId = k.body.task.id;
    await expectEvent('task.created', taskId);
    ok(await t.patch(`/2025-09/tasks/${taskId}`, { title: 'Call Cata back' }));
    await expectEvent('task.updated', taskId);
    ok(await t.post(`/2025-09/tasks/${taskId}/complete`, {}));
    await expectEvent('task.completed', taskId);
    ok(await t.post(`/2025-09/tasks/${taskId}/open`, {}));
    await expectEvent('task.reopened', taskId);

    const n = await t.post('/2025-09/notes', { content: 'Prefers email', resource: { id: contactId } });
    ok(n, 201);
    await expectEvent('note.created', n.body.note.id);
    ok(await t.patch(`/2025-09/notes/${n.body.note.id}`, { content: 'Prefers email, never calls' }));
    await expectEvent('note.updated', n.body.note.id);

    const others = (await t.get('/2025-09/contacts?limit=3')).body.contacts.filter((x: any) => x.id !== contactId);
    for (const [i, outcome] of (['succeeded', 'failed', 'cancelled'] as const).entries()) {
      const who = i === 0 ? contactId : others[i - 1].id;
      const v = await t.post(`/sandbox/contacts/${who}/identity_verifications`, {});
      ok(v, 201);
      if (i === 0) await expectEvent('identity_verification.processing', v.body.identity_verification.id);
      ok(await t.post(`/sandbox/identity_verifications/${v.body.identity_verification.id}/decide`, { outcome }));
      await expectEvent(`identity_verification.${outcome}`, v.body.identity_verification.id);
    }
  });

  /** Booking 1 fails to pay its rent (card declined); booking 2 pays, then gives notice. */
  const bookings: Array<{ order: any; tenancyId: string; subscriptionId: string; contactId: string; unitId: string }> =
    [];
  let startsAt: Date;
  test('API booking: order created, finalized, paid; tenancy, subscription, deposit invoice, contract, unit reserved', async () => {
    const now = await clockNow();
    startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 12));
    const template = (await t.get('/2025-09/contract_templates?limit=1')).body.contract_templates[0];
    const lines = [
      { type: 'unit_type', quantity: 1, price: { amount: 9900 }, item: { id: unitType.id } },
      { type: 'security_deposit', quantity: 1, price: { amount: 5000 }, item: { id: unitType.id } },
    ];
    const base = {
      site: { id: unitType.site.id },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: startsAt.toISOString(),
      line_items: lines,
    };
    const first = await t.post('/2025-09/orders', {
      ...base,
      contact: { id: contactId },
      contract_template: { id: template.id },
    });
    ok(first, 201);
    const orderId = first.body.order.id;
    await expectEvent('order.created', orderId);
    ok(
      await t.post(`/2025-09/orders/${orderId}/finalize`, {
        finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
      }),
    );
    await expectEvent('order.finalized', orderId);
    const second = await t.post('/2025-09/orders', {
      ...base,
      contact: { email: 'second.booker@example.com', full_name: 'Second Booker' },
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    ok(second, 201);

    for (const id of [orderId, second.body.order.id]) {
      const paid = await t.post(`/sandbox/orders/${id}/pay`, {});
      ok(paid);
      const order = paid.body.order;
      const alloc = (await t.get(`/2025-09/unit_allocations?tenancy_id=${order.tenancy.id}`)).body.unit_allocations;
      assert.equal(alloc.length, 1, 'auto-reservation holds a unit of the booked type');
      bookings.push({
        order,
        tenancyId: order.tenancy.id,
        subscriptionId: order.subscription.id,
        contactId: order.contact.id,
        unitId: alloc[0].unit.id,
      });
    }
    const [b1] = bookings;
    await expectEvent('order.completed', b1.order.id);
    await expectEvent('tenancy.created', b1.tenancyId);
    await expectEvent('subscription.created', b1.subscriptionId);
    await expectEvent('unit.reserved', b1.unitId);
    const invoices = (await t.get(`/2025-09/invoices?tenancy_id=${b1.tenancyId}&limit=10`)).body.invoices;
    const deposit = invoices.find((i: any) => i.subscription === null);
    assert.equal(deposit?.status, 'paid', "the deposit is charged with the booking's payment");
    await expectAll(['invoice.created', 'invoice.finalized', 'invoice.paid'], deposit.id);
    const contract = (await t.get(`/2025-09/contracts?tenancy_id=${b1.tenancyId}`)).body.contracts.find(
      (c: any) => c.tenancy?.id === b1.tenancyId,
    );
    assert.ok(contract, 'the order’s contract template made a contract');
    await expectEvent('contract.created', contract.id);
    ok(await t.post(`/sandbox/contracts/${contract.id}/sign`, {}));
    await expectEvent('contract.signed', contract.id);
  });

  test('operator clock: move-in, declined rent, dunning to uncollectible; notice, move-out and a credit note', async () => {
    const [b1, b2] = bookings;
    ok(await t.post(`/sandbox/contacts/${b1.contactId}/payment_method`, { card_number: '4000 0000 0000 0341' }), 201);
    await advanceTo(startsAt);
    await expectEvent('tenancy.started', b1.tenancyId);
    await expectEvent('subscription.started', b1.subscriptionId);
    await expectEvent('unit.occupied', b1.unitId);
    const rent = (await t.get(`/2025-09/invoices?subscription_id=${b1.subscriptionId}`)).body.invoices[0];
    assert.equal(rent.status, 'open', 'declined');

    ok(await t.post('/2025-09/units/overlock', { contact_id: b1.contactId }));
    await expectEvent('unit.overlocked', b1.unitId);
    await cli('units.repossess', { unit_id: b1.unitId });
    await expectEvent('unit.repossessed', b1.unitId);
    await cli('invoices.update', { invoice_id: rent.id, purchase_order_number: 'PO-4471' });
    assert.equal((await expectEvent('invoice.updated', rent.id)).purchase_order_number, 'PO-4471');

    ok(
      await t.post(`/sandbox/subscriptions/${b2.subscriptionId}/cancel`, {
        ends_at: new Date(startsAt.getTime() + 5 * DAY).toISOString(),
      }),
    );
    await expectEvent('subscription.cancelled', b2.subscriptionId);

    await advanceTo(new Date(startsAt.getTime() + 8 * DAY));
    await expectEvent('invoice.marked_uncollectible', rent.id);
    await expectEvent('subscription.ended', b2.subscriptionId);
    await expectEvent('unit.deallocated', b2.unitId);
    const [credit] = (await t.get(`/2025-09/credit_notes?contact_id=${b2.contactId}`)).body.credit_notes;
    assert.ok(credit, 'unused paid days credited');
    await expectEvent('credit_note.created', credit.id);
    await cli('credit-notes.void', { credit_note_id: credit.id });
    assert.equal((await expectEvent('credit_note.updated', credit.id)).status, 'void');
  });

  test('the receiver gets every expected event', async () => {
    const ids = [...expected.values()].map((e) => e.eventId);
    await rx.waitFor((r) => ids.every((id) => r.some((x) => x.json.event.id === id)), 20_000).catch(() => undefined); // the per-type tests below name what is missing
    assert.equal(expected.size, 50, `produced: ${TYPES.filter((x) => !expected.has(x)).join(', ')} missing`);
  });

  for (const type of TYPES) {
    test(`${type}: delivered with the resource as its show endpoint renders it`, () => {
      const e = expected.get(type);
      assert.ok(e, `${type} was not produced`);
      const got = rx.received.find((r) => r.json.event.id === e.eventId);
      assert.ok(got, `${type} (${e.eventId}) was not delivered`);
      const key = CATALOGUE[type][0];
      assert.equal(got.json.event.type, type);
      assert.equal(got.json.event.api_version, '2025-09');
      assert.deepEqual(Object.keys(got.json.event.data), [key]);
      assert.deepEqual(got.json.event.data[key], e.shown);
    });
  }
});
