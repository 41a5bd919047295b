import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkCodeChallenge, redirectUriProblem, requestedScopes, verifierMatches, withParams } from './oauth-rules.ts';
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
