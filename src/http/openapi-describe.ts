import type { RouteSpec } from './route.ts';

/**
 * An operation's description, generated from its declaration so every operation says who may call it: the
 * route's own notes (if any), then the scope sentence, then what the conventions add (CSV, PDF,
 * Idempotency-Key).
 */
export function describeRoute(spec: RouteSpec): string {
  const parts: string[] = [];
  if (spec.description) parts.push(spec.description);
  else parts.push(`${spec.summary.replace(/\.$/, '')}.`);
  parts.push(scopeSentence(spec));
  const formats = spec.formats ?? (spec.envelope.kind === 'list' ? ['text/csv'] : []);
  if (formats.includes('text/csv')) parts.push('Answers CSV instead of JSON with `Accept: text/csv`.');
  if (formats.includes('application/pdf')) parts.push('Answers the PDF document with `Accept: application/pdf`.');
  if (spec.method === 'POST' && !spec.public)
    parts.push('Send an `Idempotency-Key` header to make a retry replay the first answer instead of acting twice.');
  return parts.join('\n\n');
}

export function scopeSentence(spec: RouteSpec): string {
  if (spec.public) return '**Authentication:** none; no token is needed.';
  if (spec.scope === null)
    return '**Required scope:** none; any valid token of the operator (static token or OAuth) may call it.';
  return `**Required scope:** \`${spec.scope}\`. A token without it gets \`403 forbidden\`.`;
}

/** `x-required-scope` and `security` for the operation: the scope listed under both schemes that carry it. */
export function securityOf(spec: RouteSpec): {
  security: Array<Record<string, string[]>>;
  'x-required-scope'?: string | null;
} {
  if (spec.public) return { security: [] };
  const scopes: string[] = spec.scope ? [spec.scope] : [];
  return { 'x-required-scope': spec.scope, security: [{ bearerAuth: scopes }, { oauth2: scopes }] };
}
