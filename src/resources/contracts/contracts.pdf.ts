import type { DocumentParties } from '../../domain/billing/billing-document.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import type { Operator } from '../../domain/context.ts';
import {
  drawBadge,
  drawFacts,
  drawFootnote,
  drawHeading,
  drawParagraphs,
  drawParties,
  pdfDate,
  renderPdf,
} from '../../http/conventions/pdf.ts';
import { contactLines, siteLines } from '../billing-parties.ts';

/** The signed agreement: parties, the filled-in text and the signature record. */
export function contractPdf(
  operator: Operator,
  now: Date,
  doc: { contract: Contract; text: string } & DocumentParties,
): Promise<Uint8Array> {
  const { contract: c } = doc;
  const date = (d: Date | null) => pdfDate(d, operator.timezone);
  return renderPdf({ title: c.name, author: operator.name, createdAt: now }, (pdf) => {
    drawHeading(pdf, operator.name, 'Contract', c.name);
    drawBadge(pdf, c.status.toUpperCase(), '#047857');
    drawFacts(pdf, [
      ['Contract', c.id],
      ['Sent', date(c.sentAt)],
      ['Signed', date(c.signedAt)],
      ['Signed by', c.signedBy ?? doc.contact?.fullName ?? doc.contact?.email ?? null],
    ]);
    drawParties(
      pdf,
      { label: 'Customer', lines: contactLines(doc.contact) },
      { label: 'Storage provider', lines: [operator.name, ...siteLines(doc.site)] },
    );
    drawParagraphs(pdf, doc.text);
    drawFootnote(
      pdf,
      `Signed electronically${c.signedBy ? ` by ${c.signedBy}` : ''} on ${date(c.signedAt)}. Contract ${c.id}, tenancy ${c.tenancyId}.`,
    );
  });
}
