import { binaryResult, defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import { PDF_CONTENT_TYPE } from '../../http/conventions/pdf.ts';
import { INVOICE_STATUSES } from '../../domain/billing/invoice.ts';
import type { ResourceModule } from '../module.ts';
import { InvoiceEnvelope, InvoiceParams, InvoicesEnvelope, InvoicesQuery } from './invoices.schemas.ts';
import { serializeInvoice } from './invoices.serialize.ts';
import { invoicePdf } from './invoices.pdf.ts';

const scope = 'public.invoice:read';
const tag = 'Invoices';

const listInvoices = defineRoute({
  method: 'GET',
  path: '/invoices',
  scope,
  operationId: 'listInvoices',
  summary: 'List all Invoices',
  tag,
  query: InvoicesQuery,
  response: InvoicesEnvelope,
  envelope: { kind: 'list', key: 'invoices', type: 'invoice' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', INVOICE_STATUSES) as (typeof INVOICE_STATUSES)[number][] | undefined,
      contactIds: multi(query, 'contact_id'),
      siteIds: multi(query, 'site_id'),
      subscriptionIds: multi(query, 'subscription_id'),
      tenancyIds: multi(query, 'tenancy_id'),
    };
    const { items, total } = await ctx.services.invoices.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((i) => serializeInvoice(ctx, i)), total };
  },
});

const showInvoice = defineRoute({
  method: 'GET',
  path: '/invoices/:invoice_id',
  scope,
  operationId: 'showInvoice',
  summary: 'Show an Invoice',
  tag,
  params: InvoiceParams,
  query: ShowQuery,
  response: InvoiceEnvelope,
  envelope: { kind: 'one', key: 'invoice', type: 'invoice' },
  formats: ['application/pdf'],
  handler: async (ctx, { params, format }) => {
    if (format !== PDF_CONTENT_TYPE)
      return serializeInvoice(ctx, await ctx.services.invoices.get(ctx, params.invoice_id));
    const doc = await ctx.services.invoices.document(ctx, params.invoice_id);
    return binaryResult(PDF_CONTENT_TYPE, await invoicePdf(ctx.operator, ctx.now(), doc), `${doc.invoice.number}.pdf`);
  },
});

export const invoicesModule: ResourceModule = {
  routes: [listInvoices, showInvoice],
  types: [
    {
      name: 'invoice',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.invoices.findMany(ctx, ids), (i) => serializeInvoice(ctx, i)),
      relations: {
        contact: { type: 'contact' },
        site: { type: 'site' },
        subscription: { type: 'subscription' },
        tenancy: { type: 'tenancy' },
      },
    },
  ],
  renderers: { invoice: serializeInvoice },
};
