import type { IdempotencyFaults } from '../domain/access/idempotency.service.ts';

/**
 * `LOCKYARD_TEST_PAUSE=before-commit|after-commit`, honoured only with NODE_ENV=test: the first request with an
 * Idempotency-Key stops there for good, after telling stderr, so a crash test can SIGKILL the process at that
 * exact point (test/cli/idempotency-crash.test.ts).
 */
export function idempotencyFaultsFromEnv(env: NodeJS.ProcessEnv): IdempotencyFaults | undefined {
  if (env.NODE_ENV !== 'test') return undefined;
  const at = env.LOCKYARD_TEST_PAUSE;
  if (at !== 'before-commit' && at !== 'after-commit') return undefined;
  const pause = async () => {
    process.stderr.write(`lockyard-test: paused ${at}\n`);
    await new Promise(() => {});
  };
  return at === 'before-commit' ? { beforeCommit: pause } : { afterCommit: pause };
}
