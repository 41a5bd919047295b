import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';
import { pdfText } from '../harness/pdf-text.ts';
import { book, bookingWorld } from '../harness/booking.ts';

/** Back office → Billing: lists (overdue, failed payments), the invoice page, mark paid, void, refund, PDFs, roles. */
describe('back office: billing', () => {
  let t: TestApp;
  let owner: BackofficeSession;
  let clerk: BackofficeSession;
  let emitted: (type: string, id: string) => Promise<number>;
  const api = (path: string) => t.get(path, { token: t.a.token });
  const invoiceOf = async (id: string) => (await api(`/2025-09/invoices/${id}`)).body.invoice;
  const openInvoices = async () =>
    (await api('/2025-09/invoices?status=open&limit=100')).body.invoices as Array<{ id: string; number: string }>;

  before(async () => {
    t = await createTestApp();
    ({ staff: owner, emitted } = await demoStaffOn(t, t.a.id));
    // Bookings starting now leave their first month's invoice open (no card on file for a new contact).
    const world = await bookingWorld(t);
    for (let i = 0; i < 4; i++)
      await book(t, {
        unitTypeId: world.unitType.id,
        siteId: world.unitType.site.id,
        startsAt: 'now',
        amount: world.monthly,
      });
    // A member with the least role: day-to-day work, but no void or refund.
    const logins = t.lockyard.services.staffLogins;
    const user = await logins.createUser({
      email: 'clerk@lockyard.test',
      name: 'Clerk',
      password: 'clerk-password-123',
    });
    await logins.addMembership(user.id, t.a.id, null, 'staff');
    clerk = new BackofficeSession(t.lockyard.app);
    assert.equal((await clerk.signIn('clerk@lockyard.test', 'clerk-password-123')).status, 303);
  });
  after(() => t.close());

  test('lists: status tabs, overdue on the operator clock, failed payments with dunning, credit notes', async () => {
    const all = await owner.get('/backoffice/billing');
    assert.equal(all.status, 200);
    const overdue = await owner.get('/backoffice/billing?status=overdue');
    assert.equal(overdue.status, 200);
    for (const inv of (await openInvoices()).slice(0, 5)) assert.ok(overdue.body.includes(inv.id));
    const paid = (await api('/2025-09/invoices?status=paid&limit=1')).body.invoices[0];
    assert.ok(!overdue.body.includes(`id="${paid.id}"`));
    assert.equal((await owner.get('/backoffice/billing?status=failed')).status, 200);
    assert.equal((await owner.get('/backoffice/billing/credit-notes')).status, 200);
    assert.equal((await owner.get('/backoffice/billing?status=nonsense')).status, 200);
  });

  test('an invoice page with lines and PDF; mark paid → invoice.paid; a second time is 409', async () => {
    const [inv] = await openInvoices();
    const page = await clerk.get(`/backoffice/billing/invoices/${inv.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /id="lines"/);
    assert.match(page.body, /Mark paid/);
    assert.doesNotMatch(page.body, />Void</, 'staff are not offered void');
    const pdf = await t.lockyard.app.inject({
      url: `/backoffice/billing/invoices/${inv.id}.pdf`,
      headers: { cookie: `lockyard_session=${clerk.cookie('lockyard_session')}` },
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(await pdfText(pdf.rawPayload), new RegExp(inv.number));

    const res = await clerk.post(`/backoffice/billing/invoices/${inv.id}/mark-paid`);
    assert.equal(res.status, 303, res.body);
    const after = await invoiceOf(inv.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.amount_paid.amount, after.total.amount);
    assert.equal(await emitted('invoice.paid', inv.id), 1);
    const again = await clerk.post(`/backoffice/billing/invoices/${inv.id}/mark-paid`);
    assert.equal(again.status, 409);
    assert.match(again.body, /is paid; marking it paid requires status open or uncollectible/);
  });

  test('void needs a manager; voiding emits invoice.updated; a paid invoice is refunded instead', async () => {
    const [, inv] = await openInvoices();
    await clerk.get(`/backoffice/billing/invoices/${inv.id}`);
    const refused = await clerk.post(`/backoffice/billing/invoices/${inv.id}/void`);
    assert.equal(refused.status, 403);
    assert.equal((await invoiceOf(inv.id)).status, 'open');

    await owner.get(`/backoffice/billing/invoices/${inv.id}`);
    const res = await owner.post(`/backoffice/billing/invoices/${inv.id}/void`);
    assert.equal(res.status, 303);
    const voided = await invoiceOf(inv.id);
    assert.equal(voided.status, 'void');
    assert.ok(voided.voided_at);
    assert.equal(await emitted('invoice.updated', inv.id), 1);
    const paid = (await api('/2025-09/invoices?status=paid&limit=1')).body.invoices[0];
    const nope = await owner.post(`/backoffice/billing/invoices/${paid.id}/void`);
    assert.equal(nope.status, 409);
    assert.match(nope.body, /refund it as a credit note instead/);
  });

  test('refund as a credit note: partial then the rest; too much, bad reason, unpaid and staff are refused', async () => {
    const paid = (await api('/2025-09/invoices?status=paid&limit=20')).body.invoices.find(
      (i: { total: { amount: number }; post_payment_credit_notes_amount: { amount: number } }) =>
        i.total.amount > 200 && i.post_payment_credit_notes_amount.amount === 0,
    );
    assert.ok(paid, 'a paid invoice to refund');
    await clerk.get(`/backoffice/billing/invoices/${paid.id}`);
    assert.equal((await clerk.post(`/backoffice/billing/invoices/${paid.id}/refund`, { reason: 'other' })).status, 403);

    await owner.get(`/backoffice/billing/invoices/${paid.id}`);
    const tooMuch = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, {
      amount: '999999.00',
      reason: 'other',
    });
    assert.equal(tooMuch.status, 422);
    assert.match(tooMuch.body, /value at `\/amount` must be between 1 and/);
    assert.match(tooMuch.body, /value="999999.00"/);
    const badText = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, {
      amount: 'ten',
      reason: 'other',
    });
    assert.equal(badText.status, 422);
    const badReason = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, {
      amount: '1.00',
      reason: 'x',
    });
    assert.equal(badReason.status, 422);
    assert.match(badReason.body, /value at `\/reason` is not one of/);

    const part = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, {
      amount: '1.00',
      reason: 'product_unsatisfactory',
    });
    assert.equal(part.status, 303, part.body);
    const notes = (await api(`/2025-09/credit_notes?invoice_id=${paid.id}`)).body.credit_notes;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].total.amount, 100);
    assert.equal(notes[0].type, 'post_payment');
    assert.equal(notes[0].reason, 'product_unsatisfactory');
    assert.equal(await emitted('credit_note.created', notes[0].id), 1);
    assert.equal((await invoiceOf(paid.id)).post_payment_credit_notes_amount.amount, 100);

    const rest = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, { amount: '', reason: 'other' });
    assert.equal(rest.status, 303);
    const after = await invoiceOf(paid.id);
    assert.equal(after.post_payment_credit_notes_amount.amount, after.amount_paid.amount);
    const done = await owner.post(`/backoffice/billing/invoices/${paid.id}/refund`, { reason: 'other' });
    assert.equal(done.status, 409);
    assert.match(done.body, /refunded in full already/);

    const list = await owner.get('/backoffice/billing/credit-notes');
    assert.ok(list.body.includes(notes[0].id));
    const pdf = await t.lockyard.app.inject({
      url: `/backoffice/billing/credit-notes/${notes[0].id}.pdf`,
      headers: { cookie: `lockyard_session=${owner.cookie('lockyard_session')}` },
    });
    assert.equal(pdf.statusCode, 200);
    assert.match(await pdfText(pdf.rawPayload), new RegExp(notes[0].number));

    const [open] = await openInvoices();
    const unpaid = await owner.post(`/backoffice/billing/invoices/${open.id}/refund`, { reason: 'other' });
    assert.equal(unpaid.status, 409);
    assert.match(unpaid.body, /refunding it requires status paid/);
  });
});
