import { newId } from '../../kernel/ids.ts';
import type { Tx } from '../../storage/database.ts';
import * as creditNotes from '../../storage/repos/credit-notes.repo.ts';
import * as invoices from '../../storage/repos/invoices.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { CreditNote, CreditNoteLineItem, CreditNoteReason, CreditNoteType } from './credit-note.ts';
import { creditNoteNumber } from './invoice-number.ts';
import type { Invoice } from './invoice.ts';

/**
 * Writes an issued credit note against `inv` in the caller's transaction, adds its total to the invoice's pre- or
 * post-payment credit, and announces both: `credit_note.created`, then `invoice.updated` (the invoice's credit
 * total changed). Used by the move-out refund of unused days and the back office's refund. Null when it credits
 * nothing.
 */
export async function issueCreditNote(
  tx: Tx,
  ctx: OperatorContext,
  events: Pick<EventsService, 'emit'>,
  inv: Invoice,
  input: { lines: CreditNoteLineItem[]; reason: CreditNoteReason; type: CreditNoteType },
): Promise<CreditNote | null> {
  const op = ctx.operator.id;
  const total = input.lines.reduce((n, l) => n + l.amount, 0);
  if (total <= 0) return null;
  const now = ctx.now();
  const id = newId('creditNote');
  await creditNotes.insertCreditNote(tx, {
    id,
    operatorId: op,
    number: creditNoteNumber(inv.number, (await creditNotes.countCreditNotesForInvoice(tx, op, inv.id)) + 1),
    invoiceId: inv.id,
    contactId: inv.contactId,
    siteId: inv.siteId,
    reason: input.reason,
    status: 'issued',
    type: input.type,
    subtotal: total - input.lines.reduce((n, l) => n + l.tax, 0),
    total,
    lineItems: input.lines,
    createdAt: now,
    updatedAt: now,
  });
  await invoices.addCreditNoteAmount(tx, op, inv.id, input.type, total, now);
  const [created] = await creditNotes.findCreditNotes(tx, op, [id]);
  await events.emit(tx, ctx, 'credit_note.created', created);
  await events.emit(tx, ctx, 'invoice.updated', (await invoices.findInvoices(tx, op, [inv.id]))[0]);
  return created;
}
