import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../kernel/errors.ts';
import { monotonicMs, type Clock } from '../../kernel/clock.ts';
import { atomically, withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/idempotency.repo.ts';
import type { OperatorContext } from '../context.ts';

// Retention and waits are real time, never the operator's sandbox clock (docs/decisions/idempotency.md).
const TTL_MS = 24 * 3600 * 1000;
const LOCK_MS = 60 * 1000; // a claim committed outside a unit of work lapses after a minute (its holder died)
const WAIT_MS = 10 * 1000;

/** What a key replays: status, body and content type, byte for byte. */
export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

export type Guarded<T> =
  { kind: 'replay'; response: StoredResponse } | { kind: 'fresh'; value: T; response: StoredResponse | null };

/** Test seams for the crash-safety proof: called inside the unit after the work, and after its commit. */
export interface IdempotencyFaults {
  beforeCommit?(): Promise<void>;
  afterCommit?(): Promise<void>;
}

// The key's own refusals (400 reused with another request, 409 still in progress) are answers about the
// key, not outcomes of the request: they are never stored.
const keyErrors = new WeakSet<object>();
export const isKeyError = (err: unknown): boolean => typeof err === 'object' && err !== null && keyErrors.has(err);

function keyError(err: DomainError): DomainError {
  keyErrors.add(err);
  return err;
}

const mismatch = (key: string) =>
  keyError(
    new DomainError(
      'invalid_request',
      `The Idempotency-Key '${key}' was already used with a different request. Use a new key for a new request.`,
    ),
  );
const busy = (key: string) =>
  keyError(
    new DomainError('conflict', `A request with the Idempotency-Key '${key}' is still being processed. Retry later.`),
  );

const hashOf = (fingerprint: string) => createHash('sha256').update(fingerprint).digest('hex');

export function idempotencyService({ db, clock, faults = {} }: { db: Db; clock: Clock; faults?: IdempotencyFaults }) {
  const times = () => {
    const now = clock.now();
    return { now, lockedUntil: new Date(now.getTime() + LOCK_MS), expiresAt: new Date(now.getTime() + TTL_MS) };
  };

  /** What a committed record says about a request that lost the claim: replay it, or refuse. */
  function settled(
    existing: repo.IdempotencyRecord | undefined,
    key: string,
    requestHash: string,
  ): StoredResponse | null {
    if (!existing) return null;
    if (existing.requestHash !== requestHash) throw mismatch(key);
    if (existing.state !== 'done') return null;
    return {
      status: existing.responseStatus!,
      body: existing.responseBody!,
      contentType: existing.responseContentType!,
    };
  }

  /**
   * Inside the unit: insert the claim (or take over an expired or lapsed one). A concurrent request holding the
   * key uncommitted makes this wait on its row, at most WAIT_MS, then 409.
   */
  async function claimInUnit(ctx: OperatorContext, key: string, requestHash: string): Promise<boolean> {
    return withTransaction(db, async (tx) => {
      const previous = await repo.swapLockTimeout(tx, `${WAIT_MS}ms`);
      const claimed = await repo
        .claimIdempotencyKey(tx, { operatorId: ctx.operator.id, key, requestHash, ...times() })
        .catch((err) => {
          throw repo.isLockTimeout(err) ? busy(key) : err;
        });
      await repo.swapLockTimeout(tx, previous);
      return claimed;
    });
  }

  /** Claims in a transaction of its own, for work that cannot run inside a unit; waits out a live holder. */
  async function claimAlone(ctx: OperatorContext, key: string, requestHash: string): Promise<StoredResponse | null> {
    const deadline = monotonicMs() + WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const claimed = await withTransaction(db, (tx) =>
        repo.claimIdempotencyKey(tx, { operatorId: ctx.operator.id, key, requestHash, ...times() }),
      );
      if (claimed) return null;
      const stored = settled(await repo.findIdempotencyKey(db, ctx.operator.id, key), key, requestHash);
      if (stored) return stored;
      if (monotonicMs() > deadline) throw busy(key);
      await sleep(Math.min(25 * 2 ** attempt, 250));
    }
  }

  async function finish(ctx: OperatorContext, key: string, response: StoredResponse | null) {
    await withTransaction(db, (tx) =>
      response
        ? repo.completeIdempotencyKey(tx, { operatorId: ctx.operator.id, key, ...response })
        : repo.releaseIdempotencyKey(tx, ctx.operator.id, key),
    );
  }

  return {
    /**
     * Before body validation: the stored response if this key already has one, so stored errors replay too.
     * Throws 400 when the key was used with a different request.
     */
    async lookup(ctx: OperatorContext, key: string, fingerprint: string): Promise<StoredResponse | null> {
      const existing = await repo.findIdempotencyKey(db, ctx.operator.id, key);
      if (!existing || existing.expiresAt.getTime() <= clock.now().getTime()) return null;
      return settled(existing, key, hashOf(fingerprint));
    },

    /**
     * Runs `work` once per key. Atomic (the default): the claim, the work and the response to replay commit in
     * one unit of work, so a crash anywhere leaves either all of it (a retry replays) or none (a retry runs
     * again). Not atomic: the claim commits first and lapses after a minute if the process dies.
     */
    async guard<T>(
      ctx: OperatorContext,
      key: string,
      fingerprint: string,
      opts: { atomic: boolean },
      work: () => Promise<T>,
      toStored: (value: T) => StoredResponse | null,
    ): Promise<Guarded<T>> {
      const requestHash = hashOf(fingerprint);
      if (!opts.atomic) {
        const stored = await claimAlone(ctx, key, requestHash);
        if (stored) return { kind: 'replay', response: stored };
        const value = await work();
        const response = toStored(value);
        await finish(ctx, key, response);
        return { kind: 'fresh', value, response };
      }
      const outcome = await atomically(db, async (): Promise<Guarded<T>> => {
        if (!(await claimInUnit(ctx, key, requestHash))) {
          const stored = settled(await repo.findIdempotencyKey(db, ctx.operator.id, key), key, requestHash);
          if (!stored) throw busy(key);
          return { kind: 'replay', response: stored };
        }
        const value = await work();
        const response = toStored(value);
        await finish(ctx, key, response);
        await faults.beforeCommit?.();
        return { kind: 'fresh', value, response };
      });
      if (outcome.kind === 'fresh') await faults.afterCommit?.();
      return outcome;
    },

    /** Stores a response the guarded work did not: an error, answered after its unit rolled back. */
    record: (ctx: OperatorContext, key: string, fingerprint: string, response: StoredResponse) =>
      withTransaction(db, (tx) =>
        repo.recordIdempotencyOutcome(tx, {
          operatorId: ctx.operator.id,
          key,
          requestHash: hashOf(fingerprint),
          ...response,
          ...times(),
        }),
      ),
  };
}

export type IdempotencyService = ReturnType<typeof idempotencyService>;
