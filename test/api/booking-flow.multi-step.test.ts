import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { STORE } from '../harness/test-app.ts';
import { startGuideRun, WEBHOOKS_LANDED, type GuideRun } from '../harness/booking-guide.ts';
import * as guide from '../fixtures/booking-guide/requests.ts';
import { GUIDE } from '../fixtures/booking-guide/world.ts';

// The booking-flow guide, multi-step, word for word: browse, create the contact upfront, create the order
// with the existing contact, add protection and a deposit, validate, finalize — then pay and watch the webhooks.
describe(`booking-flow guide: multi-step (${STORE})`, () => {
  let run: GuideRun;
  before(async () => {
    run = await startGuideRun({ draftOrder: true });
  });
  after(() => run.close());

  test('Step 1: every browse request answers with the guide’s data', async () => {
    const [sites, unitTypes, units, levels, products] = await Promise.all(guide.browse.map((r) => run.send(r)));
    for (const r of [sites, unitTypes, units, levels, products]) assert.equal(r.status, 200);
    const site = sites.body.sites.find((s: any) => s.id === GUIDE.site);
    assert.equal(site.name, 'Manchester City Centre');
    assert.deepEqual(site.access_hours.monday, { close: '22:00', open: '06:00', status: 'set_hours' });
    const ut = unitTypes.body.unit_types.find((u: any) => u.id === GUIDE.unitType);
    assert.deepEqual(
      unitTypes.body.unit_types.map((u: any) => u.site.id),
      unitTypes.body.unit_types.map(() => GUIDE.site),
    );
    assert.equal(ut.status, 'bookable');
    assert.deepEqual(
      ut.prices.map((p: any) => [p.billing_period, p.price.amount]),
      [['monthly', 9500]],
    );
    assert.deepEqual(ut.security_deposit, { amount: 5000, currency: 'GBP', formatted: '£50.00' });
    assert.equal(units.body.units.length, 1);
    assert.equal(units.body.units[0].status, 'available');
    assert.ok(levels.body.protection_levels.some((p: any) => p.id === GUIDE.protection));
    assert.ok(products.body.products.length > 0 && products.body.products.every((p: any) => p.site.id === GUIDE.site));
  });

  test('Step 2: create the contact upfront', async () => {
    const res = await run.send(guide.createContact);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.contact.email, 'jane.smith@example.com');
    assert.equal(res.body.contact.use_case, 'moving_home');
  });

  test('Step 3: create the order with the existing contact; a retry with the same Idempotency-Key replays it', async () => {
    const res = await run.send(guide.createOrderExistingContact);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const o = res.body.order;
    assert.equal(o.status, 'draft');
    assert.deepEqual(o.contact, { id: GUIDE.contact });
    assert.equal(o.starts_at, '2026-04-15T00:00:00Z');
    assert.deepEqual([o.subtotal.amount, o.tax.amount, o.total.amount, o.one_time_total.amount], [9500, 0, 9500, 0]);
    const again = await run.send(guide.createOrderExistingContact);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.order.id, o.id);
    // The guide's order (step 3's result under the id its later steps use) is the same kind of draft.
    const theirs = (
      await run.send({ name: 'show', method: 'GET', path: '/2025-09/orders/ord_9ef07151f2470754?expand=line_items' })
    ).body.order;
    assert.deepEqual(
      [
        theirs.status,
        theirs.contact,
        theirs.billing_period,
        theirs.total,
        theirs.line_items.map((l: any) => [l.type, l.item.id, l.price.amount]),
      ],
      [o.status, o.contact, o.billing_period, o.total, [['unit_type', GUIDE.unitType, 9500]]],
    );
  });

  test('Step 3: add protection and a security deposit to ord_9ef07151f2470754', async () => {
    const [prot, dep] = [await run.send(guide.addLineItems[0]), await run.send(guide.addLineItems[1])];
    assert.equal(prot.status, 201, JSON.stringify(prot.body));
    assert.equal(dep.status, 201, JSON.stringify(dep.body));
    assert.equal(prot.body.line_item.type, 'protection');
    assert.deepEqual(dep.body.line_item.tax, { amount: 0, currency: 'GBP', formatted: '£0.00' });
  });

  test('Step 4: validate, then finalize: payment_url, locked', async () => {
    const v = await run.send(guide.validate);
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.order.id, GUIDE.order);
    assert.deepEqual(
      [v.body.order.subtotal.amount, v.body.order.total.amount, v.body.order.one_time_total.amount],
      [10499, 10499, 5000],
    );
    const f = await run.send(guide.finalize);
    assert.equal(f.status, 200, JSON.stringify(f.body));
    assert.equal(f.body.order.status, 'finalized');
    assert.ok(f.body.order.payment_url.startsWith('http://lockyard.test/checkout/'));
    const again = await run.send(guide.addLineItems[0]);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
  });

  test('Step 5: payment completes the booking; the outbox and the webhooks say so', async () => {
    const paid = await run.send({
      name: 'sandbox pay',
      method: 'POST',
      path: '/sandbox/orders/ord_9ef07151f2470754/pay',
    });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const o = paid.body.order;
    assert.equal(o.status, 'completed');
    const db = run.t.lockyard.database.db;
    // Events about the order, its tenancy or its subscription (invoices name the subscription, not the order).
    const rows = (
      await sql<{
        type: string;
        payload: unknown;
        created_at: Date;
      }>`SELECT type, payload, created_at FROM events WHERE operator_id = ${run.t.a.id} ORDER BY seq`.execute(db)
    ).rows;
    const ids = [GUIDE.order, o.tenancy.id, o.subscription.id];
    const about = rows.filter((r) => ids.some((id) => JSON.stringify(r.payload).includes(id)));
    // The guide's move-in date (April) is behind the real clock, so the running worker soon catches the lifecycle
    // up (move-in, monthly invoices), stamped at each step's due time: only the completion's own events count here.
    const completedAt = new Date(about.find((r) => r.type === 'order.completed')!.created_at).getTime();
    const types = about.filter((r) => new Date(r.created_at).getTime() >= completedAt - 60_000).map((r) => r.type);
    for (const type of [
      'order.finalized',
      'order.completed',
      'tenancy.created',
      'subscription.created',
      'invoice.created',
    ])
      assert.ok(types.includes(type), `${type} in ${types}`);
    assert.equal(
      types.filter((x) => x === 'invoice.created').length,
      2,
      'deposit invoice now, recurring on the first cycle',
    );
    if (!WEBHOOKS_LANDED) return;
    const hooks = await run.webhooksFor(GUIDE.order, [
      'order.finalized',
      'order.completed',
      'tenancy.created',
      'subscription.created',
    ]);
    assert.deepEqual([...hooks.keys()].sort(), [
      'order.completed',
      'order.finalized',
      'subscription.created',
      'tenancy.created',
    ]);
    const completed = hooks.get('order.completed');
    assert.deepEqual(
      completed.data.order,
      (await run.send({ name: 'show', method: 'GET', path: `/2025-09/orders/${GUIDE.order}` })).body.order,
    );
    assert.equal(hooks.get('tenancy.created').data.tenancy.id, o.tenancy.id);
    assert.equal(hooks.get('subscription.created').data.subscription.id, o.subscription.id);
    const created = await run.webhooksFor((await run.send(guide.createOrderExistingContact)).body.order.id, [
      'order.created',
    ]);
    assert.equal(created.get('order.created').data.order.status, 'draft');
  });

  test('Edge cases: the guide’s two validation messages', async () => {
    const noUnit = await run.send({
      name: 'x',
      method: 'POST',
      path: '/2025-09/orders',
      body: {
        site: { id: GUIDE.site },
        contact: { id: GUIDE.contact },
        billing_period: 'monthly',
        starts_at: 'now',
        line_items: [],
      },
    });
    const v1 = await run.send({ name: 'x', method: 'GET', path: `/2025-09/orders/${noUnit.body.order.id}/validate` });
    assert.equal(v1.status, 422);
    assert.deepEqual(v1.body.error.details, [
      { message: 'Line items must include at least one unit type line item', pointer: '/line_items' },
    ]);
    const weekly = await run.send({
      name: 'x',
      method: 'POST',
      path: '/2025-09/orders',
      body: { ...(guide.createOrderExistingContact.body as object), billing_period: 'weekly' },
    });
    const v2 = await run.send({ name: 'x', method: 'GET', path: `/2025-09/orders/${weekly.body.order.id}/validate` });
    assert.deepEqual(v2.body.error.details, [{ message: 'Billing period must exist', pointer: '/billing_period' }]);
  });
});
