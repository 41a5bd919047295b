/**
 * Building blocks for the documents the API serves as `application/pdf` (invoices, credit notes,
 * signed contracts): one A4 layout, the standard Helvetica faces (WinAnsi covers £ and €), and a
 * creation date from the operator's clock so a document never depends on the wall clock.
 */
export type Pdf = PDFKit.PDFDocument;

export const PDF_CONTENT_TYPE = 'application/pdf';
const MARGIN = 50;
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#d1d5db';

export async function renderPdf(
  meta: { title: string; author: string; createdAt: Date },
  draw: (doc: Pdf) => void,
): Promise<Uint8Array> {
  // Loaded on the first document rather than at start: pdfkit is a quarter of a second of module loading.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: meta.title,
      Author: meta.author,
      Creator: 'Lockyard',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.fillColor(INK).font('Helvetica');
    draw(doc);
    doc.end();
  });
}

const contentWidth = (doc: Pdf) => doc.page.width - MARGIN * 2;

/** Operator name on the left, the document's kind and number on the right. */
export function drawHeading(doc: Pdf, left: string, title: string, subtitle: string) {
  const top = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(left, MARGIN, top, { width: contentWidth(doc) / 2 });
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(title, MARGIN, top, { width: contentWidth(doc), align: 'right' });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(subtitle, MARGIN, doc.y, { width: contentWidth(doc), align: 'right' });
  doc.fillColor(INK).moveDown(1.5);
  rule(doc);
}

/** Two address blocks side by side ("Billed to" / "From"). */
export function drawParties(
  doc: Pdf,
  left: { label: string; lines: string[] },
  right: { label: string; lines: string[] },
) {
  const top = doc.y + 10;
  const half = contentWidth(doc) / 2;
  let bottom = top;
  for (const [i, block] of [left, right].entries()) {
    const x = MARGIN + i * half;
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(MUTED)
      .text(block.label.toUpperCase(), x, top, { width: half - 10 });
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    for (const line of block.lines.filter(Boolean)) doc.text(line, x, doc.y, { width: half - 10 });
    bottom = Math.max(bottom, doc.y);
  }
  doc.y = bottom + 10;
}

/** Label/value pairs in two columns, e.g. number, dates, status. */
export function drawFacts(doc: Pdf, facts: Array<[string, string | null]>) {
  const shown = facts.filter((f): f is [string, string] => f[1] != null && f[1] !== '');
  const half = contentWidth(doc) / 2;
  const top = doc.y + 4;
  let bottom = top;
  shown.forEach(([label, value], i) => {
    const x = MARGIN + (i % 2) * half;
    const y = top + Math.floor(i / 2) * 28;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(label.toUpperCase(), x, y, { width: half - 10 });
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(INK)
      .text(value, x, y + 10, { width: half - 10 });
    bottom = Math.max(bottom, doc.y);
  });
  doc.y = bottom + 14;
}

export interface TableColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right';
}

/** A ruled table; rows that would cross the page end continue on a new page under a repeated header. */
export function drawTable(doc: Pdf, columns: TableColumn[], rows: string[][]) {
  const total = columns.reduce((n, c) => n + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth(doc));
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const header = () => {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
    columns.forEach((c, i) => doc.text(c.header, xs[i] + 2, y, { width: widths[i] - 4, align: c.align ?? 'left' }));
    doc.y = y + 14;
    rule(doc);
  };
  header();
  for (const row of rows) {
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    const height = Math.max(...row.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 4 })));
    if (doc.y + height + 8 > doc.page.height - MARGIN) {
      doc.addPage();
      header();
      doc.font('Helvetica').fontSize(10).fillColor(INK);
    }
    const y = doc.y + 4;
    row.forEach((cell, i) => doc.text(cell, xs[i] + 2, y, { width: widths[i] - 4, align: columns[i].align ?? 'left' }));
    doc.y = y + height + 4;
    rule(doc);
  }
  doc.moveDown(0.5);
}

/** Right-aligned totals; `strong` rows are bold. */
export function drawTotals(doc: Pdf, rows: Array<{ label: string; value: string; strong?: boolean }>) {
  const width = contentWidth(doc);
  const labelX = MARGIN + width * 0.5;
  for (const r of rows) {
    const y = doc.y + 2;
    doc
      .font(r.strong ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(r.strong ? 11 : 10)
      .fillColor(INK);
    doc.text(r.label, labelX, y, { width: width * 0.3 });
    doc.text(r.value, labelX, y, { width: width * 0.5, align: 'right' });
    doc.y = y + (r.strong ? 16 : 14);
  }
}

/** A stamp-like status word ("PAID", "VOID") under the heading. */
export function drawBadge(doc: Pdf, text: string, color: string) {
  const y = doc.y;
  doc.font('Helvetica-Bold').fontSize(12);
  const w = doc.widthOfString(text) + 16;
  doc.roundedRect(MARGIN, y, w, 20, 3).lineWidth(1.2).strokeColor(color).stroke();
  doc.fillColor(color).text(text, MARGIN + 8, y + 5, { lineBreak: false });
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = y + 30;
}

export function drawParagraphs(doc: Pdf, text: string) {
  doc.font('Helvetica').fontSize(10).fillColor(INK);
  for (const para of text.split(/\n\s*\n/)) {
    doc.text(para.trim(), MARGIN, doc.y, { width: contentWidth(doc), align: 'left' });
    doc.moveDown(0.6);
  }
}

export function drawFootnote(doc: Pdf, text: string) {
  doc.moveDown(1);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MUTED)
    .text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.fillColor(INK);
}

function rule(doc: Pdf) {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(doc.page.width - MARGIN, doc.y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.y += 2;
}

/** "15 Apr 2026" in the operator's time zone. */
export function pdfDate(d: Date | null, timeZone: string): string | null {
  return d ? d.toLocaleDateString('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }) : null;
}
