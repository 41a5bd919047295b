import type { Clock } from '../../kernel/clock.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import { withSavepoint } from '../../storage/savepoint.ts';
import type { OperatorContext, Operator } from '../context.ts';
import type { JobHandler, JobOutcome } from '../jobs/job.ts';
import { LIFECYCLE_JOB, type LifecycleStep } from './lifecycle-step.ts';
import type { LifecycleService } from './lifecycle.service.ts';

/**
 * Lifecycle steps as jobs. Nothing slow happens outside the database, so `run` is empty and each step runs in
 * `settle`: the batch's transaction, one savepoint per step (a failing step is undone alone and kept as `failed`
 * for inspection), in due order. A step's records and events carry its due time, not the time it was caught up.
 */
export function lifecycleJobHandler({ clock, lifecycle }: { clock: Clock; lifecycle: LifecycleService }): JobHandler<LifecycleStep, null> {
  return {
    kind: LIFECYCLE_JOB,
    load: async (_db, js) => new Map(js.map((j) => [j.id, j.payload as unknown as LifecycleStep])),
    run: async () => null,
    async settle(tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      const operators = new Map<string, Operator | undefined>();
      const sorted = [...items].sort((a, b) => Date.parse(a.loaded.at) - Date.parse(b.loaded.at));
      for (const { job, loaded } of sorted) {
        const operatorId = job.operatorId!;
        if (!operators.has(operatorId)) operators.set(operatorId, await findOperator(tx, operatorId));
        const operator = operators.get(operatorId);
        if (!operator) {
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        const at = new Date(loaded.at);
        const ctx: OperatorContext = {
          operator,
          principal: { kind: 'staff', tokenId: null, applicationId: null, staffId: null, scopes: new Set() },
          now: () => {
            const now = clock.now(operatorId);
            return at.getTime() < now.getTime() ? at : now;
          },
        };
        try {
          await withSavepoint(tx, () => lifecycle.runStep(tx, ctx, loaded));
          outcomes.set(job.id, { type: 'done' });
        } catch (err) {
          outcomes.set(job.id, { type: 'failed', error: String((err as Error)?.stack ?? err).slice(0, 2000) });
        }
      }
      return outcomes;
    },
  };
}
