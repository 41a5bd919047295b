import { timingSafeEqual } from 'node:crypto';
import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import { isScope, type Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as apps from '../../storage/repos/oauth-applications.repo.ts';
import { hashToken, type TokensService } from '../access/tokens.service.ts';
import { disableEndpointsOnRevocation } from '../webhooks/endpoint-revocation.ts';
import { OAuthError } from './oauth-error.ts';
import { orderScopes, redirectUriProblem } from './oauth-rules.ts';

export type OAuthApplication = apps.OAuthApplicationRow;

/** What creating or rotating returns: the plaintext secret, shown once and stored only as a hash. */
export interface IssuedCredentials {
  application: OAuthApplication;
  clientSecret: string;
}

// Client secrets are 256-bit random values, so a fast hash is enough (docs/decisions/oauth.md).
function newSecret() {
  const secret = randomToken(32);
  return { secret, hash: hashToken(secret), hint: secret.slice(-4) };
}

function checkName(name: string) {
  if (!name.trim()) throw invalidContent('/name', 'must not be blank');
  if (name.length > 100) throw invalidContent('/name', 'must be at most 100 characters');
}

function checkScopes(scopes: string[]): Scope[] {
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length) throw invalidContent('/scopes', `unknown scope(s): ${bad.join(', ')}`);
  if (!scopes.length) throw invalidContent('/scopes', 'choose at least one scope');
  return orderScopes(scopes);
}

export function applicationsService({ db, clock, tokens }: { db: Db; clock: Clock; tokens: TokensService }) {
  async function create(input: {
    kind: 'partner' | 'operator';
    operatorId: string | null;
    name: string;
    redirectUris: string[];
    scopes: string[];
  }): Promise<IssuedCredentials> {
    checkName(input.name);
    const scopes = checkScopes(input.scopes);
    input.redirectUris.forEach((uri, i) => {
      const problem = redirectUriProblem(uri);
      if (problem) throw invalidContent(`/redirect_uris/${i}`, problem);
    });
    if (input.kind === 'partner' && !input.redirectUris.length)
      throw invalidContent('/redirect_uris', 'a partner application needs at least one redirect URI');
    const { secret, hash, hint } = newSecret();
    const now = clock.now();
    const application: OAuthApplication = {
      id: newId('application'),
      kind: input.kind,
      operatorId: input.operatorId,
      name: input.name.trim(),
      clientId: randomToken(32),
      secretHash: hash,
      secretHint: hint,
      redirectUris: [...new Set(input.redirectUris)],
      scopes,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await withTransaction(db, (tx) => apps.insertApplication(tx, application));
    return { application, clientSecret: secret };
  }

  async function ownedBy(operatorId: string, id: string): Promise<OAuthApplication> {
    const app = await apps.findApplication(db, id);
    if (!app || app.operatorId !== operatorId || app.deletedAt) notFound('application', id);
    return app;
  }

  async function rotate(app: OAuthApplication): Promise<IssuedCredentials> {
    const { secret, hash, hint } = newSecret();
    const now = clock.now();
    await withTransaction(db, (tx) => apps.updateApplicationSecret(tx, app.id, hash, hint, now));
    return { application: { ...app, secretHash: hash, secretHint: hint, updatedAt: now }, clientSecret: secret };
  }

  return {
    /** Platform level (CLI): any operator may authorise it through the Authorization Code flow. */
    createPartner: (input: { name: string; redirectUris: string[]; scopes: string[] }) =>
      create({ ...input, kind: 'partner', operatorId: null }),

    /** Back office: Client Credentials for this operator only. */
    createForOperator: (operatorId: string, input: { name: string; scopes: string[] }) =>
      create({ ...input, kind: 'operator', operatorId, redirectUris: [] }),

    listForOperator: (operatorId: string) => apps.listOperatorApplications(db, operatorId),
    listPartners: () => apps.listPartnerApplications(db),
    find: (id: string) => apps.findApplication(db, id),

    async rotateForOperator(operatorId: string, id: string): Promise<IssuedCredentials> {
      return rotate(await ownedBy(operatorId, id));
    },

    async rotatePartner(clientId: string): Promise<IssuedCredentials> {
      const app = await apps.findApplicationByClientId(db, clientId);
      if (!app || app.kind !== 'partner') notFound('application', clientId);
      return rotate(app);
    },

    /** Deleting an operator application revokes every token it was issued and disables its webhook endpoints. */
    async deleteForOperator(operatorId: string, id: string): Promise<void> {
      await ownedBy(operatorId, id);
      const now = clock.now();
      const revoked = await withTransaction(db, async (tx) => {
        await apps.markApplicationDeleted(tx, id, now);
        await disableEndpointsOnRevocation(
          tx,
          { kind: 'application', operatorId, applicationId: id },
          'application_deleted',
          now,
        );
        return apps.revokeApplicationAccessTokens(tx, operatorId, id, now);
      });
      tokens.forgetTokens(revoked);
    },

    /** Client authentication (RFC 6749 §2.3.1): a live application whose secret matches, else invalid_client. */
    async authenticateClient(clientId: unknown, clientSecret: unknown): Promise<OAuthApplication> {
      if (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret) {
        throw new OAuthError(
          'invalid_client',
          'Client authentication failed: send client_id and client_secret in the body or with HTTP Basic.',
        );
      }
      const app = await apps.findApplicationByClientId(db, clientId);
      const given = Buffer.from(hashToken(clientSecret));
      if (!app || !timingSafeEqual(given, Buffer.from(app.secretHash))) {
        throw new OAuthError('invalid_client', 'Client authentication failed: unknown client or wrong secret.');
      }
      return app;
    },

    /** For the back office: grants' application names even after an application is deleted. */
    async names(ids: string[]): Promise<Map<string, OAuthApplication>> {
      const out = new Map<string, OAuthApplication>();
      for (const id of new Set(ids)) {
        const app = await apps.findApplication(db, id);
        if (app) out.set(id, app);
      }
      return out;
    },
  };
}

export type ApplicationsService = ReturnType<typeof applicationsService>;
