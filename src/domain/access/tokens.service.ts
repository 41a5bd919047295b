import { createHash } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import { isScope, type Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import { disableEndpointsOnRevocation } from '../webhooks/endpoint-revocation.ts';
import * as tokens from '../../storage/repos/access-tokens.repo.ts';
import { findRefreshTokenByAccessToken } from '../../storage/repos/oauth-grants.repo.ts';
import type { Principal } from '../context.ts';

/** Who a bearer token is: its operator and principal. `contexts.contextFor` turns it into a context. */
export interface Authenticated {
  operatorId: string;
  principal: Principal;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// A short cache keeps auth off the database on hot paths. Any write by any process clears it (`onChange`: the
// change triggers' NOTIFY, a reset's too), so a token revoked or deleted anywhere stops at once; CACHE_MS bounds
// it where no change feed is wired (docs/decisions/auth.md). Lifetimes are real time, never the
// operator's sandbox clock (docs/decisions/clock.md). The operator itself is not cached here: its clock and
// limits come from `contexts.contextFor`.
const CACHE_MS = 2000;

export function tokensService({
  db,
  clock,
  onDataChange,
}: {
  db: Db;
  clock: Clock;
  onDataChange?: (listener: () => void) => () => void;
}) {
  const cache = new Map<
    string,
    { at: number; row: tokens.AccessTokenRow; grantId: string | null; scopes: ReadonlySet<Scope> }
  >();
  let version = 0;
  onDataChange?.(() => {
    version++;
    cache.clear();
  });

  return {
    /** Creates an access token; the plaintext is returned here and never again. `tx` lets OAuth issue it atomically. */
    async create(
      input: {
        operatorId: string;
        scopes: Scope[];
        name?: string;
        expiresInSeconds?: number;
        applicationId?: string | null;
      },
      tx: Handle = db,
    ) {
      const plaintext = randomToken(32);
      const now = clock.now();
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

    /** Resolves a bearer token to its operator and principal, or throws 401 invalid_token. */
    async authenticate(bearer: string | undefined): Promise<Authenticated> {
      if (!bearer)
        throw new DomainError(
          'invalid_token',
          'No access token was provided. Send it as `Authorization: Bearer <token>`.',
        );
      const hash = hashToken(bearer);
      const realNow = clock.now().getTime();
      let hit = cache.get(hash);
      if (!hit || realNow - hit.at > CACHE_MS) {
        const seen = version; // a write while loading leaves what was read stale: it is used once, not kept
        const row = await tokens.findAccessTokenByHash(db, hash);
        if (!row) throw new DomainError('invalid_token');
        const grantId = row.applicationId ? ((await findRefreshTokenByAccessToken(db, row.id))?.grantId ?? null) : null;
        hit = { at: realNow, row, grantId, scopes: new Set(row.scopes.filter(isScope)) };
        if (seen === version) cache.set(hash, hit);
        if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
      }
      const { row, grantId, scopes } = hit;
      if (row.revokedAt) throw new DomainError('invalid_token', 'The access token has been revoked.');
      if (row.expiresAt && row.expiresAt.getTime() <= realNow)
        throw new DomainError('invalid_token', 'The access token has expired.');
      return {
        operatorId: row.operatorId,
        principal: {
          kind: row.applicationId ? 'application' : 'access_token',
          tokenId: row.id,
          applicationId: row.applicationId,
          grantId,
          staffId: null,
          staffUserId: null,
          system: null,
          scopes,
        },
      };
    },

    /** Revokes the token and, in the same transaction, disables the webhook endpoints it answers for. */
    async revoke(operatorId: string, tokenId: string): Promise<boolean> {
      const at = clock.now();
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
  };
}

export type TokensService = ReturnType<typeof tokensService>;
