import type { DocumentParties } from '../../domain/billing/billing-document.ts';
import type { CreditNote } from '../../domain/billing/credit-note.ts';
import type { Invoice } from '../../domain/billing/invoice.ts';
import type { Operator } from '../../domain/context.ts';
import { money } from '../../kernel/money.ts';
import { pdfDate } from '../../http/conventions/pdf.ts';
import { billingDocumentPdf } from '../billing-document.pdf.ts';

const REASONS: Record<CreditNote['reason'], string> = {
  duplicate: 'Duplicate charge',
  fraudulent: 'Fraudulent charge',
  order_change: 'Order change',
  product_unsatisfactory: 'Product unsatisfactory',
  other: 'Other',
};

export function creditNotePdf(
  operator: Operator,
  now: Date,
  doc: { creditNote: CreditNote; invoice: Invoice | null } & DocumentParties,
): Promise<Uint8Array> {
  const { creditNote: c } = doc;
  const m = (n: number) => money(n, operator.currency).formatted;
  return billingDocumentPdf(operator, now, doc, {
    kind: 'Credit note',
    number: c.number,
    status: c.status,
    statusColour: c.status === 'issued' ? '#047857' : '#6b7280',
    facts: [
      ['Credit note number', c.number],
      ['Issued', pdfDate(c.createdAt, operator.timezone)],
      ['Invoice', doc.invoice?.number ?? c.invoiceId],
      ['Reason', REASONS[c.reason]],
      ['Type', c.type === 'pre_payment' ? 'Before payment' : 'After payment'],
    ],
    contactLabel: 'Credited to',
    columns: [
      { header: 'Description', width: 46 },
      { header: 'Qty', width: 8, align: 'right' },
      { header: 'Unit price', width: 16, align: 'right' },
      { header: 'Tax', width: 14, align: 'right' },
      { header: 'Amount', width: 16, align: 'right' },
    ],
    rows: c.lineItems.map((l) => [l.description, String(l.quantity), m(l.price), m(l.tax), m(l.amount)]),
    totals: [
      { label: 'Subtotal', value: m(c.subtotal) },
      { label: 'Total credited', value: m(c.total), strong: true },
    ],
    footnote: `Credit note ${c.id} against invoice ${c.invoiceId}. Amounts in ${operator.currency}.`,
  });
}
