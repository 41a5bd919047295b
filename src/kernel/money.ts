/** Money on the wire: integer minor units plus currency and a display string. */
export interface Money {
  amount: number;
  currency: string;
  formatted: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    // en-GB grouping and a narrow symbol give "£2,019.98", "€12.50", "$3.00".
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    formatters.set(currency, f);
  }
  return f;
}

/** Number of decimal places of the currency's minor unit (2 for GBP, 0 for JPY). */
export function minorUnitDigits(currency: string): number {
  return formatter(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function money(amount: number, currency: string): Money {
  const digits = minorUnitDigits(currency);
  return { amount, currency, formatted: formatter(currency).format(amount / 10 ** digits) };
}

export function moneyOrNull(amount: number | null | undefined, currency: string): Money | null {
  return amount == null ? null : money(amount, currency);
}
