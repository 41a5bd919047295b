// OAuth helpers against a real Lockyard: PKCE authorize URL, consent in the back office, code exchange, refresh with
// rotation-safe storage, a back-office revoke turned into ReconnectNeeded, and Disconnect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createListeningApp, type ListeningApp } from '../../../test/harness/listening-app.ts';
import { consent, revokeFromBackoffice, signedInStaff } from '../../../test/harness/oauth-consent.ts';
import type { BackofficeSession } from '../../../test/harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../../src/sandbox/seed/seed-staff-logins.ts';
import {
  AuthenticationError,
  OAuthClient,
  OAuthError,
  OAuthSession,
  ReconnectNeeded,
  Stora,
  codeChallenge,
  type TokenSet,
  type TokenStorage,
} from '../src/index.ts';

/** Storage that records the order of events, so the test can see a pair is saved before it is used. */
function memoryStorage(log: string[], initial: TokenSet | null = null): TokenStorage & { tokens: TokenSet | null } {
  return {
    tokens: initial,
    async load() {
      return this.tokens;
    },
    async save(tokens) {
      log.push(`save ${tokens.accessToken.slice(0, 6)}`);
      this.tokens = tokens;
    },
    async clear() {
      log.push('clear');
      this.tokens = null;
    },
  };
}

describe('OAuth helpers', () => {
  let t: ListeningApp;
  let staff: BackofficeSession;
  let demo: DemoLoginCredentials;
  let tokenCalls: string[];
  let oauth: OAuthClient;

  before(async () => {
    t = await createListeningApp();
    demo = t.creds as unknown as DemoLoginCredentials;
    staff = await signedInStaff(t);
    tokenCalls = [];
    oauth = new OAuthClient({
      clientId: demo.partner_application.client_id,
      clientSecret: demo.partner_application.client_secret,
      redirectUri: demo.partner_application.redirect_uri,
      issuer: t.baseUrl,
      fetch: async (url, init) => {
        if (String(url).endsWith('/oauth2/token'))
          tokenCalls.push(new URLSearchParams(String(init?.body)).get('grant_type')!);
        return fetch(url, init);
      },
    });
  });
  after(() => t.close());

  async function connect(scope = ['public.site:read', 'public.contact:read']): Promise<TokenSet> {
    const pending = await oauth.authorizeUrl({ scope });
    return oauth.handleCallback(await consent(staff, pending.url, t.a.id), pending);
  }

  test('authorize URL carries PKCE S256 and state; the callback is checked and exchanged', async () => {
    const pending = await oauth.authorizeUrl({ scope: ['public.site:read'] });
    const url = new URL(pending.url);
    assert.equal(url.origin + url.pathname, `${t.baseUrl}/oauth2/authorize`);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('code_challenge'), await codeChallenge(pending.codeVerifier));
    assert.equal(url.searchParams.get('state'), pending.state);
    assert.equal(pending.codeVerifier.length, 43);

    const callback = await consent(staff, pending.url, t.a.id);
    await assert.rejects(
      oauth.handleCallback(callback, { ...pending, state: 'forged' }),
      (e: OAuthError) => e.error === 'invalid_state',
    );
    const tokens = await oauth.handleCallback(callback, pending);
    assert.equal(tokens.scope, 'public.site:read');
    assert.ok(tokens.refreshToken);
    assert.ok(tokens.expiresAt > Date.now() + 7_000_000);
    const stora = new Stora({ baseUrl: t.baseUrl, accessToken: tokens.accessToken });
    assert.equal((await stora.sites.list()).data.length, 3);

    const denied = await consent(
      staff,
      (await oauth.authorizeUrl({ scope: 'public.site:read', state: 's-deny' })).url,
      t.a.id,
      'deny',
    );
    await assert.rejects(
      oauth.handleCallback(denied, { state: 's-deny', codeVerifier: 'x' }),
      (e: OAuthError) => e.error === 'access_denied',
    );
  });

  test('an expiring token is refreshed once for many concurrent calls, and the new pair is saved before it is used', async () => {
    const log: string[] = [];
    const first = await connect();
    const storage = memoryStorage(log, { ...first, expiresAt: Date.now() - 1 });
    const session = new OAuthSession(oauth, storage);
    const stora = new Stora({
      baseUrl: t.baseUrl,
      auth: session,
      fetch: (url, init) => {
        log.push(`use ${new Headers(init?.headers).get('authorization')!.slice(7, 13)}`);
        return fetch(url, init);
      },
    });
    tokenCalls.length = 0;
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => stora.sites.list()));
    assert.ok(results.every((r) => r.data.length === 3));
    assert.deepEqual(tokenCalls, ['refresh_token'], 'one refresh for five concurrent calls');
    assert.notEqual(storage.tokens!.refreshToken, first.refreshToken, 'rotated');
    assert.equal(log[0], `save ${storage.tokens!.accessToken.slice(0, 6)}`);
    assert.ok(log.slice(1).every((l) => l === `use ${storage.tokens!.accessToken.slice(0, 6)}`));
  });

  test('another process rotated the pair: the session adopts the stored one instead of refreshing a dead token', async () => {
    const first = await connect();
    const storage = memoryStorage([], first);
    const session = new OAuthSession(oauth, storage);
    assert.equal(await session.getAccessToken(), first.accessToken);
    // Process B refreshes and stores the new pair; this session still holds the old one in memory.
    const rotated = await oauth.refresh(first.refreshToken!);
    await storage.save(rotated);
    tokenCalls.length = 0;
    await session.invalidate(first.accessToken);
    assert.equal(await session.getAccessToken(), rotated.accessToken);
    assert.deepEqual(tokenCalls, [], 'no refresh with the rotated-out token (which would revoke the grant)');
    const stora = new Stora({ baseUrl: t.baseUrl, auth: session });
    assert.equal((await stora.sites.list()).data.length, 3);
  });

  test('a back-office revoke surfaces as ReconnectNeeded: callback called once, tokens discarded', async () => {
    const storage = memoryStorage([], await connect());
    const prompts: string[] = [];
    const session = new OAuthSession(oauth, storage, { onReconnectNeeded: (e) => void prompts.push(e.error!) });
    const stora = new Stora({ baseUrl: t.baseUrl, auth: session });
    assert.equal((await stora.sites.list()).data.length, 3);
    await revokeFromBackoffice(staff);
    await assert.rejects(async () => stora.sites.list(), ReconnectNeeded);
    assert.deepEqual(prompts, ['invalid_grant']);
    assert.equal(storage.tokens, null);
    await assert.rejects(
      async () => stora.sites.list(),
      ReconnectNeeded,
      'still disconnected until the flow runs again',
    );
  });

  test('Disconnect revokes the pair with one call and discards the tokens', async () => {
    const tokens = await connect();
    const storage = memoryStorage([], tokens);
    const session = new OAuthSession(oauth, storage);
    await session.disconnect();
    assert.equal(storage.tokens, null);
    const stale = new Stora({ baseUrl: t.baseUrl, accessToken: tokens.accessToken });
    await assert.rejects(async () => stale.sites.list(), AuthenticationError);
    await assert.rejects(oauth.refresh(tokens.refreshToken!), ReconnectNeeded);
  });
});
