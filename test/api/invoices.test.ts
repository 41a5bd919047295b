import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';

const KEYS = [
  'id',
  'amount_due',
  'amount_paid',
  'contact',
  'created_at',
  'finalized_at',
  'line_items',
  'number',
  'paid_at',
  'period_end',
  'period_start',
  'post_payment_credit_notes_amount',
  'pre_payment_credit_notes_amount',
  'purchase_order_number',
  'site',
  'status',
  'subscription',
  'subtotal',
  'tax',
  'tenancy',
  'total',
  'updated_at',
  'voided_at',
];
const LINE_KEYS = [
  'accounting_code',
  'description',
  'discount_total',
  'price',
  'proration',
  'quantity',
  'tax',
  'total',
  'total_excluding_tax',
  'type',
];
const MONEY = ['amount', 'currency', 'formatted'];
const STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'];

describe('invoices', () => {
  let t: TestApp;
  let all: any[];
  const pdf = (url: string, token = t.a.token, accept = 'application/pdf') =>
    t.lockyard.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept } });
  before(async () => {
    t = await createTestApp();
    all = (await t.get('/2025-09/invoices')).body.invoices;
  });
  after(() => t.close());

  test('lists invoices in the reference’s shape and key order', async () => {
    const res = await t.get('/2025-09/invoices');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['invoices', 'meta']);
    assert.equal(res.body.meta.pagination.count, 8);
    for (const i of res.body.invoices) {
      assert.deepEqual(Object.keys(i), KEYS);
      assert.match(i.id, /^inv_[0-9a-f]{16}$/);
      assert.match(i.number, /^ACME-\d{6}$/);
      assert.ok(STATUSES.includes(i.status));
      for (const k of [
        'amount_due',
        'amount_paid',
        'subtotal',
        'tax',
        'total',
        'pre_payment_credit_notes_amount',
        'post_payment_credit_notes_amount',
      ]) {
        assert.deepEqual(Object.keys(i[k]), MONEY, k);
        assert.ok(Number.isInteger(i[k].amount));
      }
      assert.match(i.tenancy.id, /^ten_/);
      assert.ok(i.line_items.length >= 1);
      for (const l of i.line_items) {
        assert.deepEqual(Object.keys(l), LINE_KEYS);
        assert.ok(['unit_type', 'protection', 'product', 'security_deposit'].includes(l.type));
        assert.equal(l.proration, false);
        assert.equal(l.total_excluding_tax.amount + l.tax.amount, l.total.amount);
      }
      // Totals add up from the lines.
      assert.equal(
        i.total.amount,
        i.line_items.reduce((n: number, l: any) => n + l.total.amount, 0),
      );
      assert.equal(
        i.tax.amount,
        i.line_items.reduce((n: number, l: any) => n + l.tax.amount, 0),
      );
      if (i.status === 'paid') assert.ok(i.paid_at && i.amount_paid.amount === i.total.amount);
      if (i.status === 'draft') assert.equal(i.finalized_at, null);
    }
    assert.equal(new Set(res.body.invoices.map((i: any) => i.number)).size, 8, 'numbers are unique');
    const statuses = new Set(res.body.invoices.map((i: any) => i.status));
    for (const s of ['draft', 'open', 'paid', 'uncollectible']) assert.ok(statuses.has(s), s);
    // One-time charges (deposits, one-off products) are on invoices of their own, outside the subscription.
    for (const i of res.body.invoices) {
      const oneOff = i.line_items.some((l: any) => l.type === 'security_deposit');
      if (oneOff) assert.equal(i.subscription, null);
      else assert.match(i.subscription.id, /^sub_/);
    }
  });

  test('filters by status (with 422 for an unknown one), contact, site, subscription, tenancy and creation time', async () => {
    const paid = await t.get('/2025-09/invoices?status=paid');
    assert.deepEqual(
      paid.body.invoices.map((i: any) => i.id),
      all.filter((i) => i.status === 'paid').map((i) => i.id),
    );
    const two = await t.get('/2025-09/invoices?status=open,draft');
    assert.deepEqual(two.body.invoices.map((i: any) => i.status).sort(), ['draft', 'open']);
    const bad = await t.get('/2025-09/invoices?status=settled');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    assert.equal(bad.body.error.details[0].pointer, '/status');

    const withSub = all.find((i) => i.subscription)!;
    const bySub = await t.get(`/2025-09/invoices?subscription_id=${withSub.subscription.id}`);
    assert.deepEqual(
      bySub.body.invoices.map((i: any) => i.id),
      [withSub.id],
    );
    const byTenancy = await t.get(`/2025-09/invoices?tenancy_id=${withSub.tenancy.id}`);
    assert.deepEqual(
      byTenancy.body.invoices.map((i: any) => i.id).sort(),
      all
        .filter((i) => i.tenancy.id === withSub.tenancy.id)
        .map((i) => i.id)
        .sort(),
    );
    const byContact = await t.get(`/2025-09/invoices?contact_id=${withSub.contact.id}`);
    assert.ok(byContact.body.invoices.every((i: any) => i.contact.id === withSub.contact.id));
    assert.ok(byContact.body.invoices.length >= 1);
    const bySite = await t.get(`/2025-09/invoices?site_id=${withSub.site.id}`);
    assert.deepEqual(
      bySite.body.invoices.map((i: any) => i.id),
      all.filter((i) => i.site.id === withSub.site.id).map((i) => i.id),
    );

    const pivot = all[3].created_at;
    const after = await t.get(`/2025-09/invoices?created_after=${pivot}`);
    assert.deepEqual(
      after.body.invoices.map((i: any) => i.id),
      all.filter((i) => i.created_at >= pivot).map((i) => i.id),
    );
    const badDate = await t.get('/2025-09/invoices?created_after=yesterday');
    assert.equal(badDate.status, 422);
    assert.equal(badDate.body.error.code, 'invalid_url_param');
  });

  test('shows an invoice as listed, and expands contact, site, subscription and tenancy', async () => {
    const withSub = all.find((i) => i.subscription)!;
    const plain = await t.get(`/2025-09/invoices/${withSub.id}`);
    assert.deepEqual(plain.body.invoice, withSub);
    const res = await t.get(`/2025-09/invoices/${withSub.id}?expand=contact,site,subscription,tenancy`);
    assert.equal(res.status, 200);
    const i = res.body.invoice;
    assert.equal(typeof i.contact.email, 'string');
    assert.equal(typeof i.site.name, 'string');
    assert.equal(i.subscription.id, withSub.subscription.id);
    assert.ok(Array.isArray(i.subscription.line_items));
    assert.deepEqual(i.tenancy.subscription, { id: withSub.subscription.id });
    const bad = await t.get('/2025-09/invoices?expand=credit_notes');
    assert.equal(bad.status, 422);
  });

  test('lists as CSV with dotted money columns', async () => {
    const res = await t.get('/2025-09/invoices?status=paid', { headers: { accept: 'text/csv' } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, all.filter((i) => i.status === 'paid').length);
    assert.ok(Object.keys(rows[0]).includes('total.amount') && Object.keys(rows[0]).includes('number'));
    assert.equal(rows[0].number, all.find((i) => i.status === 'paid')!.number);
    assert.deepEqual(
      JSON.parse(rows[0].line_items).map((l: any) => Object.keys(l)),
      JSON.parse(rows[0].line_items).map(() => LINE_KEYS),
    );
  });

  test('shows an invoice as a PDF on Accept: application/pdf', async () => {
    const inv = all.find((i) => i.line_items.length > 1)!;
    const res = await pdf(`/2025-09/invoices/${inv.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), new RegExp(`filename="${inv.number}.pdf"`));
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(res.rawPayload.length > 1500);
    assert.match(res.rawPayload.subarray(-8).toString(), /%%EOF/);
    // The PDF is not cached as JSON nor served to a JSON request afterwards.
    const json = await t.get(`/2025-09/invoices/${inv.id}`);
    assert.equal(json.body.invoice.id, inv.id);
  });

  test('PDF is offered on show only: the list and other formats are 406 invalid_format', async () => {
    const list = await pdf('/2025-09/invoices');
    assert.equal(list.statusCode, 406);
    assert.equal(list.json().error.code, 'invalid_format');
    const png = await pdf(`/2025-09/invoices/${all[0].id}`, t.a.token, 'image/png');
    assert.equal(png.statusCode, 406);
    const csvShow = await pdf(`/2025-09/invoices/${all[0].id}`, t.a.token, 'text/csv');
    assert.equal(csvShow.statusCode, 406);
  });

  test('needs public.invoice:read; another operator’s invoice is 404 as JSON and as PDF', async () => {
    const without = await t.tokenWith(SCOPES.filter((s) => s !== 'public.invoice:read'));
    assert.equal((await t.get('/2025-09/invoices', { token: without })).status, 403);
    assert.equal((await pdf(`/2025-09/invoices/${all[0].id}`, without)).statusCode, 403);
    const res = await t.get(`/2025-09/invoices/${all[0].id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    const asPdf = await pdf(`/2025-09/invoices/${all[0].id}`, t.b.token);
    assert.equal(asPdf.statusCode, 404);
    const theirs = (await t.get('/2025-09/invoices', { token: t.b.token })).body.invoices;
    assert.ok(
      theirs.length >= 1 && theirs.every((i: any) => /^HARBOUR-\d{6}$/.test(i.number) && i.total.currency === 'EUR'),
    );
  });
});
