import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/invoices.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { DocumentParties } from './billing-document.ts';
import type { Invoice } from './invoice.ts';

export function invoicesService({ db }: { db: Db }) {
  async function get(ctx: OperatorContext, id: string): Promise<Invoice> {
    const [i] = await repo.findInvoices(db, ctx.operator.id, [id]);
    return i ?? notFound('invoice', id);
  }
  return {
    list: (ctx: OperatorContext, page: Page, filter: repo.InvoiceFilter, range: TimeRange): Promise<PageOf<Invoice>> =>
      repo.listInvoices(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findInvoices(db, ctx.operator.id, ids),
    get,
    /** The invoice with the contact and site its PDF is addressed from and to. */
    async document(ctx: OperatorContext, id: string): Promise<{ invoice: Invoice } & DocumentParties> {
      const invoice = await get(ctx, id);
      const [contact] = await findContacts(db, ctx.operator.id, [invoice.contactId]);
      const [site] = invoice.siteId ? await findSites(db, ctx.operator.id, [invoice.siteId]) : [];
      return { invoice, contact: contact ?? null, site: site ?? null };
    },
  };
}
