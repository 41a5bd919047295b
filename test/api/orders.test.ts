import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';

const ORDER_KEYS = [
  'id',
  'billing_period',
  'contact',
  'contract_template',
  'coupon',
  'created_at',
  'email_notifications',
  'line_items',
  'metadata',
  'one_time_total',
  'one_time_total_excluding_tax',
  'payment_method',
  'payment_url',
  'purchase_order_number',
  'site',
  'source',
  'starts_at',
  'status',
  'subscription',
  'subtotal',
  'tax',
  'tenancy',
  'total',
  'total_discount',
  'total_excluding_tax',
  'updated_at',
];
const LINE_KEYS = [
  'id',
  'created_at',
  'discount_total',
  'item',
  'price',
  'quantity',
  'tax',
  'total',
  'total_excluding_tax',
  'type',
  'updated_at',
];
const gbp = (amount: number, formatted: string) => ({ amount, currency: 'GBP', formatted });

describe(`orders (${STORE})`, () => {
  let t: TestApp;
  let site: string;
  let otherSite: string;
  let unitType: { id: string; monthly: number };
  let otherSiteUnitType: string;
  let protection: string;
  let oneTimeProduct: string;
  let recurringProduct: string | undefined;
  let contact: string;
  let coupon: Record<string, any>;
  let template: string;

  const events = async (type: string) =>
    (
      await sql<{
        payload: any;
      }>`SELECT payload FROM events WHERE operator_id = ${t.a.id} AND type = ${type} ORDER BY seq`.execute(
        t.lockyard.database.db,
      )
    ).rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).event);

  const draft = (extra: Record<string, unknown> = {}) => ({
    site: { id: site },
    contact: { id: contact },
    billing_period: 'monthly',
    payment_method: 'card',
    starts_at: '2026-04-15T00:00:00Z',
    line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: unitType.id } }],
    ...extra,
  });

  before(async () => {
    t = await createTestApp();
    const uts = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types;
    const bookable = uts.filter(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const ut = bookable[0];
    site = ut.site.id;
    unitType = { id: ut.id, monthly: ut.prices.find((p: any) => p.billing_period === 'monthly').price.amount };
    const other = uts.find((u: any) => u.site.id !== site);
    otherSite = other.site.id;
    otherSiteUnitType = other.id;
    protection = (await t.get('/2025-09/protection_levels?limit=1')).body.protection_levels[0].id;
    const products = (await t.get(`/2025-09/products?site_id=${site}&limit=100`)).body.products;
    oneTimeProduct = products.find((p: any) => p.charge_type === 'one_time').id;
    recurringProduct = products.find((p: any) => p.charge_type === 'recurring')?.id;
    contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
    coupon = (await t.get('/2025-09/coupons?limit=100')).body.coupons.find(
      (c: any) => c.name === '50% off first two months',
    );
    template = (await t.get('/2025-09/contract_templates?limit=1')).body.contract_templates[0].id;
  });
  after(() => t.close());

  test('creates a draft: documented shape, 201, totals with the site tax, order.created with the same rendering', async () => {
    const res = await t.post(
      '/2025-09/orders',
      draft({
        purchase_order_number: 'PO123456',
        emails: { booking_confirmation: false, move_in_day: false },
        metadata: { source: 'zapier', external_id: 'abc_123' },
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const o = res.body.order;
    assert.deepEqual(Object.keys(o), ORDER_KEYS);
    assert.match(o.id, /^order_[0-9a-f]{16}$/);
    assert.equal(o.status, 'draft');
    assert.equal(o.source, 'public_api');
    assert.equal(o.payment_url, null);
    assert.equal(o.starts_at, '2026-04-15T00:00:00Z');
    assert.deepEqual(o.email_notifications, { booking_confirmation: false, move_in_day: false });
    assert.deepEqual(o.metadata, { source: 'zapier', external_id: 'abc_123' });
    assert.equal(o.line_items.length, 1);
    // Demo sites tax unit types at 20 %.
    assert.deepEqual(o.subtotal, gbp(9500, '£95.00'));
    assert.deepEqual(o.tax, gbp(1900, '£19.00'));
    assert.deepEqual(o.total, gbp(11400, '£114.00'));
    assert.deepEqual(o.total_excluding_tax, gbp(9500, '£95.00'));
    assert.deepEqual(o.one_time_total, gbp(0, '£0.00'));
    const [evt] = (await events('order.created')).filter((e: any) => e.data.order.id === o.id);
    assert.deepEqual(evt.data.order, o);
  });

  test('inline contact: creates the contact (contact.created); an existing email is the documented 422', async () => {
    const res = await t.post(
      '/2025-09/orders',
      draft({ contact: { email: 'new.booker@example.com', full_name: 'New Booker', phone_number: '+447700900123' } }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = (await t.get(`/2025-09/contacts/${res.body.order.contact.id}`)).body.contact;
    assert.equal(c.email, 'new.booker@example.com');
    assert.ok((await events('contact.created')).some((e: any) => e.data.contact.id === c.id));
    const dup = await t.post('/2025-09/orders', draft({ contact: { email: 'new.booker@example.com' } }));
    assert.equal(dup.status, 422);
    assert.equal(dup.body.error.code, 'invalid_content');
    assert.deepEqual(dup.body.error.details, [
      { message: 'value at `/contact/email` has already been taken by another contact', pointer: '/contact/email' },
    ]);
    const both = await t.post('/2025-09/orders', draft({ contact: { id: contact, email: 'x@example.com' } }));
    assert.equal(both.status, 422);
    assert.equal(both.body.error.details[0].pointer, '/contact');
  });

  test('a bad line item creates nothing, not even the inline contact', async () => {
    const res = await t.post(
      '/2025-09/orders',
      draft({
        contact: { email: 'never.created@example.com' },
        line_items: [
          { type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: unitType.id } },
          { type: 'protection', quantity: 1, price: { amount: 999 }, item: { id: unitType.id } },
        ],
      }),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.error.details.map((d: any) => d.pointer),
      ['/line_items/1/item/id'],
    );
    const found = await t.get('/2025-09/contacts?email=never.created@example.com');
    assert.equal(found.body.contacts.length, 0);
  });

  test('line items: item.id must be the right kind at the order’s site (422 /item/id)', async () => {
    const o = (await t.post('/2025-09/orders', draft())).body.order;
    for (const body of [
      { type: 'unit_type', quantity: 1, price: { amount: 1 }, item: { id: otherSiteUnitType } },
      { type: 'product', quantity: 1, price: { amount: 1 }, item: { id: unitType.id } },
      { type: 'protection', quantity: 1, price: { amount: 1 }, item: { id: oneTimeProduct } },
      { type: 'security_deposit', quantity: 1, price: { amount: 1 }, item: { id: protection } },
    ]) {
      const res = await t.post(`/2025-09/orders/${o.id}/line_items`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.details[0].pointer, '/item/id');
    }
    const missing = await t.post(`/2025-09/orders/${o.id}/line_items`, {
      type: 'product',
      quantity: 1,
      item: { id: oneTimeProduct },
    });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.details[0].pointer, '/price');
  });

  test('line items CRUD re-prices the order: deposit untaxed, one-off product taxed, subscription coupon spread over recurring lines', async () => {
    const o = (await t.post('/2025-09/orders', draft({ coupon: { id: coupon.id } }))).body.order;
    const add = (body: unknown) => t.post(`/2025-09/orders/${o.id}/line_items`, body);
    const prot = await add({ type: 'protection', quantity: 1, price: { amount: 1999 }, item: { id: protection } });
    assert.equal(prot.status, 201);
    assert.deepEqual(Object.keys(prot.body.line_item), LINE_KEYS);
    const dep = await add({
      type: 'security_deposit',
      quantity: 1,
      price: { amount: 5000 },
      item: { id: unitType.id },
    });
    const prod = await add({ type: 'product', quantity: 2, price: { amount: 999 }, item: { id: oneTimeProduct } });
    assert.equal(prod.body.line_item.total_excluding_tax.amount, 1998);
    assert.equal(prod.body.line_item.tax.amount, 400);
    assert.equal(prod.body.line_item.discount_total.amount, 0);
    assert.equal(dep.body.line_item.tax.amount, 0);
    const shown = (await t.get(`/2025-09/orders/${o.id}`)).body.order;
    // 50 % of (9500 + 1999) = 5750 (half up); unit tax 20 % of (9500 − 4750); protection untaxed.
    assert.deepEqual(shown.subtotal, gbp(11499, '£114.99'));
    assert.deepEqual(shown.total_discount, gbp(5750, '£57.50'));
    assert.deepEqual(shown.total_excluding_tax, gbp(5749, '£57.49'));
    assert.deepEqual(shown.tax, gbp(950 + 400, '£13.50'));
    assert.deepEqual(shown.total, gbp(5749 + 950, '£66.99'));
    assert.deepEqual(shown.one_time_total, gbp(5000 + 1998 + 400, '£73.98'));
    assert.deepEqual(shown.one_time_total_excluding_tax, gbp(6998, '£69.98'));
    const list = (await t.get(`/2025-09/orders/${o.id}/line_items`)).body;
    assert.deepEqual(
      list.line_items.map((l: any) => l.type),
      ['unit_type', 'protection', 'security_deposit', 'product'],
    );
    assert.deepEqual(
      list.line_items.map((l: any) => l.discount_total.amount),
      [4750, 1000, 0, 0],
    );
    assert.equal(list.meta.pagination.count, 4);
    const upd = await t.patch(`/2025-09/orders/${o.id}/line_items/${prod.body.line_item.id}`, {
      quantity: 3,
      price: { amount: 1000 },
    });
    assert.equal(upd.status, 200);
    assert.deepEqual(upd.body.line_item.total, gbp(3600, '£36.00'));
    const del = await t.del(`/2025-09/orders/${o.id}/line_items/${dep.body.line_item.id}`);
    assert.deepEqual(del.body.success, { message: 'Line item deleted successfully.' });
    const after = (await t.get(`/2025-09/orders/${o.id}?expand=line_items,line_items.item`)).body.order;
    assert.equal(after.line_items.length, 3);
    assert.equal(after.line_items[0].item.id, unitType.id);
    assert.ok(after.line_items[0].item.dimensions, 'unit type expanded');
    assert.ok(after.line_items[1].item.cover_level, 'protection level expanded');
    assert.equal(after.line_items[2].item.charge_type, 'one_time');
    assert.deepEqual(after.one_time_total, gbp(3600, '£36.00'));
  });

  test('validate lists the documented messages; finalize needs cancel_redirect_url and then locks the order (409)', async () => {
    const empty = (await t.post('/2025-09/orders', { site: { id: site }, billing_period: 'weekly' })).body.order;
    assert.equal(empty.contact, null);
    assert.deepEqual(empty.line_items, []);
    const v = await t.get(`/2025-09/orders/${empty.id}/validate`);
    assert.equal(v.status, 422);
    assert.equal(v.body.error.code, 'invalid_content');
    const messages = v.body.error.details.map((d: any) => d.message);
    assert.ok(messages.includes('Line items must include at least one unit type line item'), messages.join());
    assert.ok(messages.includes('Contact must exist'));

    const o = (await t.post('/2025-09/orders', draft({ billing_period: 'yearly' }))).body.order;
    const unitTypeHasYearly = (await t.get(`/2025-09/unit_types/${unitType.id}`)).body.unit_type.prices.some(
      (p: any) => p.billing_period === 'yearly',
    );
    if (!unitTypeHasYearly) {
      const bad = await t.get(`/2025-09/orders/${o.id}/validate`);
      assert.deepEqual(bad.body.error.details, [{ message: 'Billing period must exist', pointer: '/billing_period' }]);
    }
    await t.patch(`/2025-09/orders/${o.id}`, { billing_period: 'monthly' });
    const ok = await t.get(`/2025-09/orders/${o.id}/validate`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.order.status, 'draft');

    const noUrl = await t.post(`/2025-09/orders/${o.id}/finalize`, { finalize: {} });
    assert.equal(noUrl.status, 422);
    assert.equal(noUrl.body.error.details[0].pointer, '/finalize/cancel_redirect_url');
    const unwrapped = await t.post(`/2025-09/orders/${o.id}/finalize`, { cancel_redirect_url: 'https://x.test/c' });
    assert.equal(unwrapped.status, 422);

    const fin = await t.post(`/2025-09/orders/${o.id}/finalize`, {
      finalize: { cancel_redirect_url: 'https://your-app.com/booking/cancelled' },
    });
    assert.equal(fin.status, 200);
    assert.equal(fin.body.order.status, 'finalized');
    assert.match(fin.body.order.payment_url, /^http:\/\/lockyard\.test\/checkout\/[A-Za-z0-9_-]{32}$/);
    const [evt] = (await events('order.finalized')).filter((e: any) => e.data.order.id === o.id);
    assert.equal(evt.data.order.payment_url, fin.body.order.payment_url);

    const line = o.line_items[0].id;
    for (const res of [
      await t.patch(`/2025-09/orders/${o.id}`, { purchase_order_number: 'X' }),
      await t.del(`/2025-09/orders/${o.id}`),
      await t.post(`/2025-09/orders/${o.id}/finalize`, { finalize: { cancel_redirect_url: 'https://x.test/c' } }),
      await t.post(`/2025-09/orders/${o.id}/line_items`, {
        type: 'protection',
        quantity: 1,
        price: { amount: 1 },
        item: { id: protection },
      }),
      await t.patch(`/2025-09/orders/${o.id}/line_items/${line}`, { quantity: 2 }),
      await t.del(`/2025-09/orders/${o.id}/line_items/${line}`),
    ]) {
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'conflict');
    }
  });

  test('update echoes starts_at "now"; merge-patches metadata; delete while draft', async () => {
    const o = (await t.post('/2025-09/orders', draft({ metadata: { a: '1', b: '2' } }))).body.order;
    const res = await t.patch(`/2025-09/orders/${o.id}`, {
      starts_at: 'now',
      payment_method: 'bacs_debit',
      metadata: { a: null, c: '3' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.order.starts_at, 'now');
    assert.equal(res.body.order.payment_method, 'bacs_debit');
    assert.deepEqual(res.body.order.metadata, { b: '2', c: '3' });
    const bad = await t.patch(`/2025-09/orders/${o.id}`, { starts_at: 'tomorrow' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/starts_at');
    const badEnum = await t.patch(`/2025-09/orders/${o.id}`, { payment_method: 'cash' });
    assert.equal(badEnum.status, 422);
    const moved = await t.patch(`/2025-09/orders/${o.id}`, { site: { id: otherSite } });
    assert.equal(moved.status, 422);
    assert.equal(moved.body.error.details[0].pointer, '/site/id');
    const del = await t.del(`/2025-09/orders/${o.id}`);
    assert.deepEqual(del.body.success, { message: 'Order deleted successfully.' });
    assert.equal((await t.get(`/2025-09/orders/${o.id}`)).status, 404);
  });

  test('list filters: status, site_id, contact_id, created and updated ranges; bad status is 422 invalid_url_param', async () => {
    const all = (await t.get('/2025-09/orders?limit=100')).body;
    assert.ok(all.orders.length >= 5);
    const drafts = (await t.get('/2025-09/orders?status=draft&limit=100')).body.orders;
    assert.ok(drafts.length > 0 && drafts.every((o: any) => o.status === 'draft'));
    const finalized = (await t.get('/2025-09/orders?status=finalized,completed')).body.orders;
    assert.ok(finalized.every((o: any) => o.status !== 'draft'));
    assert.equal((await t.get(`/2025-09/orders?site_id=${otherSite}`)).body.orders.length, 0);
    const mine = (await t.get(`/2025-09/orders?contact_id=${contact}&limit=100`)).body.orders;
    assert.ok(mine.length > 0 && mine.every((o: any) => o.contact.id === contact));
    assert.equal((await t.get('/2025-09/orders?created_after=2999-01-01T00:00:00Z')).body.orders.length, 0);
    assert.equal((await t.get('/2025-09/orders?updated_before=2000-01-01T00:00:00Z')).body.orders.length, 0);
    const bad = await t.get('/2025-09/orders?status=paid');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    const expanded = (await t.get('/2025-09/orders?expand=contact,line_items,line_items.item&limit=1')).body.orders[0];
    assert.ok(expanded.contact === null || expanded.contact.email);
    assert.equal(typeof expanded.line_items[0]?.type, 'string');
    const other = await t.get('/2025-09/orders', { token: t.b.token });
    assert.equal(other.body.orders.length, 0);
    assert.equal((await t.get(`/2025-09/orders/${all.orders[0].id}`, { token: t.b.token })).status, 404);
  });

  test('create and finalize in one request; the guide’s ord_ spelling names the same order', async () => {
    const res = await t.post(
      '/2025-09/orders',
      draft({
        contract_template: { id: template },
        finalize: { cancel_redirect_url: 'https://your-app.com/booking/cancelled' },
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.order.status, 'finalized');
    assert.ok(res.body.order.payment_url);
    const id = res.body.order.id as string;
    const alias = await t.get(`/2025-09/orders/${id.replace(/^order_/, 'ord_')}`);
    assert.equal(alias.status, 200);
    assert.equal(alias.body.order.id, id);
    const created = (await events('order.created')).find((e: any) => e.data.order.id === id);
    assert.equal(created.data.order.status, 'draft');
    const invalid = await t.post(
      '/2025-09/orders',
      draft({ line_items: [], finalize: { cancel_redirect_url: 'https://x.test/c' } }),
    );
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.error.details, [
      { message: 'Line items must include at least one unit type line item', pointer: '/line_items' },
    ]);
  });

  test('sandbox pay completes once; 50 racing attempts create one tenancy; events carry full payloads', async () => {
    const body = draft({
      starts_at: 'now',
      contract_template: { id: template },
      line_items: [
        { type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: unitType.id } },
        { type: 'security_deposit', quantity: 1, price: { amount: 5000 }, item: { id: unitType.id } },
        ...(recurringProduct
          ? [{ type: 'product', quantity: 1, price: { amount: 500 }, item: { id: recurringProduct } }]
          : []),
      ],
      finalize: { cancel_redirect_url: 'https://your-app.com/booking/cancelled' },
    });
    const o = (await t.post('/2025-09/orders', body)).body.order;
    const draftOnly = (await t.post('/2025-09/orders', draft())).body.order;
    const notYet = await t.post(`/sandbox/orders/${draftOnly.id}/pay`);
    assert.equal(notYet.status, 409);

    const attempts = await Promise.all(Array.from({ length: 50 }, () => t.post(`/sandbox/orders/${o.id}/pay`)));
    assert.deepEqual(
      [...new Set(attempts.map((r) => r.status))],
      [200],
      attempts.map((r) => JSON.stringify(r.body.error ?? '')).join(),
    );
    for (const r of attempts) assert.equal(r.body.order.status, 'completed');
    const db = t.lockyard.database.db;
    const tenancies = await sql<{ id: string }>`SELECT id FROM tenancies WHERE order_id = ${o.id}`.execute(db);
    assert.equal(tenancies.rows.length, 1);
    const completed = (await events('order.completed')).filter((e: any) => e.data.order.id === o.id);
    assert.equal(completed.length, 1);
    const order = completed[0].data.order;
    assert.equal(order.status, 'completed');
    assert.equal(order.tenancy.id, tenancies.rows[0].id);
    assert.match(order.subscription.id, /^sub_/);
    assert.match(order.starts_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const shown = (await t.get(`/2025-09/orders/${o.id}`)).body.order;
    assert.deepEqual(shown, order);
    for (const type of ['tenancy.created', 'subscription.created', 'contract.created']) {
      const mine = (await events(type)).filter(
        (e: any) => JSON.stringify(e.data).includes(o.id) || JSON.stringify(e.data).includes(order.tenancy.id),
      );
      assert.equal(mine.length, 1, type);
    }
    const invoices = (await events('invoice.created')).filter(
      (e: any) =>
        JSON.stringify(e.data).includes(order.subscription.id) || JSON.stringify(e.data).includes(order.contact.id),
    );
    assert.ok(invoices.length >= 2, 'a one-time invoice (deposit) and the first cycle’s invoice');
  });
});
