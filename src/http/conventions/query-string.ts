/** Keys whose value could not be percent-decoded, kept off the enumerable keys of a parsed query. */
export const MALFORMED_PARAMS = Symbol('malformed query parameters');

export type ParsedQuery = Record<string, string | string[]> & { [MALFORMED_PARAMS]?: string[] };

/**
 * The querystring parser for every route. It never throws (it runs inside the router, where a throw
 * would not reach the error handler): a value with a bad percent-escape is recorded under
 * MALFORMED_PARAMS for the input guard to refuse with its pointer; repeated keys become arrays, which
 * the guard refuses too. The result has no prototype, so `__proto__` is an ordinary (unknown) key.
 */
export function parseQueryString(text: string): ParsedQuery {
  const out = Object.create(null) as ParsedQuery;
  if (!text) return out;
  const malformed: string[] = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey) ?? rawKey;
    const value = decode(rawValue);
    if (decode(rawKey) === undefined || value === undefined) malformed.push(key);
    const prev = out[key];
    const v = value ?? '';
    out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  if (malformed.length) Object.defineProperty(out, MALFORMED_PARAMS, { value: malformed, enumerable: false });
  return out;
}

function decode(s: string): string | undefined {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return undefined;
  }
}
