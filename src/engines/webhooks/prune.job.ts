import type { Clock } from '../../kernel/clock.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import { pruneRequestLog } from '../../storage/repos/request-log.repo.ts';
import { REQUEST_LOG_RETENTION_DAYS } from '../../domain/requests/request-inspector.service.ts';
import type { JobHandler, RecurringJob } from '../../domain/jobs/job.ts';
import { DELIVERY_LOG_RETENTION_DAYS } from '../../domain/webhooks/delivery.ts';

export const PRUNE_JOB = 'webhook.prune';
const DAY_MS = 86_400_000;

/** The daily retention pass over the delivery log and the request log, kept going by answering `retry` for tomorrow. */
export const PRUNE_RECURRING: RecurringJob = { id: 'job_webhook_prune', kind: PRUNE_JOB };

export function pruneJobHandler(clock: Clock): JobHandler<true, null> {
  return {
    kind: PRUNE_JOB,
    load: async (_db, js) => new Map(js.map((j) => [j.id, true as const])),
    run: async () => null,
    async settle(tx, items) {
      await deliveries.pruneDeliveryLog(tx, clock.now(), DELIVERY_LOG_RETENTION_DAYS);
      await pruneRequestLog(tx, clock.now(), REQUEST_LOG_RETENTION_DAYS);
      return new Map(
        items.map((i) => [i.job.id, { type: 'retry' as const, runAt: new Date(clock.now().getTime() + DAY_MS) }]),
      );
    },
  };
}
