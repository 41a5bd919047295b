import { conflict, invalidContent, notFound } from '../../kernel/errors.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as invoices from '../../storage/repos/invoices.repo.ts';
import { addToAmountPaid } from '../../storage/repos/addon-payments.repo.ts';
import { findLifecycleSettings } from '../../storage/repos/lifecycle-settings.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { LifecycleService } from '../lifecycle/lifecycle.service.ts';
import { mulDivHalfUp } from '../pricing/rounding.ts';
import { CREDIT_NOTE_REASONS, type CreditNote, type CreditNoteLineItem, type CreditNoteReason } from './credit-note.ts';
import type { Invoice } from './invoice.ts';
import { issueCreditNote } from './issue-credit-note.ts';

/**
 * The operator's own invoice actions (back office; the API has none): mark paid (money taken outside the card on
 * file), void, refund as a credit note. Each runs in one transaction with its events, the ones the lifecycle emits
 * for the same change: `invoice.paid`; `invoice.updated` for a void (the catalogue has no `invoice.voided`,
 * docs/decisions/backoffice-billing.md); `credit_note.created` + `invoice.updated` for a refund. Paying or voiding
 * the last overdue invoice lifts an arrears overlock, as paying by card does.
 */
export function invoiceActionsService(deps: {
  db: Db;
  events: EventsService;
  lifecycle: Pick<LifecycleService, 'clearOverlockIn'>;
}) {
  const { db, events, lifecycle } = deps;
  const op = (ctx: OperatorContext) => ctx.operator.id;

  async function find(tx: Tx, ctx: OperatorContext, id: string): Promise<Invoice> {
    const [inv] = await invoices.findInvoices(tx, op(ctx), [id]);
    return inv ?? notFound('invoice', id);
  }

  /** What a paid invoice can still give back: what was paid less what post-payment credit notes returned. */
  const refundable = (inv: Invoice) => inv.amountPaid - inv.postPaymentCreditNotesAmount;

  return {
    refundable,

    /** Where each unpaid invoice stands in dunning, with the operator's retry schedule and overlock threshold. */
    async dunning(ctx: OperatorContext, invoiceIds: string[]) {
      const [rows, settings] = await Promise.all([
        invoices.dunningOf(db, op(ctx), invoiceIds),
        findLifecycleSettings(db, op(ctx)),
      ]);
      return { rows, settings };
    },

    /** open / uncollectible → paid, in full (less pre-payment credit), announced as `invoice.paid`. */
    markPaid: (ctx: OperatorContext, id: string): Promise<Invoice> =>
      withTransaction(db, async (tx) => {
        const inv = await find(tx, ctx, id);
        const now = ctx.now();
        const paid = await invoices.transitionInvoice(tx, op(ctx), inv.id, ['open', 'uncollectible'], {
          status: 'paid',
          amountPaid: inv.total - inv.prePaymentCreditNotesAmount,
          paidAt: now,
          at: now,
        });
        if (!paid)
          throw conflict(
            `Invoice '${inv.id}' is ${inv.status}; marking it paid requires status open or uncollectible.`,
          );
        const updated = await find(tx, ctx, inv.id);
        await events.emit(tx, ctx, 'invoice.paid', updated);
        await lifecycle.clearOverlockIn(tx, ctx, inv.contactId);
        return updated;
      }),

    /**
     * A payment of `amount` (minor units, at most what is left) on an open or uncollectible invoice, inside the
     * caller's transaction. Paying what is left is what marking paid is (`invoice.paid`, arrears overlock lifted);
     * less is `invoice.updated` with the higher `amount_paid` (add-ons hear `invoice.payments.updated`).
     */
    async applyPayment(tx: Tx, ctx: OperatorContext, inv: Invoice, amount: number): Promise<Invoice> {
      const paid = amount === inv.total - inv.prePaymentCreditNotesAmount - inv.amountPaid;
      const at = ctx.now();
      if (!(await addToAmountPaid(tx, op(ctx), inv.id, { expectedPaid: inv.amountPaid, amount, paid, at })))
        throw conflict(`Invoice '${inv.id}' changed while the payment was being recorded; try again.`);
      const updated = await find(tx, ctx, inv.id);
      if (!paid) {
        await events.emit(tx, ctx, 'invoice.updated', updated);
        return updated;
      }
      await events.emit(tx, ctx, 'invoice.paid', updated);
      await lifecycle.clearOverlockIn(tx, ctx, inv.contactId);
      return updated;
    },

    /** open / uncollectible → void: nothing more is collected (dunning steps find it void and stop). */
    void: (ctx: OperatorContext, id: string): Promise<Invoice> =>
      withTransaction(db, async (tx) => {
        const inv = await find(tx, ctx, id);
        const now = ctx.now();
        const voided = await invoices.transitionInvoice(tx, op(ctx), inv.id, ['open', 'uncollectible'], {
          status: 'void',
          voidedAt: now,
          at: now,
        });
        if (!voided)
          throw conflict(
            inv.status === 'paid'
              ? `Invoice '${inv.id}' is paid; a paid invoice is not voided, refund it as a credit note instead.`
              : `Invoice '${inv.id}' is ${inv.status}; voiding it requires status open or uncollectible.`,
          );
        const updated = await find(tx, ctx, inv.id);
        await events.emit(tx, ctx, 'invoice.updated', updated);
        await lifecycle.clearOverlockIn(tx, ctx, inv.contactId);
        return updated;
      }),

    /**
     * A post-payment credit note on a paid invoice for `amount` (minor units; everything still refundable when
     * omitted). The whole invoice, never credited before, is credited line by line; anything else is one line
     * "Refund of <number>" with its share of the invoice's tax.
     */
    refund: (ctx: OperatorContext, id: string, input: { amount?: number; reason: string }): Promise<CreditNote> =>
      withTransaction(db, async (tx) => {
        const inv = await find(tx, ctx, id);
        if (inv.status !== 'paid')
          throw conflict(`Invoice '${inv.id}' is ${inv.status}; refunding it requires status paid.`);
        if (!(CREDIT_NOTE_REASONS as readonly string[]).includes(input.reason))
          throw invalidContent('/reason', `value at \`/reason\` is not one of: ${JSON.stringify(CREDIT_NOTE_REASONS)}`);
        const left = refundable(inv);
        if (left <= 0) throw conflict(`Invoice '${inv.id}' has been refunded in full already.`);
        const amount = input.amount ?? left;
        if (!Number.isInteger(amount) || amount < 1 || amount > left)
          throw invalidContent(
            '/amount',
            `value at \`/amount\` must be between 1 and ${left} (what is left to refund, in minor units)`,
          );
        const whole = amount === inv.total && inv.prePaymentCreditNotesAmount + inv.postPaymentCreditNotesAmount === 0;
        const lines: CreditNoteLineItem[] = whole
          ? inv.lineItems.map((l) => ({
              type: 'invoice_line_item',
              description: l.description,
              quantity: l.quantity,
              price: l.price,
              amount: l.total,
              discountTotal: l.discountTotal,
              tax: l.tax,
            }))
          : [
              {
                type: 'custom_line_item',
                description: `Refund of ${inv.number}`,
                quantity: 1,
                price: amount,
                amount,
                discountTotal: 0,
                tax: inv.total > 0 ? mulDivHalfUp(inv.tax, amount, inv.total) : 0,
              },
            ];
        const note = await issueCreditNote(tx, ctx, events, inv, {
          lines,
          reason: input.reason as CreditNoteReason,
          type: 'post_payment',
        });
        return note!;
      }),
  };
}

export type InvoiceActionsService = ReturnType<typeof invoiceActionsService>;
