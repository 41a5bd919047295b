import { withSavepoint } from '../../storage/savepoint.ts';
import { systemPrincipal, type OperatorContext } from '../context.ts';
import type { JobHandler, JobOutcome } from '../jobs/job.ts';
import type { ContextsService } from '../operators/contexts.service.ts';
import { LIFECYCLE_JOB, type LifecycleStep } from './lifecycle-step.ts';
import { stepFailureOutcome } from './step-outcome.ts';
import type { LifecycleService } from './lifecycle.service.ts';

/** Steps per settle transaction on PostgreSQL (see `settleChunk`): one, so a renewal's number lock lasts one step. */
export const LIFECYCLE_SETTLE_CHUNK_POSTGRES = 1;

/**
 * A step caught up late (the sandbox clock jumped past it) happened at its due time: the context's clock, from
 * contexts.contextFor, is held at `at` once it has passed it.
 */
export function heldAt(clock: () => Date, at: Date): () => Date {
  return () => {
    const now = clock();
    return at.getTime() < now.getTime() ? at : now;
  };
}

/**
 * Lifecycle steps as jobs (wired in main.ts). Nothing slow happens outside the database, so `run` is empty and
 * each step runs in `settle`: the batch's transaction, one savepoint per step (a failing step is undone alone and
 * kept as `failed` for inspection, or retried when the database broke a deadlock: step-outcome.ts), in due order. A step's records and events carry its due time, not the time
 * it was caught up.
 */
export function lifecycleJobHandler({
  contexts,
  lifecycle,
  settleChunk,
}: {
  contexts: ContextsService;
  lifecycle: LifecycleService;
  /**
   * Steps per transaction. PostgreSQL with several workers: small, because a renewal holds the operator's
   * invoice-number row until its transaction commits, and a hundred-step batch would make every other worker wait
   * for all hundred. One process on PGlite: the whole batch (nothing else waits; fewer commits).
   */
  settleChunk?: number;
}): JobHandler<LifecycleStep, null> {
  return {
    kind: LIFECYCLE_JOB,
    settleChunk,
    load: async (_db, js) => new Map(js.map((j) => [j.id, j.payload as unknown as LifecycleStep])),
    run: async () => null,
    async settle(tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      const bases = new Map<string, OperatorContext | null>();
      const sorted = [...items].sort((a, b) => Date.parse(a.loaded.at) - Date.parse(b.loaded.at));
      for (const { job, loaded } of sorted) {
        const operatorId = job.operatorId!;
        // Inside the settle transaction: the context is read through `tx` (on PGlite `db` would wait forever).
        if (!bases.has(operatorId))
          bases.set(operatorId, await contexts.contextFor(operatorId, systemPrincipal('jobs'), tx).catch(() => null));
        const base = bases.get(operatorId);
        if (!base) {
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        const ctx: OperatorContext = { ...base, now: heldAt(base.now, new Date(loaded.at)) };
        try {
          await withSavepoint(tx, () => lifecycle.runStep(tx, ctx, loaded));
          outcomes.set(job.id, { type: 'done' });
        } catch (err) {
          outcomes.set(job.id, stepFailureOutcome(job, err));
        }
      }
      return outcomes;
    },
  };
}
