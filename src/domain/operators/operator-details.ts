import { DomainError, type ErrorDetail } from '../../kernel/errors.ts';
import type { TaxRates } from '../catalogue/site.ts';

/** What an operator is set up with (`lockyard setup`, the first-run page, Settings → Operator). */
export interface OperatorDetailsInput {
  name: string;
  currency: string;
  timezone: string;
  country: string;
  /** Percent per line-item type, e.g. { unit_type: '20' }; strings as typed on a form or the command line. */
  taxRates?: Record<string, string | number>;
}

export interface OperatorDetails {
  name: string;
  currency: string;
  timezone: string;
  countryAlpha2: string;
  taxRates: TaxRates;
}

/** The line-item types a tax rate can be set for (the keys pricing reads from a site's tax rates). */
export const TAX_RATE_TYPES = ['unit_type', 'protection', 'product'] as const;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const regions = new Intl.DisplayNames(['en'], { type: 'region' });

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** ISO 3166-1 alpha-2 codes Intl knows a name for (an unknown code is echoed back; ZZ is "Unknown Region"). */
export function isCountry(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && value !== 'ZZ' && regions.of(value) !== value;
}

/**
 * Checks every field at once and answers one `invalid_content` naming each problem with its pointer (the CLI
 * prints them, the pages show them by their fields), or the normalised details.
 */
export function validateOperatorDetails(input: OperatorDetailsInput): OperatorDetails {
  const details: ErrorDetail[] = [];
  const name = input.name.trim();
  const currency = input.currency.trim().toUpperCase();
  const timezone = input.timezone.trim();
  const country = input.country.trim().toUpperCase();
  if (!name) details.push({ pointer: '/name', message: 'must not be blank' });
  else if (name.length > 100) details.push({ pointer: '/name', message: 'must be at most 100 characters' });
  if (!CURRENCIES.has(currency))
    details.push({ pointer: '/currency', message: 'must be an ISO 4217 currency code such as GBP' });
  if (!isTimeZone(timezone))
    details.push({ pointer: '/time_zone', message: 'must be an IANA time zone such as Europe/London' });
  if (!isCountry(country))
    details.push({ pointer: '/country', message: 'must be an ISO 3166-1 alpha-2 country code such as GB' });
  const taxRates: TaxRates = {};
  for (const [type, raw] of Object.entries(input.taxRates ?? {})) {
    const text = String(raw).trim().replace(/%$/, '');
    if (text === '') continue;
    if (!(TAX_RATE_TYPES as readonly string[]).includes(type)) {
      details.push({ pointer: `/tax_rates/${type}`, message: `must be one of ${TAX_RATE_TYPES.join(', ')}` });
      continue;
    }
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text) || Number(text) > 100) {
      details.push({ pointer: `/tax_rates/${type}`, message: 'must be a percentage from 0 to 100' });
      continue;
    }
    taxRates[type as (typeof TAX_RATE_TYPES)[number]] = Math.round(Number(text) * 100);
  }
  if (details.length) throw new DomainError('invalid_content', 'The request body content is not valid.', details);
  return { name, currency, timezone, countryAlpha2: country, taxRates };
}

/** `--tax-rate unit_type=20` and the like into percent by type; a malformed item is reported by its pointer. */
export function parseTaxRateArgs(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at < 1)
      throw new DomainError('invalid_content', 'The request body content is not valid.', [
        { pointer: '/tax_rates', message: `"${item}" is not name=percent (e.g. unit_type=20)` },
      ]);
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

/** Basis points back to the percent a form shows ("20", "17.5"). */
export const percentOf = (basisPoints: number | undefined) =>
  basisPoints === undefined ? '' : String(basisPoints / 100);

/** A URL-safe slug for the operator's public pages, from its name. */
export function slugFrom(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'operator';
}
