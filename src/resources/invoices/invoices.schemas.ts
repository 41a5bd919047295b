import { Type } from '@sinclair/typebox';
import {
  MoneySchema,
  Nullable,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { INVOICE_LINE_TYPES, INVOICE_STATUSES } from '../../domain/billing/invoice.ts';

const InvoiceLineItemSchema = Type.Object({
  accounting_code: Nullable(Type.String()),
  description: Type.String(),
  discount_total: MoneySchema,
  price: MoneySchema,
  proration: Type.Boolean(),
  quantity: Type.Integer(),
  tax: MoneySchema,
  total: MoneySchema,
  total_excluding_tax: MoneySchema,
  type: Nullable(StringEnum(INVOICE_LINE_TYPES)),
});

export const InvoiceSchema = Type.Object({
  id: Type.String({ examples: ['inv_195h6kfm9ro15lof'] }),
  amount_due: MoneySchema,
  amount_paid: MoneySchema,
  contact: Ref('con'),
  created_at: Nullable(Timestamp),
  finalized_at: Nullable(Timestamp),
  line_items: Type.Array(InvoiceLineItemSchema),
  number: Type.String({ examples: ['ACME-000123'] }),
  paid_at: Nullable(Timestamp),
  period_end: Nullable(Timestamp),
  period_start: Nullable(Timestamp),
  post_payment_credit_notes_amount: MoneySchema,
  pre_payment_credit_notes_amount: MoneySchema,
  purchase_order_number: Nullable(Type.String()),
  site: Nullable(Ref('site')),
  status: StringEnum(INVOICE_STATUSES),
  subscription: Nullable(Ref('sub')),
  subtotal: MoneySchema,
  tax: MoneySchema,
  tenancy: Nullable(Ref('ten')),
  total: MoneySchema,
  updated_at: Timestamp,
  voided_at: Nullable(Timestamp),
});

export const InvoiceParams = Type.Object({ invoice_id: Type.String({ description: 'The ID of the invoice' }) });
export const InvoicesQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  timeRange: 'created_updated',
  filters: {
    status: filterEnum(INVOICE_STATUSES, 'Filter by status'),
    contact_id: idsFilter('Contact'),
    site_id: idsFilter('Site'),
    subscription_id: idsFilter('Subscription'),
    tenancy_id: idsFilter('Tenancy'),
  },
});
export const InvoiceEnvelope = oneEnvelope('invoice', InvoiceSchema);
export const InvoicesEnvelope = listEnvelope('invoices', InvoiceSchema);
