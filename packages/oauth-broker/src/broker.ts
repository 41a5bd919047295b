// The broker a distributed plugin (WordPress, Shopify…) talks to instead of shipping the client secret:
//   POST /installs                      → {install_id, install_secret}            (the plugin registers once)
//   POST /installs/:id/connect          → {authorize_url}                          (install secret; browser goes there)
//   GET  /oauth/start?state=…           → 302 to the authorization server          (PKCE + state kept here)
//   GET  /oauth/callback?code&state     → code exchanged with the secret; 302 to the plugin's return URL ?code=xc_…
//   POST /installs/:id/exchange {code}  → {access_token, expires_at, scope}        (one-time, 5 minutes)
//   POST /installs/:id/refresh          → a fresh access token (the refresh token never leaves the broker);
//                                         {rejected_token} forces a refresh when the API refused that token
//   DELETE /installs/:id                → revokes the grant and forgets the install (the plugin's uninstall hook)
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OAuthClient, OAuthError, randomToken, ReconnectNeeded, type TokenSet } from '@lockyard/stora';
import type { BrokerStore, Queryable } from './store.ts';

export interface BrokerConfig {
  store: BrokerStore;
  /** The broker's own public URL; `${publicUrl}/oauth/callback` is the registered redirect URI. */
  publicUrl: string;
  /** The authorization server (Stora or Lockyard). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  fetch?: typeof fetch;
  /** Refresh when the access token has less than this left (default 5 minutes). */
  refreshMarginMs?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

/** The broker's request handler (mount it on any node:http server). */
export function createBroker(config: BrokerConfig) {
  const { store } = config;
  const publicUrl = config.publicUrl.replace(/\/$/, '');
  const oauth = new OAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: `${publicUrl}/oauth/callback`,
    issuer: config.issuer,
    fetch: config.fetch,
  });
  const margin = config.refreshMarginMs ?? 5 * 60_000;

  async function authenticate(req: IncomingMessage, installId: string): Promise<void> {
    const presented = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const { rows } = await store.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM broker_installs WHERE id = $1',
      [installId],
    );
    const a = Buffer.from(rows[0]?.secret_hash ?? sha256('none'));
    const b = Buffer.from(sha256(presented));
    if (!rows[0] || !presented || !timingSafeEqual(a, b))
      throw new HttpError(401, 'invalid_install', 'Unknown install or wrong install secret.');
  }

  async function saveGrant(db: Queryable, installId: string, t: TokenSet) {
    await db.query(
      `INSERT INTO broker_grants (install_id, access_token, refresh_token, expires_at, scope, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (install_id) DO UPDATE SET access_token = $2, refresh_token = $3, expires_at = $4, scope = $5, updated_at = now()`,
      [installId, t.accessToken, t.refreshToken ?? null, new Date(t.expiresAt), t.scope],
    );
  }

  const grantJson = (g: { access_token: string; expires_at: Date | string; scope: string }) => ({
    access_token: g.access_token,
    expires_at: new Date(g.expires_at).toISOString(),
    scope: g.scope,
  });

  const routes: Array<
    [
      string,
      RegExp,
      (
        req: IncomingMessage,
        m: RegExpMatchArray,
        body: any,
      ) => Promise<{ status?: number; json?: unknown; redirect?: string }>,
    ]
  > = [
    [
      'POST',
      /^\/installs$/,
      async (_req, _m, body) => {
        const returnUrl = String(body?.return_url ?? '');
        if (!/^https?:\/\//.test(returnUrl))
          throw new HttpError(400, 'invalid_request', 'return_url must be an absolute http(s) URL.');
        const id = token('inst');
        const secret = token('isec');
        await store.query('INSERT INTO broker_installs (id, secret_hash, return_url) VALUES ($1, $2, $3)', [
          id,
          sha256(secret),
          returnUrl,
        ]);
        return { status: 201, json: { install_id: id, install_secret: secret } };
      },
    ],
    [
      'POST',
      /^\/installs\/([\w-]+)\/connect$/,
      async (req, m) => {
        await authenticate(req, m[1]);
        // The browser starts at the broker, which makes the PKCE pair there; the plugin never sees the verifier.
        const state = randomToken();
        await store.query(
          "INSERT INTO broker_authorizations (state, install_id, code_verifier, expires_at) VALUES ($1, $2, '', now() + interval '10 minutes')",
          [state, m[1]],
        );
        return {
          json: { authorize_url: `${publicUrl}/oauth/start?state=${encodeURIComponent(state)}`, expires_in: 600 },
        };
      },
    ],
    [
      'GET',
      /^\/oauth\/start$/,
      async (req) => {
        const state = new URL(req.url!, publicUrl).searchParams.get('state') ?? '';
        const pending = await oauth.authorizeUrl({ scope: config.scope, state });
        // Single use: a connect link opened twice does not restart the dance.
        const { rows } = await store.query(
          "UPDATE broker_authorizations SET code_verifier = $2 WHERE state = $1 AND code_verifier = '' AND expires_at > now() RETURNING state",
          [state, pending.codeVerifier],
        );
        if (!rows[0])
          throw new HttpError(
            400,
            'invalid_state',
            'This connect link has expired or was used; start again from the plugin.',
          );
        return { redirect: pending.url };
      },
    ],
    [
      'GET',
      /^\/oauth\/callback$/,
      async (req) => {
        const url = new URL(req.url!, publicUrl);
        const state = url.searchParams.get('state') ?? '';
        const { rows } = await store.query<{ install_id: string; code_verifier: string; return_url: string }>(
          `DELETE FROM broker_authorizations a USING broker_installs i WHERE a.state = $1 AND a.expires_at > now() AND i.id = a.install_id
         RETURNING a.install_id, a.code_verifier, i.return_url`,
          [state],
        );
        const pending = rows[0];
        if (!pending) throw new HttpError(400, 'invalid_state', 'Unknown or expired authorization state.');
        const back = new URL(pending.return_url);
        try {
          const tokens = await oauth.handleCallback(url, { state, codeVerifier: pending.code_verifier });
          await saveGrant(store, pending.install_id, tokens);
          const code = token('xc');
          await store.query(
            "INSERT INTO broker_exchange_codes (code_hash, install_id, expires_at) VALUES ($1, $2, now() + interval '5 minutes')",
            [sha256(code), pending.install_id],
          );
          back.searchParams.set('code', code);
        } catch (err) {
          if (!(err instanceof OAuthError)) throw err;
          back.searchParams.set('error', err.error);
        }
        return { redirect: back.toString() };
      },
    ],
    [
      'POST',
      /^\/installs\/([\w-]+)\/exchange$/,
      async (req, m, body) => {
        await authenticate(req, m[1]);
        const { rows } = await store.query(
          `UPDATE broker_exchange_codes SET used_at = now() WHERE code_hash = $1 AND install_id = $2 AND used_at IS NULL AND expires_at > now() RETURNING install_id`,
          [sha256(String(body?.code ?? '')), m[1]],
        );
        if (!rows[0]) throw new HttpError(400, 'invalid_grant', 'The exchange code is unknown, used or expired.');
        const grant = await store.query<any>(
          'SELECT access_token, expires_at, scope FROM broker_grants WHERE install_id = $1',
          [m[1]],
        );
        return { json: grantJson(grant.rows[0]) };
      },
    ],
    [
      'POST',
      /^\/installs\/([\w-]+)\/refresh$/,
      async (req, m, body) => {
        await authenticate(req, m[1]);
        // The row lock makes concurrent refreshes of one install queue: the second sees the first's new pair.
        const g = await store.transaction(async (tx) => {
          const { rows } = await tx.query<any>(
            'SELECT access_token, refresh_token, expires_at, scope FROM broker_grants WHERE install_id = $1 FOR UPDATE',
            [m[1]],
          );
          const current = rows[0];
          if (!current) throw new HttpError(409, 'reconnect_needed', 'This install is not connected.');
          const rejected = body?.rejected_token === current.access_token;
          if (!rejected && new Date(current.expires_at).getTime() - margin > Date.now()) return current;
          try {
            const next = await oauth.refresh(current.refresh_token);
            await saveGrant(tx, m[1], next);
            return { access_token: next.accessToken, expires_at: new Date(next.expiresAt), scope: next.scope };
          } catch (err) {
            if (err instanceof ReconnectNeeded) return null;
            throw err;
          }
        });
        if (!g) {
          await store.query('DELETE FROM broker_grants WHERE install_id = $1', [m[1]]);
          throw new HttpError(409, 'reconnect_needed', 'The operator revoked access; reconnect from the plugin.');
        }
        return { json: grantJson(g) };
      },
    ],
    [
      'DELETE',
      /^\/installs\/([\w-]+)$/,
      async (req, m) => {
        await authenticate(req, m[1]);
        const { rows } = await store.query<any>(
          'SELECT refresh_token, access_token FROM broker_grants WHERE install_id = $1',
          [m[1]],
        );
        // Best effort, as the guide says of uninstall hooks: the install is forgotten even if revoke fails.
        if (rows[0]) await oauth.revoke(rows[0].refresh_token ?? rows[0].access_token).catch(() => {});
        await store.query('DELETE FROM broker_installs WHERE id = $1', [m[1]]);
        return { json: { revoked: Boolean(rows[0]) } };
      },
    ],
  ];

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', publicUrl).pathname;
    try {
      const route = routes.find(([method, re]) => method === req.method && re.test(path));
      if (!route) throw new HttpError(404, 'not_found', 'No such broker endpoint.');
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      const out = await route[2](req, path.match(route[1])!, body);
      if (out.redirect) res.writeHead(302, { location: out.redirect, 'cache-control': 'no-store' }).end();
      else
        res
          .writeHead(out.status ?? 200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify(out.json));
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(502, 'upstream_error', (err as Error).message);
      res
        .writeHead(e.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: e.error, error_description: e.message }));
    }
  };
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_request', 'The body is not JSON.');
  }
}
