import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

// The partner side is a well-known OAuth client library (oauth4webapi); its fetch goes through app.inject.
describe('OAuth 2.0 provider', () => {
  let t: TestApp;
  // Real time stands still unless a test moves it (the operator clocks move with /sandbox/clock/advance).
  const real = new ManualClock(Date.now());
  let demo: DemoLoginCredentials;
  let as: oauth.AuthorizationServer;
  let staff: BackofficeSession;
  let partner: { client: oauth.Client; auth: oauth.ClientAuth; redirectUri: string };
  const issuer = new URL('http://lockyard.test');

  const fetchViaInject = async (url: string, init: RequestInit = {}) => {
    const u = new URL(url);
    const res = await t.lockyard.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: u.pathname + u.search,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      payload: init.body == null ? undefined : String(init.body),
    });
    return new Response(res.statusCode === 204 ? null : res.body, {
      status: res.statusCode,
      headers: res.headers as Record<string, string>,
    });
  };
  const opts = { [oauth.customFetch]: fetchViaInject, [oauth.allowInsecureRequests]: true };

  /** Staff approve (or deny) in the back office; returns the callback URL the browser lands on. */
  async function consent(
    query: Record<string, string>,
    decision: 'approve' | 'deny' = 'approve',
    operatorId = t.a.id,
  ): Promise<URL> {
    const page = await staff.get(`/oauth2/authorize?${new URLSearchParams(query)}`);
    assert.equal(page.status, 200, page.body);
    const form: Record<string, string> = { decision, operator_id: operatorId };
    for (const [, k, v] of page.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g))
      if (k !== '_csrf' && k !== 'operator_id') form[k] = v.replace(/&amp;/g, '&');
    const res = await staff.post('/oauth2/authorize', form);
    assert.equal(res.status, 303, res.body);
    return new URL(res.location!);
  }

  async function authorizeWithPkce(operatorId = t.a.id, scope = 'public.site:read public.contact:read') {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const callback = await consent(
      {
        client_id: partner.client.client_id,
        redirect_uri: partner.redirectUri,
        response_type: 'code',
        scope,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      },
      'approve',
      operatorId,
    );
    return { params: oauth.validateAuthResponse(as, partner.client, callback, state), verifier };
  }

  async function exchange(
    params: URLSearchParams,
    verifier: string | typeof oauth.nopkce,
    redirectUri = partner.redirectUri,
  ) {
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      partner.client,
      partner.auth,
      params,
      redirectUri,
      verifier,
      opts,
    );
    return oauth.processAuthorizationCodeResponse(as, partner.client, res);
  }

  const refresh = async (token: string) =>
    oauth.processRefreshTokenResponse(
      as,
      partner.client,
      await oauth.refreshTokenGrantRequest(as, partner.client, partner.auth, token, opts),
    );

  const rejects = async (promise: Promise<unknown>, error: string, status = 400) => {
    await assert.rejects(promise, (e: oauth.ResponseBodyError) => {
      assert.equal(e.error, error, e.error_description);
      assert.equal(e.status, status);
      return true;
    });
  };

  before(async () => {
    t = await createTestApp({ clock: real });
    demo = t.creds as unknown as DemoLoginCredentials;
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }),
    );
    partner = {
      client: { client_id: demo.partner_application.client_id },
      auth: oauth.ClientSecretPost(demo.partner_application.client_secret),
      redirectUri: demo.partner_application.redirect_uri,
    };
    staff = new BackofficeSession(t.lockyard.app);
    const signIn = await staff.signIn(demo.staff_login.email, demo.staff_login.password);
    assert.equal(signIn.status, 303);
  });
  after(() => t.close());

  test('RFC 8414 metadata names every endpoint on this host', () => {
    assert.equal(as.issuer, 'http://lockyard.test');
    assert.equal(as.token_endpoint, 'http://lockyard.test/oauth2/token');
    assert.equal(as.authorization_endpoint, 'http://lockyard.test/oauth2/authorize');
    assert.equal(as.revocation_endpoint, 'http://lockyard.test/oauth2/revoke');
    assert.equal(as.introspection_endpoint, 'http://lockyard.test/oauth2/introspect');
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(as.grant_types_supported, ['authorization_code', 'client_credentials', 'refresh_token']);
  });

  test('authorization code + PKCE → API call → refresh → revoke', async () => {
    const { params, verifier } = await authorizeWithPkce();
    const raw = await oauth.authorizationCodeGrantRequest(
      as,
      partner.client,
      partner.auth,
      params,
      partner.redirectUri,
      verifier,
      opts,
    );
    const body = await raw.clone().json();
    assert.deepEqual(Object.keys(body), [
      'access_token',
      'token_type',
      'expires_in',
      'scope',
      'created_at',
      'refresh_token',
    ]);
    assert.equal(raw.headers.get('cache-control'), 'no-store');
    const tokens = await oauth.processAuthorizationCodeResponse(as, partner.client, raw);
    assert.equal(tokens.token_type, 'bearer'); // oauth4webapi lower-cases it; the wire says "Bearer"
    assert.equal(body.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 7200);
    assert.equal(tokens.scope, 'public.contact:read public.site:read');
    assert.ok(Math.abs(body.created_at - real.now().getTime() / 1000) < 60);

    // The API accepts it with exactly the granted scopes, bound to operator A.
    const sites = await t.get('/2025-09/sites', { token: tokens.access_token });
    assert.equal(sites.status, 200);
    assert.equal(sites.body.sites.length, 3);
    const forbidden = await t.get('/2025-09/unit_types', { token: tokens.access_token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');

    const info = await t.get('/oauth2/token/info', { token: tokens.access_token });
    assert.equal(info.status, 200);
    assert.deepEqual(Object.keys(info.body), ['scope', 'expires_in', 'application', 'created_at', 'operator']);
    assert.deepEqual(info.body.scope, ['public.contact:read', 'public.site:read']);
    assert.deepEqual(info.body.application, { uid: partner.client.client_id });
    assert.deepEqual(info.body.operator, { name: 'Acme Self Storage' });
    assert.equal(info.body.expires_in, info.body.created_at + 7200);

    const introspected = await oauth.processIntrospectionResponse(
      as,
      partner.client,
      await oauth.introspectionRequest(as, partner.client, partner.auth, tokens.access_token, opts),
    );
    assert.equal(introspected.active, true);
    assert.equal(introspected.client_id, partner.client.client_id);
    assert.equal(introspected.scope, 'public.contact:read public.site:read');
    assert.equal(introspected.exp! - introspected.iat!, 7200);

    // Rotation: a new pair; the old refresh token is spent.
    const next = await refresh(tokens.refresh_token!);
    assert.notEqual(next.refresh_token, tokens.refresh_token);
    assert.notEqual(next.access_token, tokens.access_token);
    assert.equal(next.scope, 'public.contact:read public.site:read');
    assert.equal((await t.get('/2025-09/sites', { token: next.access_token })).status, 200);

    // Disconnect: revoking the refresh token revokes its access token too.
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, partner.client, partner.auth, next.refresh_token!, opts),
    );
    const after = await t.get('/2025-09/sites', { token: next.access_token });
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, 'invalid_token');
    await rejects(refresh(next.refresh_token!), 'invalid_grant');
    const gone = await oauth.processIntrospectionResponse(
      as,
      partner.client,
      await oauth.introspectionRequest(as, partner.client, partner.auth, next.access_token, opts),
    );
    assert.equal(gone.active, false);
  });

  test('revoking the access token (HTTP Basic client auth) revokes its refresh token', async () => {
    const { params, verifier } = await authorizeWithPkce();
    const tokens = await exchange(params, verifier);
    const basic = oauth.ClientSecretBasic(demo.partner_application.client_secret);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, partner.client, basic, tokens.access_token, opts),
    );
    assert.equal((await t.get('/2025-09/sites', { token: tokens.access_token })).status, 401);
    await rejects(refresh(tokens.refresh_token!), 'invalid_grant');
    // Unknown tokens are not an error (RFC 7009 §2.2).
    const unknown = await t.post(
      '/oauth2/revoke',
      { token: 'nope', client_id: partner.client.client_id, client_secret: demo.partner_application.client_secret },
      { token: null },
    );
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, {});
    const noAuth = await t.post('/oauth2/revoke', { token: 'nope' }, { token: null });
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.body.error, 'invalid_client');
  });

  test('one partner, two operators: independent grants; a back-office revoke ends only that operator’s', async () => {
    const a = await authorizeWithPkce(t.a.id);
    const b = await authorizeWithPkce(t.b.id);
    const ta = await exchange(a.params, a.verifier);
    const tb = await exchange(b.params, b.verifier);
    assert.equal((await t.get('/2025-09/sites', { token: ta.access_token })).body.sites.length, 3);
    assert.equal((await t.get('/2025-09/sites', { token: tb.access_token })).body.sites.length, 1);
    const aSite = (await t.get('/2025-09/sites', { token: ta.access_token })).body.sites[0].id;
    assert.equal((await t.get(`/2025-09/sites/${aSite}`, { token: tb.access_token })).status, 404);

    // Rate limits stay per operator: A's OAuth token and A's static token share one budget, B's is separate.
    const r1 = await t.get('/2025-09/sites', { token: ta.access_token });
    const r2 = await t.get('/2025-09/sites', { token: t.a.token });
    const rb = await t.get('/2025-09/sites', { token: tb.access_token });
    assert.equal(Number(r2.headers['ratelimit-remaining']), Number(r1.headers['ratelimit-remaining']) - 1);
    assert.ok(Number(rb.headers['ratelimit-remaining']) > Number(r2.headers['ratelimit-remaining']));

    // The back office (operator A) lists the partner and revokes it.
    const page = await staff.get('/backoffice/settings/public-api');
    assert.match(page.body, /Demo Partner Integration/);
    const appId = page.body.match(/id="authorised-applications"[\s\S]*?data-application-id="(app_[0-9a-f]+)"/)![1];
    const revoked = await staff.post(`/backoffice/settings/public-api/authorised-applications/${appId}/revoke`);
    assert.equal(revoked.status, 303);
    await rejects(refresh(ta.refresh_token!), 'invalid_grant');
    assert.equal((await t.get('/2025-09/sites', { token: ta.access_token })).status, 401);
    // Operator B's grant is untouched.
    assert.equal((await t.get('/2025-09/sites', { token: tb.access_token })).status, 200);
    const tb2 = await refresh(tb.refresh_token!);
    assert.equal((await t.get('/2025-09/sites', { token: tb2.access_token })).body.sites.length, 1);
  });

  test('a reused refresh token revokes the whole grant', async () => {
    const { params, verifier } = await authorizeWithPkce();
    const first = await exchange(params, verifier);
    const second = await refresh(first.refresh_token!);
    await rejects(refresh(first.refresh_token!), 'invalid_grant');
    await rejects(refresh(second.refresh_token!), 'invalid_grant');
    assert.equal((await t.get('/2025-09/sites', { token: second.access_token })).status, 401);
  });

  test('a replayed code is refused and revokes what it issued', async () => {
    const { params, verifier } = await authorizeWithPkce();
    const tokens = await exchange(params, verifier);
    await rejects(exchange(params, verifier), 'invalid_grant');
    assert.equal((await t.get('/2025-09/sites', { token: tokens.access_token })).status, 401);
    await rejects(refresh(tokens.refresh_token!), 'invalid_grant');
  });

  test('PKCE: a wrong or missing verifier is invalid_grant, and the code still works with the right one', async () => {
    const { params, verifier } = await authorizeWithPkce();
    await rejects(exchange(params, oauth.generateRandomCodeVerifier()), 'invalid_grant');
    await rejects(exchange(params, oauth.nopkce), 'invalid_grant');
    const ok = await exchange(params, verifier);
    assert.ok(ok.access_token);
  });

  test('redirect URI must match exactly (a loopback one on any port), at authorize and at the token endpoint', async () => {
    const bad = await staff.get(
      `/oauth2/authorize?${new URLSearchParams({ client_id: partner.client.client_id, redirect_uri: 'http://localhost:8976/callback/', response_type: 'code' })}`,
    );
    assert.equal(bad.status, 400, 'never redirected to an unregistered URI');
    assert.equal(bad.location, undefined);
    assert.match(bad.body, /redirect_uri is not registered/);
    const otherPort = await staff.get(
      `/oauth2/authorize?${new URLSearchParams({ client_id: partner.client.client_id, redirect_uri: 'http://localhost:53117/callback', response_type: 'code' })}`,
    );
    assert.equal(otherPort.status, 200, 'a loopback redirect URI matches on any port (RFC 8252 §7.3)');
    const { params, verifier } = await authorizeWithPkce();
    await rejects(exchange(params, verifier, 'http://localhost:8976/other'), 'invalid_grant');
  });

  test('scope escalation is invalid_scope at authorize, refresh and client credentials', async () => {
    const narrow = await t.lockyard.services.oauth.applications.createPartner({
      name: 'Narrow Partner',
      redirectUris: ['https://narrow.example/cb'],
      scopes: ['public.site:read', 'public.contact:read'],
    });
    const callback = await (async () => {
      const res = await staff.get(
        `/oauth2/authorize?${new URLSearchParams({ client_id: narrow.application.clientId, redirect_uri: 'https://narrow.example/cb', response_type: 'code', scope: 'public.site:read public.unit:write', state: 's1' })}`,
      );
      assert.equal(res.status, 303);
      return new URL(res.location!);
    })();
    assert.equal(callback.origin + callback.pathname, 'https://narrow.example/cb');
    assert.equal(callback.searchParams.get('error'), 'invalid_scope');
    assert.equal(callback.searchParams.get('state'), 's1');

    const { params, verifier } = await authorizeWithPkce(t.a.id, 'public.site:read');
    const tokens = await exchange(params, verifier);
    const escalate = await oauth.refreshTokenGrantRequest(as, partner.client, partner.auth, tokens.refresh_token!, {
      ...opts,
      additionalParameters: { scope: 'public.site:read public.contact:read' },
    });
    await rejects(oauth.processRefreshTokenResponse(as, partner.client, escalate), 'invalid_scope');

    const op = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'Reporting',
      scopes: ['public.site:read'],
    });
    const cc = await t.post(
      '/oauth2/token',
      {
        grant_type: 'client_credentials',
        client_id: op.application.clientId,
        client_secret: op.clientSecret,
        scope: 'public.site:read public.contact:write',
      },
      { token: null },
    );
    assert.equal(cc.status, 400);
    assert.equal(cc.body.error, 'invalid_scope');
  });

  test('deny sends access_denied with the state back to the partner', async () => {
    const callback = await consent(
      {
        client_id: partner.client.client_id,
        redirect_uri: partner.redirectUri,
        response_type: 'code',
        scope: 'public.site:read',
        state: 'xyz',
      },
      'deny',
    );
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), 'xyz');
    assert.equal(callback.searchParams.get('code'), null);
  });

  test('client credentials for an operator application (JSON, as the guide shows) and secret rotation', async () => {
    const op = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'Booking widget',
      scopes: ['public.site:read', 'public.unit_type:read'],
    });
    const res = await t.post(
      '/oauth2/token',
      {
        grant_type: 'client_credentials',
        client_id: op.application.clientId,
        client_secret: op.clientSecret,
        scope: 'public.site:read',
      },
      { token: null },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['access_token', 'token_type', 'expires_in', 'scope', 'created_at']);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 7200);
    assert.equal(res.body.scope, 'public.site:read');
    assert.equal((await t.get('/2025-09/sites', { token: res.body.access_token })).body.sites.length, 3);

    // The library's client-credentials request (form-encoded, HTTP Basic) works too.
    const client = { client_id: op.application.clientId };
    const lib = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(op.clientSecret),
        { scope: 'public.unit_type:read' },
        opts,
      ),
    );
    assert.equal(lib.scope, 'public.unit_type:read');

    const rotated = await t.lockyard.services.oauth.applications.rotateForOperator(t.a.id, op.application.id);
    const old = await t.post(
      '/oauth2/token',
      { grant_type: 'client_credentials', client_id: op.application.clientId, client_secret: op.clientSecret },
      { token: null },
    );
    assert.equal(old.status, 401);
    assert.equal(old.body.error, 'invalid_client');
    const fresh = await t.post(
      '/oauth2/token',
      { grant_type: 'client_credentials', client_id: op.application.clientId, client_secret: rotated.clientSecret },
      { token: null },
    );
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.scope, 'public.site:read public.unit_type:read', 'no scope means all of the application’s');
  });

  test('grant types are tied to application kinds; bad requests get RFC 6749 errors', async () => {
    const partnerCC = await t.post(
      '/oauth2/token',
      {
        grant_type: 'client_credentials',
        client_id: partner.client.client_id,
        client_secret: demo.partner_application.client_secret,
      },
      { token: null },
    );
    assert.equal(partnerCC.status, 400);
    assert.equal(partnerCC.body.error, 'unauthorized_client');
    const op = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'Ops',
      scopes: ['public.site:read'],
    });
    const consentForOpApp = await staff.get(
      `/oauth2/authorize?client_id=${op.application.clientId}&response_type=code`,
    );
    assert.equal(consentForOpApp.status, 400);
    assert.match(consentForOpApp.body, /unauthorized_client/);

    const cases: Array<[Record<string, string>, number, string]> = [
      [
        { client_id: partner.client.client_id, client_secret: demo.partner_application.client_secret },
        400,
        'invalid_request',
      ],
      [
        {
          grant_type: 'password',
          client_id: partner.client.client_id,
          client_secret: demo.partner_application.client_secret,
        },
        400,
        'unsupported_grant_type',
      ],
      [
        { grant_type: 'authorization_code', client_id: partner.client.client_id, client_secret: 'wrong' },
        401,
        'invalid_client',
      ],
      [
        {
          grant_type: 'authorization_code',
          code: 'made-up',
          redirect_uri: partner.redirectUri,
          client_id: partner.client.client_id,
          client_secret: demo.partner_application.client_secret,
        },
        400,
        'invalid_grant',
      ],
    ];
    for (const [form, status, error] of cases) {
      const res = await t.request('POST', '/oauth2/token', {
        token: null,
        raw: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.status, status, JSON.stringify(form));
      assert.deepEqual(Object.keys(res.body), ['error', 'error_description']);
      assert.equal(res.body.error, error);
    }
    const badJson = await t.request('POST', '/oauth2/token', { token: null, raw: '{nope' });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error, 'invalid_request');
  });

  test('introspection with another access token (the reference) only sees its own operator’s tokens', async () => {
    const { params, verifier } = await authorizeWithPkce();
    const tokens = await exchange(params, verifier);
    const mine = await t.post('/oauth2/introspect', { token: tokens.access_token }, { token: t.a.token });
    assert.equal(mine.status, 200);
    assert.deepEqual(Object.keys(mine.body), ['active', 'scope', 'client_id', 'token_type', 'exp', 'iat']);
    assert.equal(mine.body.token_type, 'Bearer');
    const other = await t.post('/oauth2/introspect', { token: tokens.access_token }, { token: t.b.token });
    assert.deepEqual(other.body, { active: false });
    const noAuth = await t.post('/oauth2/introspect', { token: tokens.access_token }, { token: 'bogus' });
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.body.error, 'invalid_token');
    const staticInfo = await t.get('/oauth2/token/info', { token: t.a.token });
    assert.equal(staticInfo.body.application, null);
  });

  test('codes and tokens live in real time: moving the sandbox clock two days expires nothing', async () => {
    const { params, verifier } = await authorizeWithPkce(t.b.id);
    const moved = await t.post('/sandbox/clock/advance', { seconds: 2 * 86400 }, { token: t.b.token });
    assert.equal(moved.status, 200);
    const issued = await exchange(params, verifier);
    const sites = await t.get('/2025-09/sites?limit=1', { token: issued.access_token });
    assert.equal(sites.status, 200);
    assert.equal((await t.post('/sandbox/clock/advance', { seconds: 2 * 86400 }, { token: t.b.token })).status, 200);
    assert.equal((await t.get('/2025-09/sites?limit=1', { token: issued.access_token })).status, 200);
    const refreshed = await refresh(issued.refresh_token!);
    assert.equal(
      (await t.post('/oauth2/introspect', { token: refreshed.access_token }, { token: t.b.token })).body.active,
      true,
    );
  });

  test('codes expire after 10 minutes and access tokens after 2 hours of real time', async () => {
    const { params, verifier } = await authorizeWithPkce(t.b.id);
    const issued = await exchange(params, verifier);
    const late = await authorizeWithPkce(t.b.id);
    real.advance(601_000);
    await rejects(exchange(late.params, late.verifier), 'invalid_grant');
    assert.equal((await t.get('/2025-09/sites?limit=1', { token: issued.access_token })).status, 200);
    real.advance(7200_000);
    const expired = await t.get('/2025-09/sites?limit=1', { token: issued.access_token });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'invalid_token');
    assert.equal(
      (await t.post('/oauth2/introspect', { token: issued.access_token }, { token: t.b.token })).body.active,
      false,
    );
  });
});
