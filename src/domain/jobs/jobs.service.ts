import type { Clock } from '../../kernel/clock.ts';
import type { Db, Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/jobs.repo.ts';
import { JOBS_CHANNEL, type NewJob } from './job.ts';

/**
 * The queue as the domain sees it: jobs are added inside the caller's transaction, so work is never started
 * for a change that did not commit. Running them is the job runner's business (engines/jobs/job-runner.ts).
 */
export function jobsService({ clock }: { db: Db; clock: Clock }) {
  return {
    /** Adds jobs in the caller's transaction; workers are woken when it commits. */
    async enqueue(tx: Tx, jobs: NewJob[]): Promise<void> {
      if (!jobs.length) return;
      await repo.insertJobs(tx, jobs, clock.now());
      await repo.notifyJobs(tx, JOBS_CHANNEL);
    },

    cancelGroup: (tx: Tx, groupKey: string) => repo.cancelGroup(tx, groupKey),
  };
}

export type JobsService = ReturnType<typeof jobsService>;
