import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/credit-notes.repo.ts';
import { findInvoices } from '../../storage/repos/invoices.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { DocumentParties } from './billing-document.ts';
import type { CreditNote } from './credit-note.ts';
import type { Invoice } from './invoice.ts';

export function creditNotesService({ db }: { db: Db }) {
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
