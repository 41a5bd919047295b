import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/kernel/clock.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { pdfText } from '../harness/pdf-text.ts';

/**
 * The customer portal at /portal/<operator slug>: sign-in by emailed link (single use, real-time lifetime,
 * throttled), and a signed-in customer who only ever sees and changes their own records.
 */
describe('customer portal', () => {
  let t: TestApp;
  const clock = new ManualClock(Date.now());
  let slug: string;
  let mine: { contactId: string; email: string; orderId: string; subscriptionId: string; invoiceId: string };
  let other: { contactId: string; email: string; subscriptionId: string; invoiceId: string; contractId: string };
  let contractId: string;
  let address = 0;
  const newSession = () => new BackofficeSession(t.lockyard.app, `10.9.0.${++address}`);

  /** A booking with a pending contract, paid in the sandbox. */
  async function booking(email: string) {
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const template = (await t.get('/2025-09/contract_templates?limit=1')).body.contract_templates[0];
    const res = await t.post('/2025-09/orders', {
      site: { id: ut.site.id },
      contact: { email },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: new Date(clock.now().getTime() + 2 * 86_400_000).toISOString(),
      contract_template: { id: template.id },
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } },
        { type: 'security_deposit', quantity: 1, price: { amount: 5000 }, item: { id: ut.id } },
      ],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    assert.equal(res.status, 201, res.text);
    const paid = await t.post(`/sandbox/orders/${res.body.order.id}/pay`);
    assert.equal(paid.status, 200, paid.text);
    const order = paid.body.order;
    const invoice = (await t.get(`/2025-09/invoices?contact_id=${order.contact.id}`)).body.invoices[0];
    const contract = (await t.get(`/2025-09/contracts?contact_id=${order.contact.id}`)).body.contracts[0];
    return {
      contactId: order.contact.id,
      email,
      orderId: order.id,
      subscriptionId: order.subscription.id,
      invoiceId: invoice.id,
      contractId: contract.id,
    };
  }

  /** The newest sign-in email's link path, read where staff read it (the stored, unhidden copy). */
  async function linkFor(contactId: string): Promise<string> {
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    const row = await t.lockyard.database.db
      .selectFrom('emails')
      .select(['body_text', 'status'])
      .where('contact_id', '=', contactId)
      .where('template', '=', 'portal_sign_in')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'captured');
    return new URL(row.body_text!.match(/http\S+\/sign-in\/\S+/)![0]).pathname;
  }

  async function signedIn(who: { contactId: string; email: string }): Promise<BackofficeSession> {
    clock.advance(6 * 60_000); // three links per contact per 15 minutes
    const s = newSession();
    assert.equal((await s.get(`/portal/${slug}/sign-in`)).status, 200);
    const asked = await s.post(`/portal/${slug}/sign-in`, { email: who.email.toUpperCase() });
    assert.equal(asked.status, 200, asked.body);
    const link = await linkFor(who.contactId);
    const confirm = await s.get(link);
    assert.equal(confirm.status, 200);
    const done = await s.post(link);
    assert.equal(done.status, 303, done.body);
    assert.equal(done.location, `/portal/${slug}`);
    return s;
  }

  before(async () => {
    t = await createTestApp({ clock });
    slug = (await t.ctx()).operator.slug;
    const m = await booking('pat.mine@example.com');
    mine = m;
    contractId = m.contractId;
    other = await booking('pat.other@example.com');
  });
  after(() => t?.close());

  test('signed out, the portal asks to sign in; an unknown operator is 404', async () => {
    const s = newSession();
    const res = await s.get(`/portal/${slug}`);
    assert.equal(res.status, 303);
    assert.equal(res.location, `/portal/${slug}/sign-in`);
    assert.equal((await s.get('/portal/no-such-operator/sign-in')).status, 404);
  });

  test('an emailed link signs the customer in, once; the API mailbox hides the link', async () => {
    const s = newSession();
    await s.get(`/portal/${slug}/sign-in`);
    await s.post(`/portal/${slug}/sign-in`, { email: mine.email });
    const link = await linkFor(mine.contactId);
    const api = (await t.get(`/sandbox/emails?contact_id=${mine.contactId}&template=portal_sign_in`)).body.emails[0];
    assert.equal(api.to, mine.email);
    assert.ok(!api.body_text.includes(link) && !api.body_html.includes(link), 'link hidden from API readers');
    assert.match(api.body_text, /sign-in link hidden/);
    await s.get(link);
    const used = await s.post(link);
    assert.equal(used.status, 303);
    const home = await s.get(`/portal/${slug}`);
    assert.equal(home.status, 200);
    assert.match(home.body, /pat\.mine@example\.com/);
    // Single use: the same link again (another browser) is refused.
    const again = newSession();
    assert.equal((await again.get(link)).status, 410);
    await again.get(`/portal/${slug}/sign-in`);
    assert.equal((await again.post(link)).status, 410);
    assert.equal((await again.get(`/portal/${slug}`)).status, 303);
  });

  test('a link expires after 15 minutes of real time, whatever the sandbox clock does', async () => {
    const s = newSession();
    await s.get(`/portal/${slug}/sign-in`);
    await s.post(`/portal/${slug}/sign-in`, { email: other.email });
    const link = await linkFor(other.contactId);
    const moved = await t.post('/sandbox/clock/advance', { seconds: 3600 });
    assert.equal(moved.status, 200);
    assert.equal((await s.get(link)).status, 200, 'the operator clock does not expire it');
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await s.get(link)).status, 410);
    assert.equal((await s.post(link)).status, 410);
  });

  test('links are throttled per contact and per address; an unknown email gets the same answer and no email', async () => {
    clock.advance(16 * 60_000);
    const count = async (contactId: string) =>
      (
        await t.lockyard.database.db
          .selectFrom('emails')
          .select('id')
          .where('contact_id', '=', contactId)
          .where('template', '=', 'portal_sign_in')
          .execute()
      ).length;
    const before = await count(other.contactId);
    for (let i = 0; i < 4; i++) {
      const s = newSession();
      await s.get(`/portal/${slug}/sign-in`);
      const res = await s.post(`/portal/${slug}/sign-in`, { email: other.email });
      assert.equal(res.status, 200);
      assert.match(res.body, /If pat\.other@example\.com belongs to a customer/);
    }
    assert.equal((await count(other.contactId)) - before, 3, 'three links per contact per 15 minutes');
    const s = newSession();
    await s.get(`/portal/${slug}/sign-in`);
    const unknown = await s.post(`/portal/${slug}/sign-in`, { email: 'nobody@example.com' });
    assert.equal(unknown.status, 200);
    assert.match(unknown.body, /If nobody@example\.com belongs to a customer/);
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await s.post(`/portal/${slug}/sign-in`, { email: mine.email })).status;
    assert.equal(last, 429, 'ten links per address per 15 minutes');
  });

  test("the dashboard shows the customer's own rental, invoices, contract and card, nobody else's", async () => {
    clock.advance(16 * 60_000);
    const s = await signedIn(mine);
    const home = await s.get(`/portal/${slug}`);
    assert.equal(home.status, 200);
    const invoice = (await t.get(`/2025-09/invoices/${mine.invoiceId}`)).body.invoice;
    assert.ok(home.body.includes(invoice.number));
    assert.match(home.body, /Visa ending 4242/);
    assert.match(home.body, /Sign .*<\/button>/);
    const otherInvoice = (await t.get(`/2025-09/invoices/${other.invoiceId}`)).body.invoice;
    assert.ok(!home.body.includes(otherInvoice.number));
    assert.ok(!home.body.includes('pat.other@example.com'));
    // Another operator's portal does not know this session.
    const harbour = (await t.ctx(t.b.id)).operator.slug;
    assert.equal((await s.get(`/portal/${harbour}`)).status, 303);
  });

  test("the invoice PDF is the customer's own; another contact's invoice, subscription or contract is not found", async () => {
    const s = await signedIn(mine);
    const pdf = await t.lockyard.app.inject({
      method: 'GET',
      url: `/portal/${slug}/invoices/${mine.invoiceId}.pdf`,
      headers: { cookie: `lockyard_portal=${s.cookie('lockyard_portal')}` },
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const number = (await t.get(`/2025-09/invoices/${mine.invoiceId}`)).body.invoice.number;
    assert.match(await pdfText(pdf.rawPayload), new RegExp(number));
    assert.equal((await s.get(`/portal/${slug}/invoices/${other.invoiceId}.pdf`)).status, 404);
    await s.get(`/portal/${slug}`);
    const notice = await s.post(`/portal/${slug}/subscriptions/${other.subscriptionId}/notice`, {
      ends_on: '2040-01-31',
    });
    assert.equal(notice.status, 404);
    assert.equal((await s.post(`/portal/${slug}/contracts/${other.contractId}/sign`)).status, 404);
    const theirs = (await t.get(`/2025-09/subscriptions/${other.subscriptionId}`)).body.subscription;
    assert.equal(theirs.cancelled, false);
  });

  test('forms need the CSRF token', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const res = await s.post(`/portal/${slug}/identity-verification`, { _csrf: 'forged' });
    assert.equal(res.status, 403);
  });

  test('update the card with a sandbox test card; a declined card keeps the old one', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const declined = await s.post(`/portal/${slug}/payment-method`, {
      name: 'Pat Mine',
      card_number: '4000 0000 0000 0002',
      expiry: '12/35',
      cvc: '123',
    });
    assert.equal(declined.status, 402);
    assert.match(declined.body, /declined/);
    assert.match(declined.body, /value="Pat Mine"/);
    const ok = await s.post(`/portal/${slug}/payment-method`, {
      name: 'Pat Mine',
      card_number: '4000 0000 0000 0341',
      expiry: '12/35',
      cvc: '123',
    });
    assert.equal(ok.status, 303);
    const home = await s.get(ok.location!);
    assert.match(home.body, /Your payment method was updated/);
    assert.match(home.body, /Visa ending 0341/);
  });

  test('sign the contract: contract.signed, and its PDF', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const res = await s.post(`/portal/${slug}/contracts/${contractId}/sign`);
    assert.equal(res.status, 303, res.body);
    const contract = (await t.get(`/2025-09/contracts/${contractId}`)).body.contract;
    assert.equal(contract.status, 'signed');
    const events = (await t.get('/sandbox/events?limit=20')).body.events;
    assert.ok(events.some((e: any) => e.type === 'contract.signed' && JSON.stringify(e).includes(contractId)));
    const home = await s.get(res.location!);
    assert.match(home.body, /your contract is signed/);
    assert.ok(home.body.includes(`/portal/${slug}/contracts/${contractId}.pdf`));
    assert.equal((await s.get(`/portal/${slug}/contracts/${contractId}.pdf`)).status, 200);
    const twice = await s.post(`/portal/${slug}/contracts/${contractId}/sign`);
    assert.equal(twice.status, 409, 'a signed contract cannot be signed again');
  });

  test('start the identity check', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const res = await s.post(`/portal/${slug}/identity-verification`);
    assert.equal(res.status, 303);
    const checks = (await t.get(`/2025-09/identity_verifications?contact_id=${mine.contactId}`)).body
      .identity_verifications;
    assert.equal(checks.length, 1);
    assert.equal(checks[0].status, 'processing');
    const again = await s.post(`/portal/${slug}/identity-verification`);
    assert.equal(again.status, 409);
    assert.match(again.body, /already has identity verification/);
  });

  test('give notice: the subscription is cancelled to the end of the chosen day', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const past = await s.post(`/portal/${slug}/subscriptions/${mine.subscriptionId}/notice`, { ends_on: '2001-01-01' });
    assert.equal(past.status, 422);
    assert.match(past.body, /in the past/);
    const res = await s.post(`/portal/${slug}/subscriptions/${mine.subscriptionId}/notice`, { ends_on: '2040-03-31' });
    assert.equal(res.status, 303, res.body);
    const sub = (await t.get(`/2025-09/subscriptions/${mine.subscriptionId}`)).body.subscription;
    assert.equal(sub.cancelled, true);
    assert.equal(sub.ends_at, '2040-03-31T22:59:59Z');
    assert.match((await s.get(res.location!)).body, /Your notice was received/);
  });

  test('sign out ends the session', async () => {
    const s = await signedIn(mine);
    await s.get(`/portal/${slug}`);
    const out = await s.post(`/portal/${slug}/sign-out`);
    assert.equal(out.status, 200);
    assert.equal((await s.get(`/portal/${slug}`)).status, 303);
  });
});
