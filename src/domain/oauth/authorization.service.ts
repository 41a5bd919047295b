import { randomToken } from '../../kernel/ids.ts';
import type { Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import { disableEndpointsOnRevocation } from '../webhooks/endpoint-revocation.ts';
import * as apps from '../../storage/repos/oauth-applications.repo.ts';
import * as grants from '../../storage/repos/oauth-grants.repo.ts';
import { hashToken, type TokensService } from '../access/tokens.service.ts';
import type { OAuthApplication } from './applications.service.ts';
import { OAuthError, type OAuthErrorCode } from './oauth-error.ts';
import { checkCodeChallenge, CODE_SECONDS, redirectUriMatches, requestedScopes, withParams } from './oauth-rules.ts';

/** A validated `GET /oauth2/authorize` request, carried through the consent form. */
export interface AuthorizationRequest {
  application: OAuthApplication;
  redirectUri: string;
  redirectUriGiven: boolean;
  scopes: Scope[];
  state: string | undefined;
  codeChallenge: string | null;
}

/** An error the client may learn about: it goes back to the (already verified) redirect URI. */
export class AuthorizeRedirectError extends OAuthError {
  constructor(
    error: OAuthErrorCode,
    description: string,
    readonly redirectTo: string,
  ) {
    super(error, description);
  }
}

export interface AuthorisedApplication {
  application: OAuthApplication;
  scopes: Scope[];
  grants: number;
  firstAuthorisedAt: Date;
  lastAuthorisedAt: Date;
}

/**
 * Revokes grants with their tokens and, in the same transaction, disables the webhook endpoints that answer to
 * them: revocation stops data at once. Returns the revoked access token ids (auth cache eviction).
 */
export async function revokeGrantsAndEndpoints(tx: Tx, grantIds: string[], at: Date): Promise<string[]> {
  const revoked = await grants.revokeGrants(tx, grantIds, at);
  await disableEndpointsOnRevocation(tx, { kind: 'grant', ids: grantIds }, 'grant_revoked', at);
  await disableEndpointsOnRevocation(tx, { kind: 'token', ids: revoked }, 'token_revoked', at);
  return revoked;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function authorizationService({ db, clock, tokens }: { db: Db; clock: Clock; tokens: TokensService }) {
  return {
    /**
     * RFC 6749 §4.1.2.1: problems with the client or its redirect URI are shown to the user (never redirected);
     * everything else goes back to the client's redirect URI with `error` and `state`.
     */
    async validate(params: Record<string, unknown>): Promise<AuthorizationRequest> {
      const clientId = str(params.client_id);
      const app = clientId ? await apps.findApplicationByClientId(db, clientId) : undefined;
      if (!app) throw new OAuthError('invalid_client', 'The application (client_id) is unknown.');
      if (app.kind !== 'partner') {
        throw new OAuthError(
          'unauthorized_client',
          'This application uses Client Credentials; it cannot be authorised by staff.',
        );
      }
      const given = str(params.redirect_uri);
      let redirectUri: string;
      if (given !== undefined) {
        if (!app.redirectUris.some((r) => redirectUriMatches(r, given)))
          throw new OAuthError('invalid_request', 'The redirect_uri is not registered for this application.');
        redirectUri = given;
      } else if (app.redirectUris.length === 1) {
        redirectUri = app.redirectUris[0];
      } else {
        throw new OAuthError('invalid_request', 'redirect_uri is required: this application has several.');
      }
      const state = str(params.state);
      const fail = (e: OAuthError): never => {
        throw new AuthorizeRedirectError(
          e.error,
          e.message,
          withParams(redirectUri, { error: e.error, error_description: e.message, state }),
        );
      };
      try {
        if (params.response_type !== 'code')
          throw new OAuthError('unsupported_response_type', 'response_type must be code.');
        const scopes = requestedScopes(params.scope, app.scopes);
        const codeChallenge = checkCodeChallenge(params.code_challenge, params.code_challenge_method);
        return { application: app, redirectUri, redirectUriGiven: given !== undefined, scopes, state, codeChallenge };
      } catch (err) {
        if (err instanceof OAuthError) return fail(err);
        throw err;
      }
    },

    /** The staff member approved for `operatorId` (a membership the caller checked): a single-use code. */
    async approve(request: AuthorizationRequest, staffUserId: string, operatorId: string): Promise<string> {
      const code = randomToken(32);
      const now = clock.now(); // codes and grants live in real time (docs/decisions/clock.md)
      await grants.insertCode(db, {
        codeHash: hashToken(code),
        operatorId,
        applicationId: request.application.id,
        staffUserId,
        scopes: request.scopes,
        redirectUri: request.redirectUri,
        redirectUriGiven: request.redirectUriGiven,
        codeChallenge: request.codeChallenge,
        grantId: null,
        usedAt: null,
        expiresAt: new Date(now.getTime() + CODE_SECONDS * 1000),
        createdAt: now,
      });
      return withParams(request.redirectUri, { code, state: request.state });
    },

    deny(request: AuthorizationRequest): string {
      return withParams(request.redirectUri, {
        error: 'access_denied',
        error_description: 'The operator denied the request.',
        state: request.state,
      });
    },

    /** Partner applications this operator has live grants for, one entry per application. */
    async listAuthorised(operatorId: string): Promise<AuthorisedApplication[]> {
      const live = await grants.listActiveGrants(db, operatorId);
      const byApp = new Map<string, AuthorisedApplication>();
      for (const g of live) {
        const entry = byApp.get(g.applicationId);
        if (entry) {
          entry.scopes = [...new Set([...entry.scopes, ...(g.scopes as Scope[])])];
          entry.grants += 1;
          if (g.createdAt < entry.firstAuthorisedAt) entry.firstAuthorisedAt = g.createdAt;
          if (g.createdAt > entry.lastAuthorisedAt) entry.lastAuthorisedAt = g.createdAt;
          continue;
        }
        const application = await apps.findApplication(db, g.applicationId);
        if (!application) continue;
        byApp.set(g.applicationId, {
          application,
          scopes: g.scopes as Scope[],
          grants: 1,
          firstAuthorisedAt: g.createdAt,
          lastAuthorisedAt: g.createdAt,
        });
      }
      return [...byApp.values()];
    },

    /** The back office's "revoke": every grant of that application for this operator, with all its tokens. */
    async revokeAuthorised(operatorId: string, applicationId: string): Promise<number> {
      const now = clock.now(); // codes and grants live in real time (docs/decisions/clock.md)
      const { count, revoked } = await withTransaction(db, async (tx) => {
        const ids = await grants.activeGrantIdsOf(tx, operatorId, applicationId);
        return { count: ids.length, revoked: await revokeGrantsAndEndpoints(tx, ids, now) };
      });
      tokens.forgetTokens(revoked);
      return count;
    },
  };
}

export type AuthorizationService = ReturnType<typeof authorizationService>;
