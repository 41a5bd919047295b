import { stringify } from 'csv-stringify/sync';
import type { Wire } from '../route.ts';

/** A list as CSV: nested objects become dotted columns (`address.city`), arrays stay JSON. */
export function toCsv(items: Wire[]): string {
  const rows = items.map((item) => flatten(item));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  return stringify(rows, { header: true, columns: columns.length ? columns : ['id'] });
}

function flatten(obj: Wire, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v === null || v === undefined) out[key] = '';
    else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else if (typeof v === 'object') flatten(v as Wire, `${key}.`, out);
    else out[key] = String(v);
  }
  return out;
}
