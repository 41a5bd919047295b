import type { Job, JobOutcome } from '../jobs/job.ts';

/**
 * PostgreSQL errors that say "try again", not "this step is wrong": deadlock, serialization failure, lock
 * timeout. Two workers settling batches for one operator meet on shared rows (the invoice number sequence, the
 * contact's units), and PostgreSQL breaks a cycle by failing one statement.
 */
const TRANSIENT = new Set(['40P01', '40001', '55P03']);
/** Claims after which a transient error is given up on and the step kept as failed for inspection. */
export const MAX_TRANSIENT_ATTEMPTS = 5;

/**
 * What a step that threw becomes: a transient database error is retried at once (the step is idempotent and its
 * savepoint undid it; `runAt` is now in machine time, from the claim's own operator time and offset); anything else
 * is `failed`, kept with its stack.
 */
export function stepFailureOutcome(
  job: Pick<Job, 'attempts' | 'operatorOffsetMs' | 'operatorNow'>,
  err: unknown,
): JobOutcome {
  const error = String((err as Error)?.stack ?? err).slice(0, 2000);
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && TRANSIENT.has(code) && job.attempts < MAX_TRANSIENT_ATTEMPTS)
    return { type: 'retry', runAt: new Date(job.operatorNow().getTime() - job.operatorOffsetMs), error };
  return { type: 'failed', error };
}
