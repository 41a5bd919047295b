export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The order line-item type the invoice line came from; null for lines with no such origin. */
export const INVOICE_LINE_TYPES = ['unit_type', 'protection', 'product', 'security_deposit'] as const;
export type InvoiceLineType = (typeof INVOICE_LINE_TYPES)[number];

/** All amounts are integer minor units. `price` is per unit; the others are for the whole line. */
export interface InvoiceLineItem {
  type: InvoiceLineType | null;
  itemId: string | null;
  description: string;
  accountingCode: string | null;
  quantity: number;
  price: number;
  discountTotal: number;
  tax: number;
  total: number;
  totalExcludingTax: number;
  proration: boolean;
}

export interface Invoice {
  id: string;
  operatorId: string;
  /** Per operator, e.g. "ACME-000123". */
  number: string;
  contactId: string;
  siteId: string | null;
  subscriptionId: string | null;
  tenancyId: string | null;
  orderId: string | null;
  status: InvoiceStatus;
  periodStart: Date | null;
  periodEnd: Date | null;
  purchaseOrderNumber: string | null;
  subtotal: number;
  tax: number;
  total: number;
  /** Stripe's meaning: what the invoice asks for; it does not drop once paid (`amountPaid` rises). */
  amountDue: number;
  amountPaid: number;
  prePaymentCreditNotesAmount: number;
  postPaymentCreditNotesAmount: number;
  lineItems: InvoiceLineItem[];
  finalizedAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
