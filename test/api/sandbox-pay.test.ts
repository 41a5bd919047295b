import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { bookingWorld } from '../harness/booking.ts';

/**
 * `POST /sandbox/orders/{id}/pay`: Stripe's test cards (success, decline by reason, pays now and fails later) and
 * sandbox Direct Debit mandates (success, mandate failure, later debits fail), with the checkout's rules
 * (docs/decisions/sandbox-payments.md).
 */
describe('sandbox pay: test cards and Direct Debit mandates', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof bookingWorld>>;
  before(async () => {
    t = await createTestApp();
    world = await bookingWorld(t);
  });
  after(() => t.close());

  const order = async (payment_method: 'card' | 'bacs_debit' | 'sepa_debit' = 'card') => {
    const res = await t.post('/2025-09/orders', {
      site: { id: world.unitType.site.id },
      contact: { email: `payer.${Math.random().toString(36).slice(2)}@example.com` },
      billing_period: 'monthly',
      payment_method,
      starts_at: '2030-01-10T12:00:00Z',
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: world.monthly }, item: { id: world.unitType.id } },
      ],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    assert.equal(res.status, 201, res.text);
    return res.body.order as { id: string; contact: { id: string } };
  };
  const onFile = async (contactId: string) =>
    t.lockyard.database.db
      .selectFrom('payment_methods')
      .select(['brand', 'last4', 'behaviour'])
      .where('contact_id', '=', contactId)
      .executeTakeFirst();

  test('no body: card 4242 pays, and stays on file', async () => {
    const o = await order();
    const paid = await t.post(`/sandbox/orders/${o.id}/pay`);
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.order.status, 'completed');
    assert.deepEqual(await onFile(o.contact.id), { brand: 'visa', last4: '4242', behaviour: 'succeeds' });
  });

  test('a booking starting now: the move-in due at once collects the first invoice from the card that paid', async () => {
    const res = await t.post('/2025-09/orders', {
      site: { id: world.unitType.site.id },
      contact: { email: `now.${Math.random().toString(36).slice(2)}@example.com` },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: 'now',
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: world.monthly }, item: { id: world.unitType.id } },
      ],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    assert.equal(res.status, 201, res.text);
    const paid = await t.post(`/sandbox/orders/${res.body.order.id}/pay`);
    assert.equal(paid.status, 200, paid.text);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    const invoices = (await t.get(`/2025-09/invoices?subscription_id=${paid.body.order.subscription.id}`)).body
      .invoices;
    assert.deepEqual(
      invoices.map((i: any) => i.status),
      ['paid'],
    );
  });

  test('declines by reason: 422 pointing at /card_number with the decline code; the order stays finalized', async () => {
    const o = await order();
    for (const [card, code] of [
      ['4000000000000002', 'generic_decline'],
      ['4000 0000 0000 9995', 'insufficient_funds'],
      ['4000000000000069', 'expired_card'],
      ['4000000000009987', 'lost_card'],
      ['4000000000000127', 'incorrect_cvc'],
    ]) {
      const res = await t.post(`/sandbox/orders/${o.id}/pay`, { card_number: card });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.error.code, 'invalid_content');
      assert.equal(res.body.error.details[0].pointer, '/card_number');
      assert.match(res.body.error.details[0].message, new RegExp(`declined \\(${code}\\)`));
    }
    const notTest = await t.post(`/sandbox/orders/${o.id}/pay`, { card_number: '5555555555554444' });
    assert.equal(notTest.status, 422);
    assert.match(notTest.body.error.details[0].message, /not a sandbox test card/);
    assert.equal((await t.get(`/2025-09/orders/${o.id}`)).body.order.status, 'finalized');
    assert.equal(await onFile(o.contact.id), undefined);
  });

  test('4000 0000 0000 0341 pays now; later charges are declined', async () => {
    const o = await order();
    const paid = await t.post(`/sandbox/orders/${o.id}/pay`, { card_number: '4000000000000341' });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.order.status, 'completed');
    assert.deepEqual(await onFile(o.contact.id), { brand: 'visa', last4: '0341', behaviour: 'fails' });
  });

  test('bacs_debit: the default account pays; 55555559 fails the mandate; 33333335 pays now, later debits fail', async () => {
    const ok = await order('bacs_debit');
    assert.equal((await t.post(`/sandbox/orders/${ok.id}/pay`)).status, 200);
    assert.deepEqual(await onFile(ok.contact.id), { brand: 'bacs_debit', last4: '2345', behaviour: 'succeeds' });

    const refused = await order('bacs_debit');
    const res = await t.post(`/sandbox/orders/${refused.id}/pay`, { account_number: '55555559' });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error.details[0].pointer, '/account_number');
    assert.match(res.body.error.details[0].message, /mandate_failed/);
    assert.equal((await t.get(`/2025-09/orders/${refused.id}`)).body.order.status, 'finalized');
    const badSort = await t.post(`/sandbox/orders/${refused.id}/pay`, { sort_code: '20-00-00' });
    assert.equal(badSort.body.error.details[0].pointer, '/sort_code');

    const later = await order('bacs_debit');
    assert.equal((await t.post(`/sandbox/orders/${later.id}/pay`, { account_number: '33333335' })).status, 200);
    assert.deepEqual(await onFile(later.contact.id), { brand: 'bacs_debit', last4: '3335', behaviour: 'fails' });
  });

  test("sepa_debit by IBAN; a method's details must match it", async () => {
    const ok = await order('sepa_debit');
    assert.equal((await t.post(`/sandbox/orders/${ok.id}/pay`, { iban: 'DE89 3704 0044 0532 0130 00' })).status, 200);
    assert.deepEqual(await onFile(ok.contact.id), { brand: 'sepa_debit', last4: '3000', behaviour: 'succeeds' });
    const refused = await order('sepa_debit');
    const res = await t.post(`/sandbox/orders/${refused.id}/pay`, { iban: 'DE35370400440532013002' });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].pointer, '/iban');
    const later = await order('sepa_debit');
    assert.equal((await t.post(`/sandbox/orders/${later.id}/pay`, { iban: 'DE62370400440532013001' })).status, 200);
    assert.equal((await onFile(later.contact.id))?.behaviour, 'fails');

    const card = await order('card');
    const mixed = await t.post(`/sandbox/orders/${card.id}/pay`, { iban: 'DE89370400440532013000' });
    assert.equal(mixed.status, 422);
    assert.equal(mixed.body.error.details[0].pointer, '/iban');
    // The body may name another method than the order's.
    const switched = await t.post(`/sandbox/orders/${card.id}/pay`, {
      payment_method: 'sepa_debit',
      iban: 'DE89370400440532013000',
    });
    assert.equal(switched.status, 200, switched.text);
  });
});
