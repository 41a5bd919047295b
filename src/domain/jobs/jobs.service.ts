import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/jobs.repo.ts';
import { JOBS_CHANNEL, type JobHandler, type NewJob } from './job.ts';
import { createJobRunner, type WorkerOptions } from './job-worker.ts';

/**
 * The one generic queue: every background job (webhook delivery first, then the scheduler)
 * registers a handler for its kind and enqueues inside its own transactions.
 */
export function jobsService({ db, clock }: { db: Db; clock: Clock }) {
  const handlers: JobHandler[] = [];
  const runner = createJobRunner({ db, clock, handlers: () => handlers });
  const recurring: Array<{ id: string; kind: string }> = [];
  return {
    register(handler: JobHandler) {
      if (handlers.some((h) => h.kind === handler.kind)) throw new Error(`job kind ${handler.kind} registered twice`);
      handlers.push(handler);
    },

    /** Adds jobs in the caller's transaction; workers are woken when it commits. */
    async enqueue(tx: Tx, jobs: NewJob[]): Promise<void> {
      if (!jobs.length) return;
      await repo.insertJobs(tx, jobs, clock.now());
      await repo.notifyJobs(tx, JOBS_CHANNEL);
    },

    /**
     * A maintenance job with a fixed id, created when a worker starts unless it exists; its handler
     * keeps it going by answering `retry` with the next run time.
     */
    recurring(job: { id: string; kind: string }) {
      recurring.push(job);
    },

    cancelGroup: (tx: Tx, groupKey: string) => repo.cancelGroup(tx, groupKey),

    /** The operator's sandbox clock now stands at `offsetMs`: its pending jobs fall due accordingly. */
    shiftOperator: (tx: Tx, operatorId: string, offsetMs: number) => repo.shiftOperatorJobs(tx, operatorId, offsetMs),

    runDue: runner.runDue,

    worker(opts: WorkerOptions = {}) {
      const w = runner.worker(opts);
      return {
        ...w,
        async start() {
          const now = clock.now();
          await withTransaction(db, async (tx) => {
            for (const r of recurring) await repo.ensureJob(tx, { ...r, runAt: now }, now);
          });
          await w.start();
        },
      };
    },
  };
}

export type JobsService = ReturnType<typeof jobsService>;
