import type { DocumentParties } from '../domain/billing/billing-document.ts';
import type { Operator } from '../domain/context.ts';
import {
  drawBadge,
  drawFacts,
  drawFootnote,
  drawHeading,
  drawParties,
  drawTable,
  drawTotals,
  renderPdf,
  type TableColumn,
} from '../http/conventions/pdf.ts';
import { contactLines, siteLines } from './billing-parties.ts';

/** What differs between billing documents (invoice, credit note); the layout around it is one. */
export interface BillingDocumentPdf {
  /** 'Invoice', 'Credit note': the heading, and with the number the PDF's title. */
  kind: string;
  number: string;
  status: string;
  statusColour: string;
  facts: Array<[string, string | null]>;
  /** How the contact's box is labelled ('Billed to', 'Credited to'). */
  contactLabel: string;
  columns: TableColumn[];
  rows: string[][];
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  footnote: string;
}

/** A billing document's PDF: heading, status badge, facts, the contact and the operator's site, lines, totals. */
export function billingDocumentPdf(
  operator: Operator,
  now: Date,
  parties: DocumentParties,
  d: BillingDocumentPdf,
): Promise<Uint8Array> {
  return renderPdf({ title: `${d.kind} ${d.number}`, author: operator.name, createdAt: now }, (pdf) => {
    drawHeading(pdf, operator.name, d.kind, d.number);
    drawBadge(pdf, d.status.toUpperCase(), d.statusColour);
    drawFacts(pdf, d.facts);
    drawParties(
      pdf,
      { label: d.contactLabel, lines: contactLines(parties.contact) },
      { label: 'From', lines: [operator.name, ...siteLines(parties.site)] },
    );
    drawTable(pdf, d.columns, d.rows);
    drawTotals(pdf, d.totals);
    drawFootnote(pdf, d.footnote);
  });
}
