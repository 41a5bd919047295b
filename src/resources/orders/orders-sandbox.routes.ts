import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import { StringEnum } from '../../http/conventions/fields.ts';
import { DomainError, invalidContent } from '../../kernel/errors.ts';
import { PAYMENT_METHODS } from '../../domain/orders/order.ts';
import type { NewPaymentMethod } from '../../domain/lifecycle/payment-method.ts';
import { chargeTestCard, TEST_CARDS } from '../../web/checkout/sandbox-cards.ts';
import { DEFAULT_BANK_DETAILS, setUpMandate } from '../../web/checkout/sandbox-mandates.ts';
import { OrderEnvelope, OrderParams } from './orders.schemas.ts';
import { serializeOrder } from './orders.serialize.ts';

/** The payment details each method takes. */
const FIELDS_OF: Record<(typeof PAYMENT_METHODS)[number], string[]> = {
  card: ['card_number'],
  bacs_debit: ['sort_code', 'account_number'],
  sepa_debit: ['iban'],
};

const PayBody = Type.Object(
  {
    payment_method: Type.Optional(
      StringEnum(PAYMENT_METHODS, { description: "How the customer pays; default: the order's payment_method" }),
    ),
    card_number: Type.Optional(
      Type.String({
        minLength: 12,
        maxLength: 23,
        description:
          'card: a Stripe test card. 4242 4242 4242 4242 pays (the default); 4000 0000 0000 0341 pays now, later charges are declined; 4000 0000 0000 0002 (generic_decline), …9995 (insufficient_funds), …9987 (lost_card), …9979 (stolen_card), …0069 (expired_card), …0127 (incorrect_cvc), …0119 (processing_error) are declined',
      }),
    ),
    sort_code: Type.Optional(
      Type.String({ maxLength: 8, description: 'bacs_debit: the test sort code 10-88-00 (the default)' }),
    ),
    account_number: Type.Optional(
      Type.String({
        maxLength: 12,
        description:
          'bacs_debit: 00012345 (the default) succeeds; 55555559: the mandate fails; 33333335: the mandate is set up, later debits fail',
      }),
    ),
    iban: Type.Optional(
      Type.String({
        maxLength: 42,
        description:
          'sepa_debit: DE89370400440532013000 (the default) succeeds; DE35370400440532013002: the mandate fails; DE62370400440532013001: the mandate is set up, later debits fail',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Completes a finalized order as its payment would at the hosted checkout, for scripted tests, with the same
 * sandbox rules (src/web/checkout/sandbox-cards.ts and sandbox-mandates.ts; docs/decisions/sandbox-payments.md):
 * a test card pays, pays now and fails later, or is declined with a reason; a Direct Debit mandate is set up
 * (and later debits succeed or fail) or fails. What pays stays on file for the subscription's invoices. A decline
 * or a failed mandate changes nothing (422 pointing at the field). Sandbox mode only. Paying a completed order
 * again changes nothing and returns it.
 */
export const payOrderInSandbox = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/orders/:order_id/pay',
  scope: 'public.order:write',
  operationId: 'paySandboxOrder',
  summary: 'Pay a finalized order with a sandbox test card or Direct Debit mandate',
  tag: 'Sandbox',
  params: OrderParams,
  query: ShowQuery,
  body: PayBody,
  bodyOptional: true,
  response: OrderEnvelope,
  envelope: { kind: 'one', key: 'order', type: 'order' },
  handler: async (ctx, { params, body }) => {
    if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
    const b = (body ?? {}) as {
      payment_method?: (typeof PAYMENT_METHODS)[number];
      card_number?: string;
      sort_code?: string;
      account_number?: string;
      iban?: string;
    };
    const current = await ctx.services.orders.get(ctx, params.order_id);
    // Already paid, or not payable: completing says which (and changes nothing).
    if (current.order.status !== 'finalized') return serializeOrder(ctx, await complete(ctx, params.order_id));
    const method = b.payment_method ?? current.order.paymentMethod;
    const stray = (['card_number', 'sort_code', 'account_number', 'iban'] as const).find(
      (f) => b[f] !== undefined && !FIELDS_OF[method].includes(f),
    );
    if (stray) throw invalidContent(`/${stray}`, `value at \`/${stray}\` does not apply to payment_method ${method}`);
    let paidWith: NewPaymentMethod;
    if (method === 'card') {
      const charge = chargeTestCard(b.card_number ?? TEST_CARDS.success);
      if (!charge.ok)
        throw invalidContent(
          '/card_number',
          charge.declineCode
            ? `value at \`/card_number\` was declined (${charge.declineCode}): ${charge.message}`
            : `value at \`/card_number\` is not a sandbox test card: ${charge.message}`,
        );
      paidWith = { brand: 'visa', last4: charge.last4, behaviour: charge.later };
    } else {
      const mandate = setUpMandate(method, { ...DEFAULT_BANK_DETAILS[method], ...b });
      if (!mandate.ok)
        throw invalidContent(
          `/${mandate.field}`,
          mandate.mandateFailed
            ? `value at \`/${mandate.field}\` was refused (mandate_failed): ${mandate.message}`
            : `value at \`/${mandate.field}\` is not sandbox bank details: ${mandate.message}`,
        );
      paidWith = { brand: method, last4: mandate.last4, behaviour: mandate.later };
    }
    return serializeOrder(ctx, await complete(ctx, params.order_id, paidWith));
  },
});

/** What paid stays on file for the subscription's later invoices, written with the booking records. */
async function complete(ctx: RequestContext, orderId: string, paidWith?: NewPaymentMethod) {
  return (await ctx.services.orders.complete(ctx, orderId, paidWith)).view;
}
