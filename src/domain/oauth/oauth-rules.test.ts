import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  checkCodeChallenge,
  redirectUriMatches,
  redirectUriProblem,
  requestedScopes,
  verifierMatches,
  withParams,
} from './oauth-rules.ts';
import { OAuthError } from './oauth-error.ts';

const APP = ['public.site:read', 'public.contact:read', 'public.order:read'];

test('scope parameter: default, order, unknown and escalation', () => {
  assert.deepEqual(requestedScopes(undefined, APP), ['public.contact:read', 'public.order:read', 'public.site:read']);
  assert.deepEqual(requestedScopes('public.site:read public.contact:read public.site:read', APP), [
    'public.contact:read',
    'public.site:read',
  ]);
  assert.throws(
    () => requestedScopes('public.nope:read', APP),
    (e: OAuthError) => e.error === 'invalid_scope' && /Unknown scope/.test(e.message),
  );
  assert.throws(
    () => requestedScopes('public.contact:write', APP),
    (e: OAuthError) => e.error === 'invalid_scope' && /may not request/.test(e.message),
  );
});

test('PKCE: only S256, verifier checked against the challenge', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  assert.equal(challenge, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'); // RFC 7636 appendix B
  assert.equal(checkCodeChallenge(challenge, 'S256'), challenge);
  assert.equal(checkCodeChallenge(undefined, undefined), null);
  assert.throws(
    () => checkCodeChallenge(challenge, 'plain'),
    (e: OAuthError) => e.error === 'invalid_request',
  );
  assert.throws(
    () => checkCodeChallenge(challenge, undefined),
    (e: OAuthError) => e.error === 'invalid_request',
  );
  assert.equal(verifierMatches(verifier, challenge), true);
  assert.equal(verifierMatches(verifier.replace('d', 'e'), challenge), false);
  assert.equal(verifierMatches('short', challenge), false);
});

test('redirect URIs: https or loopback http, no fragments', () => {
  assert.equal(redirectUriProblem('https://partner.example/callback'), null);
  assert.equal(redirectUriProblem('http://localhost:3000/callback'), null);
  assert.match(redirectUriProblem('http://partner.example/callback')!, /https/);
  assert.match(redirectUriProblem('https://partner.example/cb#x')!, /fragment/);
  assert.match(redirectUriProblem('/callback')!, /absolute/);
  assert.equal(
    withParams('https://p.example/cb?a=1', { code: 'c d', state: undefined }),
    'https://p.example/cb?a=1&code=c+d',
  );
});

test('redirect URI match: exact, except a loopback http URI on any port (RFC 8252 §7.3)', () => {
  const local = 'http://localhost:8976/callback';
  assert.equal(redirectUriMatches(local, local), true);
  assert.equal(redirectUriMatches(local, 'http://localhost:51234/callback'), true);
  assert.equal(redirectUriMatches(local, 'http://localhost/callback'), true);
  assert.equal(redirectUriMatches(local, 'http://localhost:51234/other'), false);
  assert.equal(redirectUriMatches(local, 'http://127.0.0.1:51234/callback'), false);
  assert.equal(redirectUriMatches(local, 'https://localhost:51234/callback'), false);
  assert.equal(redirectUriMatches(local, 'http://user@localhost:51234/callback'), false);
  assert.equal(redirectUriMatches('https://partner.example/cb', 'https://partner.example:8443/cb'), false);
  assert.equal(redirectUriMatches('http://127.0.0.1:3000/cb?app=1', 'http://127.0.0.1:4000/cb?app=1'), true);
});
