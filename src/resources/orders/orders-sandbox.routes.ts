import { defineRoute } from '../../http/route.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import { DomainError } from '../../kernel/errors.ts';
import { OrderEnvelope, OrderParams } from './orders.schemas.ts';
import { serializeOrder } from './orders.serialize.ts';

/**
 * Completes a finalized order as paying with test card 4242 4242 4242 4242 on the checkout page would,
 * for scripted tests. Sandbox mode only. Paying a completed order again changes nothing and returns it.
 */
export const payOrderInSandbox = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/orders/:order_id/pay',
  scope: 'public.order:write',
  operationId: 'paySandboxOrder',
  summary: 'Pay a finalized order with the sandbox test card',
  tag: 'Sandbox',
  params: OrderParams,
  query: ShowQuery,
  response: OrderEnvelope,
  envelope: { kind: 'one', key: 'order', type: 'order' },
  handler: async (ctx, { params }) => {
    if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
    const { view, completedNow } = await ctx.services.orders.complete(ctx, params.order_id);
    // The card the checkout would have taken stays on file for the subscription's later invoices.
    if (completedNow && view.order.contactId)
      await ctx.services.lifecycle.attachCard(ctx, view.order.contactId, '4242424242424242');
    return serializeOrder(ctx, view);
  },
});
