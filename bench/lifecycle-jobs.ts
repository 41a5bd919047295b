// Shared by the lifecycle benchmark and its worker processes: the job runner they drain with.
import type { Lockyard } from '../src/main.ts';
import { createJobRunner } from '../src/engines/jobs/job-runner.ts';
import { LIFECYCLE_SETTLE_CHUNK_POSTGRES, lifecycleJobHandler } from '../src/domain/lifecycle/lifecycle.job.ts';
import type { JobHandler } from '../src/domain/jobs/job.ts';

/** The bare job: claimed, loaded, settled, nothing else. Its drain rate is the baseline. */
export const NOOP_JOB = 'bench_noop';

export interface Counted {
  lifecycle: number;
  noop: number;
}

/** Lifecycle steps as the platform runs them, plus the no-op, each settled job counted. */
export function benchRunner(lockyard: Lockyard, counted: Counted) {
  const lifecycle = lifecycleJobHandler({
    contexts: lockyard.services.contexts,
    lifecycle: lockyard.services.lifecycle,
    settleChunk: lockyard.database.kind === 'postgres' ? LIFECYCLE_SETTLE_CHUNK_POSTGRES : undefined,
  });
  const countingLifecycle: JobHandler = {
    ...lifecycle,
    async settle(tx, items) {
      const out = await lifecycle.settle(tx, items);
      counted.lifecycle += items.length;
      return out;
    },
  };
  const noop: JobHandler<null, null> = {
    kind: NOOP_JOB,
    load: async (_db, jobs) => new Map(jobs.map((j) => [j.id, null])),
    run: async () => null,
    settle: async (_tx, items) => {
      counted.noop += items.length;
      return new Map();
    },
  };
  return createJobRunner({
    db: lockyard.database.db,
    clock: lockyard.clock,
    contexts: lockyard.services.contexts,
    handlers: [countingLifecycle, noop],
  });
}
