import type { Invoice } from '../../domain/billing/invoice.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

export function serializeInvoice(env: RenderEnv, i: Invoice) {
  const m = (amount: number) => money(amount, env.operator.currency);
  return {
    id: i.id,
    amount_due: m(i.amountDue),
    amount_paid: m(i.amountPaid),
    contact: { id: i.contactId },
    created_at: isoSeconds(i.createdAt),
    finalized_at: isoSeconds(i.finalizedAt),
    line_items: i.lineItems.map((l) => ({
      accounting_code: l.accountingCode,
      description: l.description,
      discount_total: m(l.discountTotal),
      price: m(l.price),
      proration: l.proration,
      quantity: l.quantity,
      tax: m(l.tax),
      total: m(l.total),
      total_excluding_tax: m(l.totalExcludingTax),
      type: l.type,
    })),
    number: i.number,
    paid_at: isoSeconds(i.paidAt),
    period_end: isoSeconds(i.periodEnd),
    period_start: isoSeconds(i.periodStart),
    post_payment_credit_notes_amount: m(i.postPaymentCreditNotesAmount),
    pre_payment_credit_notes_amount: m(i.prePaymentCreditNotesAmount),
    purchase_order_number: i.purchaseOrderNumber,
    site: ref(i.siteId),
    status: i.status,
    subscription: ref(i.subscriptionId),
    subtotal: m(i.subtotal),
    tax: m(i.tax),
    tenancy: ref(i.tenancyId),
    total: m(i.total),
    updated_at: isoSeconds(i.updatedAt),
    voided_at: isoSeconds(i.voidedAt),
  };
}
