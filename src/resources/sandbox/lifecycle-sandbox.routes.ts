import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { DomainError } from '../../kernel/errors.ts';
import { InvoiceEnvelope, InvoiceParams } from '../invoices/invoices.schemas.ts';
import { serializeInvoice } from '../invoices/invoices.serialize.ts';
import { SubscriptionEnvelope, SubscriptionParams } from '../subscriptions/subscriptions.schemas.ts';
import { serializeSubscription } from '../subscriptions/subscriptions.serialize.ts';

/**
 * What the customer (or the operator for them) does in the sandbox between booking and move-out, for scripted
 * tests: attach another test card, pay arrears now, give notice. They act as the customer, hence the contact
 * write scope. Sandbox mode only.
 */
function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

const PaymentMethodEnvelope = Type.Object({
  payment_method: Type.Object({
    id: Type.String(),
    brand: Type.String(),
    contact: Type.Object({ id: Type.String() }),
    created_at: Type.String(),
    last4: Type.String(),
  }),
  meta: Type.Object({ request_id: Type.String() }, { additionalProperties: true }),
});

const attachCard = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/contacts/:contact_id/payment_method',
  scope: 'public.contact:write',
  operationId: 'attachSandboxCard',
  summary: "Attach a test card as the contact's payment method",
  tag: 'Sandbox',
  status: 201,
  params: Type.Object({ contact_id: Type.String() }),
  body: Type.Object(
    {
      card_number: Type.String({
        minLength: 12,
        maxLength: 23,
        description: '4242 4242 4242 4242 pays; 4000 0000 0000 0341 attaches, then every charge is declined',
      }),
    },
    { additionalProperties: false },
  ),
  response: PaymentMethodEnvelope,
  envelope: { kind: 'raw' },
  handler: async (ctx, { params, body }) => {
    requireSandbox(ctx);
    const m = await ctx.services.lifecycle.attachCard(ctx, params.contact_id, body.card_number);
    return {
      payment_method: {
        id: m.id,
        brand: m.brand,
        contact: { id: m.contactId },
        created_at: isoSeconds(m.createdAt),
        last4: m.last4,
      },
      meta: { request_id: ctx.requestId },
    };
  },
});

const payInvoice = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/invoices/:invoice_id/pay',
  scope: 'public.contact:write',
  operationId: 'paySandboxInvoice',
  summary: 'Collect an open or uncollectible invoice now with the card on file',
  tag: 'Sandbox',
  params: InvoiceParams,
  query: ShowQuery,
  response: InvoiceEnvelope,
  envelope: { kind: 'one', key: 'invoice', type: 'invoice' },
  handler: async (ctx, { params }) => {
    requireSandbox(ctx);
    return serializeInvoice(ctx, await ctx.services.lifecycle.payInvoice(ctx, params.invoice_id));
  },
});

const giveNotice = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/subscriptions/:subscription_id/cancel',
  scope: 'public.contact:write',
  operationId: 'cancelSandboxSubscription',
  summary: 'Give notice: the subscription ends (and the tenant moves out) at ends_at',
  tag: 'Sandbox',
  params: SubscriptionParams,
  query: ShowQuery,
  body: Type.Object(
    {
      ends_at: Type.String({ format: 'date-time' }),
      cancellation_reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  response: SubscriptionEnvelope,
  envelope: { kind: 'one', key: 'subscription', type: 'subscription' },
  handler: async (ctx, { params, body }) => {
    requireSandbox(ctx);
    const sub = await ctx.services.lifecycle.giveNotice(ctx, params.subscription_id, {
      endsAt: new Date(body.ends_at),
      reason: body.cancellation_reason ?? null,
    });
    return serializeSubscription(ctx, sub);
  },
});

export const lifecycleSandboxRoutes = [attachCard, payInvoice, giveNotice];
