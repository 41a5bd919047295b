import type { DocumentParties } from '../../domain/billing/billing-document.ts';
import type { Invoice } from '../../domain/billing/invoice.ts';
import type { Operator } from '../../domain/context.ts';
import { money } from '../../kernel/money.ts';
import { pdfDate } from '../../http/conventions/pdf.ts';
import { billingDocumentPdf } from '../billing-document.pdf.ts';

const STATUS_COLOURS: Record<Invoice['status'], string> = {
  draft: '#6b7280',
  open: '#b45309',
  paid: '#047857',
  uncollectible: '#b91c1c',
  void: '#6b7280',
};

/** The invoice as the customer receives it: parties, lines, totals and what is still to pay. */
export function invoicePdf(
  operator: Operator,
  now: Date,
  doc: { invoice: Invoice } & DocumentParties,
): Promise<Uint8Array> {
  const { invoice: i } = doc;
  const m = (n: number) => money(n, operator.currency).formatted;
  const date = (d: Date | null) => pdfDate(d, operator.timezone);
  const period =
    i.periodStart && i.periodEnd && i.periodEnd.getTime() !== i.periodStart.getTime()
      ? `${date(i.periodStart)} – ${date(i.periodEnd)}`
      : null;
  const discount = i.lineItems.reduce((n, l) => n + l.discountTotal, 0);
  const credited = i.prePaymentCreditNotesAmount + i.postPaymentCreditNotesAmount;
  return billingDocumentPdf(operator, now, doc, {
    kind: 'Invoice',
    number: i.number,
    status: i.status,
    statusColour: STATUS_COLOURS[i.status],
    facts: [
      ['Invoice number', i.number],
      ['Issued', date(i.finalizedAt ?? i.createdAt)],
      ['Billing period', period],
      ['Paid', date(i.paidAt)],
      ['Purchase order', i.purchaseOrderNumber],
      ['Voided', date(i.voidedAt)],
    ],
    contactLabel: 'Billed to',
    columns: [
      { header: 'Description', width: 40 },
      { header: 'Qty', width: 8, align: 'right' },
      { header: 'Unit price', width: 14, align: 'right' },
      { header: 'Discount', width: 12, align: 'right' },
      { header: 'Tax', width: 12, align: 'right' },
      { header: 'Amount', width: 14, align: 'right' },
    ],
    rows: i.lineItems.map((l) => [
      l.description,
      String(l.quantity),
      m(l.price),
      l.discountTotal ? `−${m(l.discountTotal)}` : '',
      m(l.tax),
      m(l.total),
    ]),
    totals: [
      { label: 'Subtotal', value: m(i.subtotal) },
      ...(discount ? [{ label: 'Discount', value: `−${m(discount)}` }] : []),
      { label: 'Tax', value: m(i.tax) },
      { label: 'Total', value: m(i.total), strong: true },
      ...(credited ? [{ label: 'Credit notes', value: `−${m(credited)}` }] : []),
      { label: 'Amount paid', value: m(i.amountPaid) },
      { label: 'Amount remaining', value: m(Math.max(0, i.amountDue - i.amountPaid - credited)), strong: true },
    ],
    footnote: `Invoice ${i.id}. Amounts in ${operator.currency}.`,
  });
}
