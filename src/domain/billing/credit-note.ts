export const CREDIT_NOTE_STATUSES = ['issued', 'void'] as const;
export type CreditNoteStatus = (typeof CREDIT_NOTE_STATUSES)[number];
export const CREDIT_NOTE_TYPES = ['pre_payment', 'post_payment'] as const;
export type CreditNoteType = (typeof CREDIT_NOTE_TYPES)[number];
export const CREDIT_NOTE_REASONS = [
  'duplicate',
  'fraudulent',
  'order_change',
  'product_unsatisfactory',
  'other',
] as const;
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];
export const CREDIT_NOTE_LINE_TYPES = ['invoice_line_item', 'custom_line_item'] as const;

export interface CreditNoteLineItem {
  type: (typeof CREDIT_NOTE_LINE_TYPES)[number];
  description: string;
  quantity: number;
  /** Per unit. */
  price: number;
  /** The line's credited amount, tax included. */
  amount: number;
  discountTotal: number;
  tax: number;
}

/** Reduces or reverses an invoice. */
export interface CreditNote {
  id: string;
  operatorId: string;
  /** The invoice's number plus `-CN-<n>`. */
  number: string;
  invoiceId: string;
  contactId: string;
  siteId: string | null;
  reason: CreditNoteReason;
  status: CreditNoteStatus;
  type: CreditNoteType;
  subtotal: number;
  total: number;
  lineItems: CreditNoteLineItem[];
  createdAt: Date;
  updatedAt: Date;
}
