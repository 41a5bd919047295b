import type { CreditNote } from '../../domain/billing/credit-note.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

export function serializeCreditNote(env: RenderEnv, c: CreditNote) {
  const m = (amount: number) => money(amount, env.operator.currency);
  return {
    id: c.id,
    contact: { id: c.contactId },
    created_at: isoSeconds(c.createdAt),
    invoice: { id: c.invoiceId },
    line_items: c.lineItems.map((l) => ({
      amount: m(l.amount),
      description: l.description,
      discount_total: m(l.discountTotal),
      price: m(l.price),
      quantity: l.quantity,
      tax: m(l.tax),
      type: l.type,
    })),
    number: c.number,
    reason: c.reason,
    site: ref(c.siteId),
    status: c.status,
    subtotal: m(c.subtotal),
    total: m(c.total),
    type: c.type,
  };
}
