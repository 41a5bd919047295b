import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';

// The reference's credit note has no updated_at.
const KEYS = [
  'id',
  'contact',
  'created_at',
  'invoice',
  'line_items',
  'number',
  'reason',
  'site',
  'status',
  'subtotal',
  'total',
  'type',
];
const LINE_KEYS = ['amount', 'description', 'discount_total', 'price', 'quantity', 'tax', 'type'];

describe('credit notes', () => {
  let t: TestApp;
  let all: any[];
  const get = (url: string, accept: string, token = t.a.token) =>
    t.lockyard.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept } });
  before(async () => {
    t = await createTestApp();
    all = (await t.get('/2025-09/credit_notes')).body.credit_notes;
  });
  after(() => t.close());

  test('lists the seeded credit note in the reference’s shape; its invoice records the credited amount', async () => {
    const res = await t.get('/2025-09/credit_notes');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['credit_notes', 'meta']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 1,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    const c = res.body.credit_notes[0];
    assert.deepEqual(Object.keys(c), KEYS);
    assert.match(c.id, /^cred_[0-9a-f]{16}$/);
    assert.match(c.number, /^ACME-\d{6}-CN-1$/);
    assert.equal(c.status, 'issued');
    assert.equal(c.type, 'post_payment');
    assert.equal(c.reason, 'other');
    for (const l of c.line_items) {
      assert.deepEqual(Object.keys(l), LINE_KEYS);
      assert.equal(l.type, 'invoice_line_item');
      assert.deepEqual(Object.keys(l.amount), ['amount', 'currency', 'formatted']);
    }
    assert.equal(
      c.total.amount,
      c.line_items.reduce((n: number, l: any) => n + l.amount.amount, 0),
    );
    const inv = (await t.get(`/2025-09/invoices/${c.invoice.id}`)).body.invoice;
    assert.ok(c.number.startsWith(`${inv.number}-CN-`));
    assert.equal(inv.post_payment_credit_notes_amount.amount, c.total.amount);
    assert.equal(inv.pre_payment_credit_notes_amount.amount, 0);
    assert.deepEqual(inv.contact, c.contact);
  });

  test('shows as listed; expands contact, invoice and site', async () => {
    const c = all[0];
    assert.deepEqual((await t.get(`/2025-09/credit_notes/${c.id}`)).body.credit_note, c);
    const res = await t.get(`/2025-09/credit_notes/${c.id}?expand=contact,invoice,site`);
    assert.equal(res.status, 200);
    assert.equal(res.body.credit_note.invoice.id, c.invoice.id);
    assert.equal(typeof res.body.credit_note.invoice.number, 'string');
    assert.equal(typeof res.body.credit_note.contact.email, 'string');
    assert.equal(typeof res.body.credit_note.site.name, 'string');
    const bad = await t.get('/2025-09/credit_notes?expand=subscription');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/expand');
  });

  test('filters by invoice, contact, site and status; a bad status is 422', async () => {
    const c = all[0];
    for (const q of [
      `invoice_id=${c.invoice.id}`,
      `contact_id=${c.contact.id}`,
      `site_id=${c.site.id}`,
      'status=issued',
      `created_before=2999-01-01T00:00:00Z`,
    ]) {
      const res = await t.get(`/2025-09/credit_notes?${q}`);
      assert.deepEqual(
        res.body.credit_notes.map((x: any) => x.id),
        [c.id],
        q,
      );
    }
    for (const q of ['invoice_id=inv_0000000000000000', 'status=void', `created_after=2999-01-01T00:00:00Z`]) {
      assert.deepEqual((await t.get(`/2025-09/credit_notes?${q}`)).body.credit_notes, [], q);
    }
    const bad = await t.get('/2025-09/credit_notes?status=refunded');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/status');
    assert.equal((await t.get('/2025-09/credit_notes?sort_by=total')).status, 422);
  });

  test('lists as CSV and shows as PDF; PDF on the list is 406', async () => {
    const csv = await get('/2025-09/credit_notes', 'text/csv');
    assert.equal(csv.statusCode, 200);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, all[0].id);
    assert.equal(rows[0]['total.amount'], String(all[0].total.amount));
    assert.equal(rows[0]['invoice.id'], all[0].invoice.id);

    const pdf = await get(`/2025-09/credit_notes/${all[0].id}`, 'application/pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const listPdf = await get('/2025-09/credit_notes', 'application/pdf');
    assert.equal(listPdf.statusCode, 406);
    assert.equal(listPdf.json().error.code, 'invalid_format');
  });

  test('needs public.credit_note:read; another operator’s credit note is 404', async () => {
    const without = await t.tokenWith(SCOPES.filter((s) => s !== 'public.credit_note:read'));
    assert.equal((await t.get('/2025-09/credit_notes', { token: without })).status, 403);
    assert.equal((await t.get(`/2025-09/credit_notes/${all[0].id}`, { token: without })).status, 403);
    const res = await t.get(`/2025-09/credit_notes/${all[0].id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    assert.equal((await get(`/2025-09/credit_notes/${all[0].id}`, 'application/pdf', t.b.token)).statusCode, 404);
    assert.deepEqual((await t.get('/2025-09/credit_notes', { token: t.b.token })).body.credit_notes, []);
    // Expanding the invoice needs the invoice scope.
    const cnOnly = await t.tokenWith(['public.credit_note:read']);
    assert.equal((await t.get('/2025-09/credit_notes?expand=invoice', { token: cnOnly })).status, 403);
  });
});
