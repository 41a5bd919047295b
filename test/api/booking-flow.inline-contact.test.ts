import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STORE } from '../harness/test-app.ts';
import { startGuideRun, WEBHOOKS_LANDED, type GuideRun } from '../harness/booking-guide.ts';
import * as guide from '../fixtures/booking-guide/requests.ts';
import { GUIDE } from '../fixtures/booking-guide/world.ts';

// The guide's other step-3 tab: the contact created inline with the order (a separate world, since the guide
// gives both tabs the same Idempotency-Key and Jane's email), then the same steps on to completion.
describe(`booking-flow guide: inline contact (${STORE})`, () => {
  let run: GuideRun;
  before(async () => {
    run = await startGuideRun({ draftOrder: true });
  });
  after(() => run.close());

  test('Step 3 (inline contact): the order creates Jane as a contact, announced by contact.created', async () => {
    const res = await run.send(guide.createOrderInlineContact);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const o = res.body.order;
    assert.equal(o.status, 'draft');
    // The guide's scopes do not include public.contact:read, so look with the all-scopes token.
    const contact = (await run.t.get(`/2025-09/orders/${o.id}?expand=contact`)).body.order.contact;
    assert.deepEqual(
      [contact.email, contact.full_name, contact.phone_number],
      ['jane.smith@example.com', 'Jane Smith', '+447700900123'],
    );
    if (WEBHOOKS_LANDED) {
      const hooks = await run.webhooksFor(contact.id, ['contact.created', 'order.created']);
      assert.equal(hooks.get('contact.created').data.contact.email, 'jane.smith@example.com');
      assert.equal(hooks.get('order.created').data.order.id, o.id);
    }
  });

  test('Steps 3–5 on ord_9ef07151f2470754: line items, validate, finalize, pay', async () => {
    for (const r of guide.addLineItems) assert.equal((await run.send(r)).status, 201);
    assert.equal((await run.send(guide.validate)).status, 200);
    const f = await run.send(guide.finalize);
    assert.equal(f.body.order.status, 'finalized');
    const paid = await run.send({
      name: 'sandbox pay',
      method: 'POST',
      path: '/sandbox/orders/ord_9ef07151f2470754/pay',
    });
    assert.equal(paid.body.order.status, 'completed');
    if (WEBHOOKS_LANDED) {
      const hooks = await run.webhooksFor(GUIDE.order, ['order.completed', 'tenancy.created', 'subscription.created']);
      assert.equal(hooks.size, 3);
    }
  });
});
