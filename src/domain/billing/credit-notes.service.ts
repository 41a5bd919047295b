import { conflict, notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/credit-notes.repo.ts';
import { addCreditNoteAmount, findInvoices } from '../../storage/repos/invoices.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { DocumentParties } from './billing-document.ts';
import type { CreditNote } from './credit-note.ts';
import type { Invoice } from './invoice.ts';

export function creditNotesService({ db, events }: { db: Db; events: EventsService }) {
  async function get(ctx: OperatorContext, id: string): Promise<CreditNote> {
    const [c] = await repo.findCreditNotes(db, ctx.operator.id, [id]);
    return c ?? notFound('credit_note', id);
  }
  return {
    list: (
      ctx: OperatorContext,
      page: Page,
      filter: repo.CreditNoteFilter,
      range: TimeRange,
    ): Promise<PageOf<CreditNote>> => repo.listCreditNotes(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findCreditNotes(db, ctx.operator.id, ids),
    get,

    /**
     * Back office / CLI: voids an issued credit note (`credit_note.updated`); its amount no longer reduces the
     * invoice, which is announced as `invoice.updated`. A void credit note cannot be voided again (409).
     */
    void: (ctx: OperatorContext, id: string): Promise<CreditNote> =>
      withTransaction(db, async (tx) => {
        const [c] = await repo.findCreditNotes(tx, ctx.operator.id, [id]);
        if (!c) notFound('credit_note', id);
        const now = ctx.now();
        if (!(await repo.voidCreditNote(tx, ctx.operator.id, id, now)))
          throw conflict(`Credit note '${id}' is ${c.status}; voiding it requires status issued.`);
        await addCreditNoteAmount(tx, ctx.operator.id, c.invoiceId, c.type, -c.total, now);
        const [voided] = await repo.findCreditNotes(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'credit_note.updated', voided);
        const [invoice] = await findInvoices(tx, ctx.operator.id, [c.invoiceId]);
        if (invoice) await events.emit(tx, ctx, 'invoice.updated', invoice);
        return voided;
      }),

    /** The credit note with its invoice, contact and site, for its PDF. */
    async document(
      ctx: OperatorContext,
      id: string,
    ): Promise<{ creditNote: CreditNote; invoice: Invoice | null } & DocumentParties> {
      const creditNote = await get(ctx, id);
      const [invoice] = await findInvoices(db, ctx.operator.id, [creditNote.invoiceId]);
      const [contact] = await findContacts(db, ctx.operator.id, [creditNote.contactId]);
      const [site] = creditNote.siteId ? await findSites(db, ctx.operator.id, [creditNote.siteId]) : [];
      return { creditNote, invoice: invoice ?? null, contact: contact ?? null, site: site ?? null };
    },
  };
}
