import type { JobHandler, JobOutcome } from '../../domain/jobs/job.ts';
import { ADDON_DAILY_JOB, nextLocalMidnight } from '../../domain/addons/addon.ts';
import type { AddonsService } from '../../domain/addons/addons.service.ts';

/**
 * `addon.dailyEvent.started`: one job per operator, due at each local midnight on the operator clock. It sends the
 * event to every enabled install subscribed to it, then reschedules itself; with no such install left it ends
 * (enabling one starts it again).
 */
export function addonDailyJobHandler(addons: AddonsService): JobHandler<string, null> {
  return {
    kind: ADDON_DAILY_JOB,
    load: async (_db, jobs) => new Map(jobs.filter((j) => j.operatorId).map((j) => [j.id, j.operatorId!])),
    run: async () => null,
    async settle(tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      for (const { job, loaded: operatorId } of items) {
        const due = job.operatorNow();
        const timezone = await addons.dailyTick(tx, operatorId, due);
        if (!timezone) {
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        // Machine time of the next local midnight, at the offset this job runs with.
        const next = nextLocalMidnight(due, timezone).getTime() - job.operatorOffsetMs;
        outcomes.set(job.id, { type: 'retry', runAt: new Date(next) });
      }
      return outcomes;
    },
  };
}
