import { createHash, timingSafeEqual } from 'node:crypto';
import { isScope, SCOPES, type Scope } from '../../kernel/scopes.ts';
import { OAuthError } from './oauth-error.ts';

/** Access tokens issued through OAuth live two hours (Authentication guide). */
export const ACCESS_TOKEN_SECONDS = 7200;
/** Authorization codes are short-lived and single use (RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_SECONDS = 600;

/**
 * Parses a space-separated `scope` parameter. Absent or empty means every scope the application has;
 * anything unknown or beyond the application's scopes is `invalid_scope`.
 */
export function requestedScopes(param: unknown, allowed: readonly string[]): Scope[] {
  if (param !== undefined && typeof param !== 'string')
    throw new OAuthError('invalid_request', 'scope must be a string.');
  const words = (param ?? '').split(/[\s+]+/).filter(Boolean);
  if (!words.length) return orderScopes(allowed.filter(isScope));
  const unknown = words.filter((w) => !isScope(w));
  if (unknown.length) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ')}.`);
  const beyond = words.filter((w) => !allowed.includes(w));
  if (beyond.length) throw new OAuthError('invalid_scope', `The application may not request: ${beyond.join(' ')}.`);
  return orderScopes(words as Scope[]);
}

/** Scopes in the reference's order, without duplicates, so `scope` strings are stable. */
export function orderScopes(scopes: readonly string[]): Scope[] {
  const set = new Set(scopes);
  return SCOPES.filter((s) => set.has(s));
}

const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export function checkCodeChallenge(challenge: unknown, method: unknown): string | null {
  if (challenge === undefined || challenge === '') {
    if (method !== undefined && method !== '')
      throw new OAuthError('invalid_request', 'code_challenge_method was sent without a code_challenge.');
    return null;
  }
  if (method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256.');
  if (typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 digest (43 characters).');
  }
  return challenge;
}

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal the stored challenge. */
export function verifierMatches(verifier: unknown, challenge: string): boolean {
  if (typeof verifier !== 'string' || !PKCE_VALUE.test(verifier)) return false;
  const actual = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Redirect URIs are absolute, fragment-free, and https unless they point at the developer's own machine. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.hash || uri.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'must use https (http is allowed for localhost only)';
}

/**
 * Whether `given` is the registered redirect URI. Exact match, except that a registered loopback http URI
 * matches on any port (RFC 8252 §7.3: native apps and local tools listen on whatever port is free).
 */
export function redirectUriMatches(registered: string, given: string): boolean {
  if (registered === given) return true;
  let r: URL;
  let g: URL;
  try {
    r = new URL(registered);
    g = new URL(given);
  } catch {
    return false;
  }
  const loopback = (u: URL) => u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  return (
    loopback(r) &&
    loopback(g) &&
    r.hostname === g.hostname &&
    r.pathname === g.pathname &&
    r.search === g.search &&
    !g.hash &&
    !g.username &&
    !g.password
  );
}

/** Adds OAuth parameters to a redirect URI, keeping any query it already has. */
export function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
