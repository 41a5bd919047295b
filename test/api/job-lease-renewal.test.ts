import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { createJobRunner } from '../../src/engines/jobs/job-runner.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { countJobs } from '../../src/storage/repos/jobs.repo.ts';
import type { JobHandler } from '../../src/domain/jobs/job.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('a run longer than its lease keeps the job: the worker renews the lease, no second worker runs it', async () => {
  const KIND = 'test.slow';
  let runs = 0;
  let started = false;
  const slow: JobHandler<null, null> = {
    kind: KIND,
    load: async (_db, jobs) => new Map(jobs.map((j) => [j.id, null])),
    async run(_job, _loaded, signal) {
      runs++;
      started = true;
      // Four leases long.
      for (let i = 0; i < 40 && !signal.aborted; i++) await sleep(200);
      return null;
    },
    settle: async () => new Map(),
  };
  const runner = () =>
    createJobRunner({
      db: t.lockyard.database.db,
      clock: t.lockyard.clock,
      contexts: t.lockyard.services.contexts,
      handlers: [slow],
    });
  const a = runner().worker({ pollMs: 20, leaseMs: 2000 });
  const b = runner().worker({ pollMs: 20, leaseMs: 2000 });
  await withTransaction(t.lockyard.database.db, (tx) =>
    t.lockyard.services.jobs.enqueue(tx, [{ kind: KIND, runAt: new Date(t.lockyard.clock.now().getTime() - 1000) }]),
  );
  await a.start();
  try {
    while (!started) await sleep(10);
    await b.start();
    await a.idle(60_000);
    await sleep(200);
    await b.idle(60_000);
    assert.equal(runs, 1, 'the job ran once');
    assert.equal(await countJobs(t.lockyard.database.db, { kind: KIND }), 0, 'and was settled');
  } finally {
    await b.stop();
    await a.stop();
  }
});
