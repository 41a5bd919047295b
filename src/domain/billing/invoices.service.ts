import { invalidContent, notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/invoices.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { DocumentParties } from './billing-document.ts';
import type { Invoice } from './invoice.ts';

export function invoicesService({ db, events }: { db: Db; events: EventsService }) {
  async function get(ctx: OperatorContext, id: string): Promise<Invoice> {
    const [i] = await repo.findInvoices(db, ctx.operator.id, [id]);
    return i ?? notFound('invoice', id);
  }
  return {
    list: (ctx: OperatorContext, page: Page, filter: repo.InvoiceFilter, range: TimeRange): Promise<PageOf<Invoice>> =>
      repo.listInvoices(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findInvoices(db, ctx.operator.id, ids),
    get,

    /** Back office / CLI: sets or clears the customer's purchase order number (`invoice.updated`). */
    setPurchaseOrderNumber: (ctx: OperatorContext, id: string, purchaseOrderNumber: string | null): Promise<Invoice> =>
      withTransaction(db, async (tx) => {
        const [inv] = await repo.findInvoices(tx, ctx.operator.id, [id]);
        if (!inv) notFound('invoice', id);
        const po = purchaseOrderNumber?.trim() || null;
        if (po !== null && po.length > 64)
          throw invalidContent(
            '/purchase_order_number',
            'value at `/purchase_order_number` must be at most 64 characters',
          );
        await repo.setPurchaseOrderNumber(tx, ctx.operator.id, id, po, ctx.now());
        const [updated] = await repo.findInvoices(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'invoice.updated', updated);
        return updated;
      }),

    /** The invoice with the contact and site its PDF is addressed from and to. */
    async document(ctx: OperatorContext, id: string): Promise<{ invoice: Invoice } & DocumentParties> {
      const invoice = await get(ctx, id);
      const [contact] = await findContacts(db, ctx.operator.id, [invoice.contactId]);
      const [site] = invoice.siteId ? await findSites(db, ctx.operator.id, [invoice.siteId]) : [];
      return { invoice, contact: contact ?? null, site: site ?? null };
    },
  };
}
