import type { DocumentParties } from '../../domain/billing/billing-document.ts';
import type { Invoice } from '../../domain/billing/invoice.ts';
import type { Operator } from '../../domain/context.ts';
import { money } from '../../kernel/money.ts';
import {
  drawBadge,
  drawFacts,
  drawFootnote,
  drawHeading,
  drawParties,
  drawTable,
  drawTotals,
  pdfDate,
  renderPdf,
} from '../../http/conventions/pdf.ts';
import { contactLines, siteLines } from '../billing-parties.ts';

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
  return renderPdf({ title: `Invoice ${i.number}`, author: operator.name, createdAt: now }, (pdf) => {
    drawHeading(pdf, operator.name, 'Invoice', i.number);
    drawBadge(pdf, i.status.toUpperCase(), STATUS_COLOURS[i.status]);
    drawFacts(pdf, [
      ['Invoice number', i.number],
      ['Issued', date(i.finalizedAt ?? i.createdAt)],
      ['Billing period', period],
      ['Paid', date(i.paidAt)],
      ['Purchase order', i.purchaseOrderNumber],
      ['Voided', date(i.voidedAt)],
    ]);
    drawParties(
      pdf,
      { label: 'Billed to', lines: contactLines(doc.contact) },
      { label: 'From', lines: [operator.name, ...siteLines(doc.site)] },
    );
    drawTable(
      pdf,
      [
        { header: 'Description', width: 40 },
        { header: 'Qty', width: 8, align: 'right' },
        { header: 'Unit price', width: 14, align: 'right' },
        { header: 'Discount', width: 12, align: 'right' },
        { header: 'Tax', width: 12, align: 'right' },
        { header: 'Amount', width: 14, align: 'right' },
      ],
      i.lineItems.map((l) => [
        l.description,
        String(l.quantity),
        m(l.price),
        l.discountTotal ? `−${m(l.discountTotal)}` : '',
        m(l.tax),
        m(l.total),
      ]),
    );
    drawTotals(pdf, [
      { label: 'Subtotal', value: m(i.subtotal) },
      ...(discount ? [{ label: 'Discount', value: `−${m(discount)}` }] : []),
      { label: 'Tax', value: m(i.tax) },
      { label: 'Total', value: m(i.total), strong: true },
      ...(credited ? [{ label: 'Credit notes', value: `−${m(credited)}` }] : []),
      { label: 'Amount paid', value: m(i.amountPaid) },
      { label: 'Amount remaining', value: m(Math.max(0, i.amountDue - i.amountPaid - credited)), strong: true },
    ]);
    drawFootnote(pdf, `Invoice ${i.id}. Amounts in ${operator.currency}.`);
  });
}
