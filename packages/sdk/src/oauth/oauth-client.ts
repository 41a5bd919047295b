// The partner side of the Authorization Code flow: authorize URL (PKCE + state), callback, code exchange, refresh,
// revoke. One refresh per refresh token is in flight at a time in this process.
import { codeChallenge, randomToken } from './pkce.js';
import { OAuthError, ReconnectNeeded, tokenSetFrom, type TokenSet } from './tokens.js';

export interface OAuthClientOptions {
  clientId: string;
  /** Absent for public clients; a distributed plugin uses a broker instead of shipping it. */
  clientSecret?: string;
  redirectUri: string;
  /** The authorization server: `https://app.stora.co` or the Lockyard host. */
  issuer: string;
  /** Override endpoint paths (defaults are Stora's and Lockyard's `/oauth2/*`). */
  authorizePath?: string;
  fetch?: typeof fetch;
}

/** What the integration keeps between the redirect and the callback (in the user's session, not a cookie alone). */
export interface PendingAuthorization {
  url: string;
  state: string;
  codeVerifier: string;
}

export class OAuthClient {
  private readonly issuer: string;
  private readonly fetchImpl: typeof fetch;
  private readonly inflight = new Map<string, Promise<TokenSet>>();

  constructor(readonly options: OAuthClientOptions) {
    this.issuer = options.issuer.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** The consent URL with a fresh PKCE verifier and state; keep both until the callback. */
  async authorizeUrl(input: { scope: string | string[]; state?: string }): Promise<PendingAuthorization> {
    const state = input.state ?? randomToken();
    const codeVerifier = randomToken();
    const url = new URL(this.issuer + (this.options.authorizePath ?? '/oauth2/authorize'));
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      scope: Array.isArray(input.scope) ? input.scope.join(' ') : input.scope,
      state,
      code_challenge: await codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), state, codeVerifier };
  }

  /** Checks the callback's state (constant-time) and error, then exchanges its code. */
  async handleCallback(
    callbackUrl: string | URL,
    pending: Pick<PendingAuthorization, 'state' | 'codeVerifier'>,
  ): Promise<TokenSet> {
    const params = new URL(callbackUrl).searchParams;
    if (!safeEqual(params.get('state') ?? '', pending.state))
      throw new OAuthError('invalid_state', 'The state does not match this authorization request.', 400);
    const error = params.get('error');
    if (error) throw new OAuthError(error, params.get('error_description') ?? undefined, 400);
    const code = params.get('code');
    if (!code) throw new OAuthError('invalid_request', 'The callback has no code.', 400);
    return this.exchangeCode(code, pending.codeVerifier);
  }

  /** `authorization_code` grant. */
  async exchangeCode(code: string, codeVerifier: string): Promise<TokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /**
   * `refresh_token` grant; a 400/401 answer means the grant is gone (revoked, or this refresh token was rotated
   * out) and throws ReconnectNeeded. Concurrent calls with the same refresh token share one request.
   */
  refresh(refreshToken: string): Promise<TokenSet> {
    const running = this.inflight.get(refreshToken);
    if (running) return running;
    const p = this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }).catch((err) => {
      if (err instanceof OAuthError && (err.status === 400 || err.status === 401)) {
        throw new ReconnectNeeded(`The connection was revoked or expired (${err.error}); reconnect to continue.`, {
          status: err.status,
          error: err.error,
          cause: err,
        });
      }
      throw err;
    });
    this.inflight.set(refreshToken, p);
    p.then(
      () => this.inflight.delete(refreshToken),
      () => this.inflight.delete(refreshToken),
    );
    return p;
  }

  /** RFC 7009 revoke; either token of a pair revokes the whole grant. */
  async revoke(token: string): Promise<void> {
    const res = await this.post('/oauth2/revoke', { token });
    if (!res.ok) throw await oauthError(res);
  }

  private async token(form: Record<string, string>): Promise<TokenSet> {
    const res = await this.post('/oauth2/token', form);
    if (!res.ok) throw await oauthError(res);
    return tokenSetFrom(await res.json(), Date.now());
  }

  private post(path: string, form: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({
      ...form,
      client_id: this.options.clientId,
      ...(this.options.clientSecret ? { client_secret: this.options.clientSecret } : {}),
    });
    return this.fetchImpl(this.issuer + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
  }
}

async function oauthError(res: Response): Promise<OAuthError> {
  const body: any = await res.json().catch(() => ({}));
  return new OAuthError(body.error ?? `http_${res.status}`, body.error_description, res.status);
}

/** Constant-time string comparison (the lengths may leak, the contents do not). */
export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
