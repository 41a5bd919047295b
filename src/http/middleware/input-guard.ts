import type { FastifyRequest } from 'fastify';
import { DomainError, type ErrorDetail } from '../../kernel/errors.ts';
import { unstorableText } from '../../kernel/text.ts';
import { INPUT_LIMITS } from '../input-limits.ts';
import { MALFORMED_PARAMS, type ParsedQuery } from '../conventions/query-string.ts';

/** At most this many details per refusal: enough to fix a request, bounded for a hostile one. */
const MAX_DETAILS = 20;

/**
 * preValidation of every route (API, OAuth, web pages): input PostgreSQL could not store (NUL bytes,
 * unpaired surrogates), repeated or undecodable query parameters, and bodies past the size limits are
 * refused here, before schemas, idempotency keys or handlers see them. URL problems are 422
 * `invalid_url_param`, body problems 422 `invalid_content`, each with its JSON pointer.
 */
export async function guardInput(request: FastifyRequest): Promise<void> {
  const url = [...paramProblems(request.params), ...queryProblems(request.query as ParsedQuery | undefined)];
  if (url.length) throw new DomainError('invalid_url_param', undefined, url.slice(0, MAX_DETAILS));
  if (request.body === undefined) return;
  const body: ErrorDetail[] = [];
  if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) {
    body.push({ pointer: '', message: 'value at `/` is not an object: a request body is a JSON object' });
  }
  walkBody(request.body, '', 0, body);
  if (body.length) throw new DomainError('invalid_content', undefined, body.slice(0, MAX_DETAILS));
}

function paramProblems(params: unknown): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    const pointer = `/${pointerSegment(name)}`;
    if (value.length > INPUT_LIMITS.paramChars)
      out.push({ pointer, message: `value at \`${pointer}\` is longer than ${INPUT_LIMITS.paramChars} characters` });
    else textProblem(value, pointer, out);
  }
  return out;
}

function queryProblems(query: ParsedQuery | undefined): ErrorDetail[] {
  if (!query) return [];
  const keys = Object.keys(query);
  if (keys.length > INPUT_LIMITS.queryParams) {
    throw new DomainError(
      'invalid_request',
      `A request may have at most ${INPUT_LIMITS.queryParams} query parameters.`,
    );
  }
  const out: ErrorDetail[] = [];
  const malformed = new Set(query[MALFORMED_PARAMS] ?? []);
  for (const key of keys) {
    const pointer = `/${pointerSegment(key)}`;
    const value = query[key];
    if (malformed.has(key))
      out.push({ pointer, message: `value at \`${pointer}\` is not valid percent-encoded UTF-8` });
    else if (Array.isArray(value))
      out.push({
        pointer,
        message: `value at \`${pointer}\` is given more than once: send the parameter once (comma-separated for several values)`,
      });
    else if (!textProblem(key, pointer, out)) textProblem(value, pointer, out);
  }
  return out;
}

function walkBody(value: unknown, pointer: string, depth: number, out: ErrorDetail[]): void {
  if (out.length >= MAX_DETAILS) return;
  if (typeof value === 'string') {
    textProblem(value, pointer, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= INPUT_LIMITS.depth) {
    throw new DomainError('invalid_request', `The request body nests deeper than ${INPUT_LIMITS.depth} levels.`, [
      { pointer, message: `value at \`${pointer}\` is nested deeper than ${INPUT_LIMITS.depth} levels` },
    ]);
  }
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.arrayItems) {
      out.push({ pointer, message: `value at \`${pointer}\` has more than ${INPUT_LIMITS.arrayItems} items` });
      return;
    }
    value.forEach((item, i) => walkBody(item, `${pointer}/${i}`, depth + 1, out));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${pointerSegment(key)}`;
    // JSON.parse makes `__proto__` an own key; a later Object.assign would make it a prototype.
    if (key === '__proto__') out.push({ pointer: at, message: `key at \`${at}\` is not allowed` });
    else if (!textProblem(key, at, out, 'key')) walkBody(item, at, depth + 1, out);
  }
}

function textProblem(text: string, pointer: string, out: ErrorDetail[], what = 'value'): boolean {
  const problem = unstorableText(text);
  if (problem) out.push({ pointer, message: `${what} at \`${pointer}\` ${problem}` });
  return !!problem;
}

/**
 * RFC 6901 escaping; a NUL or unpaired surrogate in a key is shown as U+FFFD, so the error
 * response itself is valid Unicode.
 */
function pointerSegment(key: string): string {
  const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
  return unstorableText(escaped)
    ? escaped.replace(/\u0000|[\uD800-\uDFFF]/g, (c, i: number, s: string) => (isPaired(s, i) ? c : '\uFFFD'))
    : escaped;
}

function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) return i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  return false;
}
