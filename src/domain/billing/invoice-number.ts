/** "acme" + 123 → "ACME-000123": the operator's slug in capitals, then a zero-padded per-operator sequence. */
export function invoiceNumber(operatorSlug: string, sequence: number): string {
  const prefix =
    operatorSlug
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 8)
      .toUpperCase() || 'INV';
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

/** "ACME-000123" + 2 → "ACME-000123-CN-2": credit notes are numbered within their invoice. */
export function creditNoteNumber(invoiceNumber: string, nth: number): string {
  return `${invoiceNumber}-CN-${nth}`;
}
