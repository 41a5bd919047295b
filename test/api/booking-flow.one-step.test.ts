import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STORE } from '../harness/test-app.ts';
import { startGuideRun, WEBHOOKS_LANDED, type GuideRun } from '../harness/booking-guide.ts';
import * as guide from '../fixtures/booking-guide/requests.ts';
import { GUIDE } from '../fixtures/booking-guide/world.ts';

// "Create and finalize in one step", then the customer pays on the hosted checkout page (a plain form POST,
// as a browser without JavaScript sends it) and the booking is announced by the guide's webhooks.
describe(`booking-flow guide: one step (${STORE})`, () => {
  let run: GuideRun;
  let order: any;
  before(async () => {
    run = await startGuideRun({ draftOrder: false });
  });
  after(() => run.close());

  test('create and finalize in one request: finalized with a payment_url and the guide’s totals', async () => {
    const res = await run.send(guide.createAndFinalize);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    order = res.body.order;
    assert.equal(order.status, 'finalized');
    assert.equal(order.line_items.length, 2);
    assert.deepEqual(
      [order.subtotal.amount, order.tax.amount, order.total.amount, order.one_time_total.amount],
      [10499, 0, 10499, 0],
    );
    assert.match(order.payment_url, /\/checkout\/[A-Za-z0-9_-]+$/);
  });

  test('the customer pays on the hosted checkout page; the guide’s webhooks follow with full payloads', async () => {
    const checkout = run.base + new URL(order.payment_url).pathname;
    const page = await fetch(checkout);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Medium unit/);
    const form = new URLSearchParams({
      name: 'Jane Smith',
      card_number: '4242 4242 4242 4242',
      expiry: '12/30',
      cvc: '123',
    });
    const paid = await fetch(checkout, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(paid.status, 303);
    assert.match(paid.headers.get('location') ?? '', /^\/portal\/account-setup\//);
    const shown = (await run.send({ name: 'show', method: 'GET', path: `/2025-09/orders/${order.id}` })).body.order;
    assert.equal(shown.status, 'completed');
    if (!WEBHOOKS_LANDED) return;
    const hooks = await run.webhooksFor(order.id, guide.GUIDE_EVENTS);
    assert.deepEqual([...hooks.keys()].sort(), [...guide.GUIDE_EVENTS].sort());
    assert.deepEqual(hooks.get('order.completed').data.order, shown);
    assert.equal(hooks.get('order.created').data.order.status, 'draft');
    assert.equal(hooks.get('order.finalized').data.order.payment_url, order.payment_url);
    const tenancy = hooks.get('tenancy.created').data.tenancy;
    assert.equal(tenancy.id, shown.tenancy.id);
    assert.deepEqual(
      [tenancy.contact, tenancy.site, tenancy.order, tenancy.starts_at],
      [{ id: GUIDE.contact }, { id: GUIDE.site }, { id: order.id }, '2026-04-15T00:00:00Z'],
    );
    // The payload lists the unit the operator's auto-reservation held in the same transaction, as the show does.
    const shownTenancy = (await run.t.get(`/2025-09/tenancies/${tenancy.id}`)).body.tenancy;
    assert.deepEqual(tenancy.unit_allocations, shownTenancy.unit_allocations);
    assert.equal(hooks.get('subscription.created').data.subscription.id, shown.subscription.id);
  });
});
