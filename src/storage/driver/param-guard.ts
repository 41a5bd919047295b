import { DomainError } from '../../kernel/errors.ts';
import { unstorableJson, unstorableText } from '../../kernel/text.ts';

/**
 * The last check before SQL: a parameter PostgreSQL would refuse (NUL bytes, unpaired surrogates,
 * NaN, integers past 2^53, invalid dates) is the caller's 400, never a driver error that becomes a 500.
 * The HTTP layer refuses these first, with a pointer; this catches any path that skipped it.
 */
export function assertStorable(params: readonly unknown[]): void {
  for (const p of params) {
    const problem = problemOf(p);
    if (problem) throw new DomainError('invalid_request', `A value in the request ${problem}.`);
  }
}

function problemOf(p: unknown): string | undefined {
  if (typeof p === 'string') {
    // JSON documents (json/jsonb parameters) carry NUL and surrogates as escapes, which jsonb refuses.
    const first = p.charCodeAt(0);
    return first === 123 || first === 91 ? unstorableJson(p) : unstorableText(p);
  }
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) return 'is not a finite number';
    if (Number.isInteger(p) && !Number.isSafeInteger(p)) return 'is an integer out of range';
    return undefined;
  }
  if (p instanceof Date) return Number.isNaN(p.getTime()) ? 'is not a valid date' : undefined;
  if (Array.isArray(p)) {
    for (const item of p) {
      const problem = problemOf(item);
      if (problem) return problem;
    }
  }
  return undefined;
}
