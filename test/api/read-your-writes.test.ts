import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createLockyard, type Lockyard } from '../../src/main.ts';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';

// Issue 13: a cache must never serve what another process already changed. Two API instances on one PostgreSQL
// database, each with its own pool, response cache and change listener (as two processes have), sharing Redis as a
// fleet does: write on A, then read on B, N times with B's cache primed and other reads running meanwhile; 0 stale.
// bench/read-your-writes.ts runs the 10,000 across two real processes.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.RYW_ROUNDS ?? 300);

async function redisRunning(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

let a: TestApp | undefined;
let b: Lockyard | undefined;
let skip = '';
before(async () => {
  if (STORE !== 'postgres') skip = 'one process per embedded data dir: nothing to prove across processes';
  else if (!(await redisRunning())) skip = `Redis is not running at ${REDIS_URL}`;
  if (skip) return;
  a = await createTestApp({ redisUrl: REDIS_URL });
  b = await createLockyard({ database: a.databaseOptions, logLevel: false, redisUrl: REDIS_URL });
});
after(async () => {
  await b?.close();
  await a?.close();
});

test(`write on A, read on B: ${ROUNDS} times under load, 0 stale (PostgreSQL + Redis)`, async (ctx) => {
  if (skip) return ctx.skip(skip);
  const headers = { authorization: `Bearer ${a!.a.token}`, 'content-type': 'application/json' };
  const onB = async (url: string) => {
    const res = await b!.app.inject({ method: 'GET', url, headers });
    assert.equal(res.statusCode, 200);
    return res.json();
  };
  const id = (await a!.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
  const weekly = (body: any) => body.unit_type.prices.find((p: any) => p.billing_period === 'weekly').price.amount;

  // Load on B while the rounds run: cacheable reads of other URLs, so B's cache keeps being filled and used.
  let running = true;
  const load = Promise.all(
    Array.from({ length: 2 }, async (_, i) => {
      while (running) await onB(`/2025-09/units?limit=${i + 1}`);
    }),
  );
  let stale = 0;
  let cachedBefore = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Prime B's cache with the current value (twice: the second read is a cache hit).
      await onB(`/2025-09/unit_types/${id}`);
      const before = await onB(`/2025-09/unit_types/${id}`);
      if (weekly(before) === 1000 + round - 1 || round === 1) cachedBefore++;
      const write = await a!.post(`/2025-09/unit_types/${id}/base_price`, { weekly: { amount: 1000 + round } });
      assert.equal(write.status, 200);
      if (weekly(await onB(`/2025-09/unit_types/${id}`)) !== 1000 + round) stale++;
    }
  } finally {
    running = false;
    await load;
  }
  assert.equal(stale, 0, `${stale} of ${ROUNDS} reads on B missed the write just answered by A`);
  assert.equal(cachedBefore, ROUNDS);
});
