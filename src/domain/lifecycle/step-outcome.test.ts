import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TRANSIENT_ATTEMPTS, stepFailureOutcome } from './step-outcome.ts';

const job = (attempts: number) => ({
  attempts,
  operatorOffsetMs: 86_400_000,
  operatorNow: () => new Date('2026-03-02T06:00:00Z'),
});
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

test('a deadlock or serialization failure is retried at once (machine time); other errors fail the step', () => {
  const deadlock = stepFailureOutcome(job(1), pgError('40P01', 'deadlock detected'));
  assert.equal(deadlock.type, 'retry');
  assert.equal(deadlock.type === 'retry' && deadlock.runAt.toISOString(), '2026-03-01T06:00:00.000Z');
  assert.equal(stepFailureOutcome(job(2), pgError('40001', 'could not serialize')).type, 'retry');
  assert.equal(stepFailureOutcome(job(1), pgError('23505', 'duplicate key')).type, 'failed');
  assert.equal(stepFailureOutcome(job(1), new TypeError('x is undefined')).type, 'failed');
  const given = stepFailureOutcome(job(MAX_TRANSIENT_ATTEMPTS), pgError('40P01', 'deadlock detected'));
  assert.equal(given.type, 'failed');
  assert.match(given.type === 'failed' ? given.error : '', /deadlock detected/);
});
