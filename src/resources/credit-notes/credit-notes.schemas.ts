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
import {
  CREDIT_NOTE_LINE_TYPES,
  CREDIT_NOTE_REASONS,
  CREDIT_NOTE_STATUSES,
  CREDIT_NOTE_TYPES,
} from '../../domain/billing/credit-note.ts';

const CreditNoteLineItemSchema = Type.Object({
  amount: MoneySchema,
  description: Type.String(),
  discount_total: MoneySchema,
  price: MoneySchema,
  quantity: Type.Integer(),
  tax: MoneySchema,
  type: StringEnum(CREDIT_NOTE_LINE_TYPES),
});

/** The reference's credit note has no `updated_at`. */
export const CreditNoteSchema = Type.Object({
  id: Type.String({ examples: ['cred_kk5h6lfm6ro15lon'] }),
  contact: Ref('con'),
  created_at: Timestamp,
  invoice: Ref('inv'),
  line_items: Type.Array(CreditNoteLineItemSchema),
  number: Type.String({ examples: ['ACME-000123-CN-1'] }),
  reason: StringEnum(CREDIT_NOTE_REASONS),
  site: Nullable(Ref('site')),
  status: StringEnum(CREDIT_NOTE_STATUSES),
  subtotal: MoneySchema,
  total: MoneySchema,
  type: StringEnum(CREDIT_NOTE_TYPES),
});

export const CreditNoteParams = Type.Object({
  credit_note_id: Type.String({ description: 'The ID of the credit note' }),
});
export const CreditNotesQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  timeRange: 'created',
  filters: {
    status: filterEnum(CREDIT_NOTE_STATUSES, 'Filter by status'),
    contact_id: idsFilter('Contact'),
    invoice_id: idsFilter('Invoice'),
    site_id: idsFilter('Site'),
  },
});
export const CreditNoteEnvelope = oneEnvelope('credit_note', CreditNoteSchema);
export const CreditNotesEnvelope = listEnvelope('credit_notes', CreditNoteSchema);
