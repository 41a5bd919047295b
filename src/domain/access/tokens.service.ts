import { createHash } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import { isScope, type Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import { disableEndpointsOnRevocation } from '../webhooks/endpoint-revocation.ts';
import * as tokens from '../../storage/repos/access-tokens.repo.ts';
import * as operators from '../../storage/repos/operators.repo.ts';
import type { Operator, Principal } from '../context.ts';

export interface Authenticated {
  operator: Operator;
  principal: Principal;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// A short cache keeps auth off the database on hot paths; revocation in this process clears it,
// other processes see it within CACHE_MS (docs/decisions/auth.md).
const CACHE_MS = 2000;

export function tokensService({ db, clock }: { db: Db; clock: Clock }) {
  const cache = new Map<string, { at: number; row: tokens.AccessTokenRow; operator: Operator; scopes: ReadonlySet<Scope> }>();

  return {
    /** Creates an access token; the plaintext is returned here and never again. `tx` lets OAuth issue it atomically. */
    async create(input: { operatorId: string; scopes: Scope[]; name?: string; expiresInSeconds?: number; applicationId?: string | null }, tx: Handle = db) {
      const plaintext = randomToken(32);
      const now = clock.now(input.operatorId);
      const row: tokens.AccessTokenRow = {
        id: newId('accessToken'),
        operatorId: input.operatorId,
        name: input.name ?? 'API token',
        tokenHash: hashToken(plaintext),
        tokenHint: plaintext.slice(-4),
        scopes: [...new Set(input.scopes)],
        applicationId: input.applicationId ?? null,
        expiresAt: input.expiresInSeconds ? new Date(now.getTime() + input.expiresInSeconds * 1000) : null,
        revokedAt: null,
        createdAt: now,
      };
      await tokens.insertAccessToken(tx, row);
      return { token: plaintext, record: row };
    },

    /** Resolves a bearer token to its operator and scopes, or throws 401 invalid_token. */
    async authenticate(bearer: string | undefined): Promise<Authenticated> {
      if (!bearer) throw new DomainError('invalid_token', 'No access token was provided. Send it as `Authorization: Bearer <token>`.');
      const hash = hashToken(bearer);
      const realNow = clock.now().getTime();
      let hit = cache.get(hash);
      if (!hit || realNow - hit.at > CACHE_MS) {
        const row = await tokens.findAccessTokenByHash(db, hash);
        const operator = row && (await operators.findOperator(db, row.operatorId));
        if (!row || !operator) throw new DomainError('invalid_token');
        hit = { at: realNow, row, operator, scopes: new Set(row.scopes.filter(isScope)) };
        cache.set(hash, hit);
        if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
        clock.setOffset(operator.id, operator.clockOffsetMs);
      }
      const { row, operator, scopes } = hit;
      if (row.revokedAt) throw new DomainError('invalid_token', 'The access token has been revoked.');
      if (row.expiresAt && row.expiresAt.getTime() <= clock.now(operator.id).getTime()) {
        throw new DomainError('invalid_token', 'The access token has expired.');
      }
      return {
        operator,
        principal: {
          kind: row.applicationId ? 'application' : 'access_token',
          tokenId: row.id,
          applicationId: row.applicationId,
          staffId: null,
          scopes,
        },
      };
    },

    /** Revokes the token and, in the same transaction, disables the webhook endpoints it answers for. */
    async revoke(operatorId: string, tokenId: string): Promise<boolean> {
      const at = clock.now(operatorId);
      const done = await withTransaction(db, async (tx) => {
        if (!(await tokens.revokeAccessToken(tx, operatorId, tokenId, at))) return false;
        await disableEndpointsOnRevocation(tx, { kind: 'token', ids: [tokenId] }, 'token_revoked', at);
        return true;
      });
      for (const [hash, entry] of cache) if (entry.row.id === tokenId) cache.delete(hash);
      return done;
    },

    list: (operatorId: string) => tokens.listAccessTokens(db, operatorId),

    /** Drops cached tokens revoked elsewhere in this process (OAuth grant revocation). */
    forgetTokens(tokenIds: string[]) {
      const ids = new Set(tokenIds);
      for (const [hash, entry] of cache) if (ids.has(entry.row.id)) cache.delete(hash);
    },

    /** Drops cached operators, e.g. after the sandbox clock or rate limits changed. */
    forgetOperator(operatorId: string) {
      for (const [hash, entry] of cache) if (entry.operator.id === operatorId) cache.delete(hash);
    },
  };
}

export type TokensService = ReturnType<typeof tokensService>;
