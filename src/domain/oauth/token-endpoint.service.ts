import { DomainError } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as grants from '../../storage/repos/oauth-grants.repo.ts';
import { findAccessTokenByHash, type AccessTokenRow } from '../../storage/repos/access-tokens.repo.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import { hashToken, type TokensService } from '../access/tokens.service.ts';
import type { ApplicationsService, OAuthApplication } from './applications.service.ts';
import { revokeGrantsAndEndpoints } from './authorization.service.ts';
import { OAuthError } from './oauth-error.ts';
import { ACCESS_TOKEN_SECONDS, requestedScopes, verifierMatches } from './oauth-rules.ts';

/** The token response, keys in the Authentication guide's order (not alphabetical). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  created_at: number;
  refresh_token?: string;
}

export interface ClientCredentials {
  clientId: unknown;
  clientSecret: unknown;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const invalidGrant = (why: string) => new OAuthError('invalid_grant', why);
const LOST_RACE = new Error('authorization code claimed concurrently');

export function tokenEndpointService({
  db,
  clock,
  tokens,
  applications,
}: {
  db: Db;
  clock: Clock;
  tokens: TokensService;
  applications: ApplicationsService;
}) {
  /** One access token (+ refresh token when a grant is given), through the API's own token store. */
  async function issue(
    tx: Tx,
    app: OAuthApplication,
    operatorId: string,
    scopes: Scope[],
    grantId: string | null,
  ): Promise<TokenResponse> {
    const { token, record } = await tokens.create(
      {
        operatorId,
        scopes,
        name: `${app.name} (OAuth)`,
        expiresInSeconds: ACCESS_TOKEN_SECONDS,
        applicationId: app.id,
      },
      tx,
    );
    const response: TokenResponse = {
      access_token: token,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: scopes.join(' '),
      created_at: epoch(record.createdAt),
    };
    if (grantId) {
      const refresh = randomToken(32);
      await grants.insertRefreshToken(tx, {
        id: newId('refreshToken'),
        grantId,
        tokenHash: hashToken(refresh),
        accessTokenId: record.id,
        revokedAt: null,
        createdAt: record.createdAt,
      });
      response.refresh_token = refresh;
    }
    return response;
  }

  async function revokeGrant(grantId: string, operatorId: string) {
    const now = clock.now();
    const revoked = await withTransaction(db, (tx) => revokeGrantsAndEndpoints(tx, [grantId], now));
    tokens.forgetTokens(revoked);
  }

  async function clientCredentials(app: OAuthApplication, params: Record<string, unknown>): Promise<TokenResponse> {
    if (app.kind !== 'operator' || !app.operatorId) {
      throw new OAuthError('unauthorized_client', 'Partner applications must use the Authorization Code flow.');
    }
    const scopes = requestedScopes(params.scope, app.scopes);
    return withTransaction(db, (tx) => issue(tx, app, app.operatorId!, scopes, null));
  }

  async function authorizationCode(app: OAuthApplication, params: Record<string, unknown>): Promise<TokenResponse> {
    if (app.kind !== 'partner')
      throw new OAuthError('unauthorized_client', 'Operator applications use the Client Credentials grant.');
    const code = str(params.code);
    if (!code) throw new OAuthError('invalid_request', 'code is required.');
    const codeHash = hashToken(code);
    const row = await grants.findCode(db, codeHash);
    if (!row || row.applicationId !== app.id) throw invalidGrant('The authorization code is invalid.');
    if (row.usedAt) {
      // RFC 6749 §4.1.2: a replayed code revokes the tokens it issued.
      if (row.grantId) await revokeGrant(row.grantId, row.operatorId);
      throw invalidGrant('The authorization code has already been used; the tokens it issued are revoked.');
    }
    const now = clock.now();
    if (row.expiresAt.getTime() <= now.getTime()) throw invalidGrant('The authorization code has expired.');
    const redirectUri = str(params.redirect_uri);
    if (
      row.redirectUriGiven
        ? redirectUri !== row.redirectUri
        : redirectUri !== undefined && redirectUri !== row.redirectUri
    ) {
      throw invalidGrant('redirect_uri does not match the one used in the authorization request.');
    }
    if (row.codeChallenge) {
      if (!verifierMatches(params.code_verifier, row.codeChallenge))
        throw invalidGrant('The code_verifier does not match the code_challenge.');
    } else if (params.code_verifier !== undefined) {
      throw invalidGrant('A code_verifier was sent but the authorization request had no code_challenge.');
    }
    const grantId = newId('oauthGrant');
    const issued = await withTransaction(db, async (tx) => {
      await grants.insertGrant(tx, {
        id: grantId,
        operatorId: row.operatorId,
        applicationId: app.id,
        scopes: row.scopes,
        staffUserId: row.staffUserId,
        revokedAt: null,
        createdAt: now,
      });
      // Losing the claim rolls the new grant back: throw, not return.
      if (!(await grants.useCode(tx, codeHash, grantId, now))) throw LOST_RACE;
      return issue(tx, app, row.operatorId, row.scopes as Scope[], grantId);
    }).catch((err) => {
      if (err === LOST_RACE) return null;
      throw err;
    });
    if (!issued) {
      // Lost a race with another exchange of the same code: that is a replay too.
      const winner = await grants.findCode(db, codeHash);
      if (winner?.grantId) await revokeGrant(winner.grantId, row.operatorId);
      throw invalidGrant('The authorization code has already been used; the tokens it issued are revoked.');
    }
    return issued;
  }

  async function refreshToken(app: OAuthApplication, params: Record<string, unknown>): Promise<TokenResponse> {
    const presented = str(params.refresh_token);
    if (!presented) throw new OAuthError('invalid_request', 'refresh_token is required.');
    const row = await grants.findRefreshTokenByHash(db, hashToken(presented));
    const grant = row && (await grants.findGrant(db, row.grantId));
    if (!row || !grant || grant.applicationId !== app.id) throw invalidGrant('The refresh token is invalid.');
    if (grant.revokedAt) throw invalidGrant('The authorisation was revoked.');
    if (row.revokedAt) {
      // A rotated-out refresh token came back: someone holds a copy, so the whole grant goes.
      await revokeGrant(grant.id, grant.operatorId);
      throw invalidGrant('The refresh token was already used; the authorisation is revoked.');
    }
    const scopes = requestedScopes(params.scope, grant.scopes);
    const now = clock.now();
    const issued = await withTransaction(db, async (tx) => {
      if (!(await grants.retireRefreshToken(tx, row.id, now))) return null;
      return issue(tx, app, grant.operatorId, scopes, grant.id);
    });
    if (!issued) {
      await revokeGrant(grant.id, grant.operatorId);
      throw invalidGrant('The refresh token was already used; the authorisation is revoked.');
    }
    return issued;
  }

  /** Finds an access token this caller may see: its own operator's, and its own application's when it is one. */
  async function accessTokenRow(token: unknown): Promise<AccessTokenRow | undefined> {
    return typeof token === 'string' && token ? findAccessTokenByHash(db, hashToken(token)) : undefined;
  }

  return {
    /** POST /oauth2/token. */
    async token(params: Record<string, unknown>, client: ClientCredentials): Promise<TokenResponse> {
      const grantType = str(params.grant_type);
      if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
      const handler = {
        client_credentials: clientCredentials,
        authorization_code: authorizationCode,
        refresh_token: refreshToken,
      }[grantType];
      if (!handler) throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported.`);
      const app = await applications.authenticateClient(client.clientId, client.clientSecret);
      return handler(app, params);
    },

    /**
     * POST /oauth2/revoke (RFC 7009). Either token of an authorisation revokes the whole grant, so one call
     * disconnects; an unknown token is not an error.
     */
    async revoke(params: Record<string, unknown>, client: ClientCredentials): Promise<void> {
      const app = await applications.authenticateClient(client.clientId, client.clientSecret);
      const token = str(params.token);
      if (!token) throw new OAuthError('invalid_request', 'token is required.');
      const notYours = () => new OAuthError('unauthorized_client', 'You are not authorised to revoke this token.');
      const hash = hashToken(token);
      const access = await findAccessTokenByHash(db, hash);
      if (access) {
        if (access.applicationId !== app.id) throw notYours();
        const pair = await grants.findRefreshTokenByAccessToken(db, access.id);
        if (pair) await revokeGrant(pair.grantId, access.operatorId);
        else await tokens.revoke(access.operatorId, access.id);
        return;
      }
      const refresh = await grants.findRefreshTokenByHash(db, hash);
      const grant = refresh && (await grants.findGrant(db, refresh.grantId));
      if (!grant) return;
      if (grant.applicationId !== app.id) throw notYours();
      await revokeGrant(grant.id, grant.operatorId);
    },

    /**
     * POST /oauth2/introspect. The caller is either a bearer token (the reference) or an authenticated client
     * (RFC 7662); it only ever learns about tokens of its own operator / application.
     */
    async introspect(
      token: unknown,
      caller: { operatorId: string; applicationId: string | null } | { client: OAuthApplication },
    ) {
      const row = await accessTokenRow(token);
      const visible =
        row &&
        ('client' in caller
          ? row.applicationId === caller.client.id
          : row.operatorId === caller.operatorId &&
            (caller.applicationId === null || caller.applicationId === row.applicationId));
      if (!row || !visible || row.revokedAt) return { active: false };
      const now = clock.now();
      if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { active: false };
      const app = row.applicationId ? await applications.find(row.applicationId) : undefined;
      return {
        active: true,
        scope: row.scopes.join(' '),
        ...(app ? { client_id: app.clientId } : {}),
        token_type: 'Bearer',
        ...(row.expiresAt ? { exp: epoch(row.expiresAt) } : {}),
        iat: epoch(row.createdAt),
      };
    },

    /** GET /oauth2/token/info for the bearer token itself (already authenticated by the caller). */
    async info(token: string) {
      const row = await accessTokenRow(token);
      const operator = row && (await findOperator(db, row.operatorId));
      if (!row || !operator) throw new DomainError('invalid_token');
      const app = row.applicationId ? await applications.find(row.applicationId) : undefined;
      return {
        scope: row.scopes,
        // The reference's example gives the absolute expiry (created_at + 7200) here; reproduced as is.
        expires_in: row.expiresAt ? epoch(row.expiresAt) : null,
        application: app ? { uid: app.clientId } : null,
        created_at: epoch(row.createdAt),
        operator: { name: operator.name },
      };
    },
  };
}

export type TokenEndpointService = ReturnType<typeof tokenEndpointService>;
