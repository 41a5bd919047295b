import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../kernel/errors.ts';
import { monotonicMs } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/idempotency.repo.ts';
import type { OperatorContext } from '../context.ts';

const TTL_MS = 24 * 3600 * 1000;
const LOCK_MS = 60 * 1000; // a holder that has not answered in a minute is taken to have died
const WAIT_MS = 10 * 1000;

export type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: string; contentType: string };

export function idempotencyService({ db }: { db: Db }) {
  return {
    /** Claims the key for this request, or returns the stored response to replay. Waits out a concurrent holder. */
    async claim(ctx: OperatorContext, key: string, fingerprint: string): Promise<Claim> {
      const requestHash = createHash('sha256').update(fingerprint).digest('hex');
      const deadline = monotonicMs() + WAIT_MS;
      for (let attempt = 0; ; attempt++) {
        const now = ctx.now();
        const claimed = await repo.claimIdempotencyKey(db, {
          operatorId: ctx.operator.id,
          key,
          requestHash,
          now,
          lockedUntil: new Date(now.getTime() + LOCK_MS),
          expiresAt: new Date(now.getTime() + TTL_MS),
        });
        if (claimed) return { kind: 'claimed' };
        const existing = await repo.findIdempotencyKey(db, ctx.operator.id, key);
        if (!existing) continue;
        if (existing.requestHash !== requestHash) {
          throw new DomainError(
            'invalid_request',
            `The Idempotency-Key '${key}' was already used with a different request. Use a new key for a new request.`,
          );
        }
        if (existing.state === 'done') {
          return { kind: 'replay', status: existing.responseStatus!, body: existing.responseBody!, contentType: existing.responseContentType! };
        }
        if (monotonicMs() > deadline) {
          throw new DomainError('conflict', `A request with the Idempotency-Key '${key}' is still being processed. Retry later.`);
        }
        await sleep(Math.min(25 * 2 ** attempt, 250));
      }
    },

    complete: (ctx: OperatorContext, key: string, status: number, body: string, contentType: string) =>
      repo.completeIdempotencyKey(db, { operatorId: ctx.operator.id, key, status, body, contentType }),
  };
}
