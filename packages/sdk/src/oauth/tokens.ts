/** A token pair as the integration stores it. `expiresAt` is epoch milliseconds. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
  scope: string;
  tokenType: string;
}

/** Converts the token endpoint's RFC 6749 JSON. */
export function tokenSetFrom(body: any, now: number): TokenSet {
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? undefined,
    expiresAt: now + Number(body.expires_in ?? 7200) * 1000,
    scope: body.scope ?? '',
    tokenType: body.token_type ?? 'Bearer',
  };
}

/** The operator revoked the grant (or it was rotated out elsewhere): run the Authorization Code flow again. */
export class ReconnectNeeded extends Error {
  readonly status: number | undefined;
  readonly error: string | undefined;
  constructor(message: string, init: { status?: number; error?: string; cause?: unknown } = {}) {
    super(message, { cause: init.cause });
    this.name = 'ReconnectNeeded';
    this.status = init.status;
    this.error = init.error;
  }
}

/** The token endpoint refused a request that is not a dead grant (bad client, bad code, bad verifier…). */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly status: number,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'OAuthError';
  }
}
