import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Clock } from '../../src/kernel/clock.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../../src/http/middleware/rate-limit.ts';
import { updateOperatorRateLimits } from '../../src/storage/repos/operators.repo.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('rate limits per operator', () => {
  let t: TestApp;
  let nowMs = Date.UTC(2026, 0, 5, 9, 0, 0, 100);
  before(async () => {
    t = await createTestApp({ rateLimits: 'default', clock: { now: () => new Date(nowMs) } satisfies Clock });
  });
  after(() => t.close());

  test('10 per second, shared by every token of the operator; 429 with RateLimit headers', async () => {
    const other = await t.tokenWith(['public.site:read']);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await t.get('/2025-09/sites', { token: i % 2 ? other : t.a.token })).status);
    assert.deepEqual(statuses, Array(10).fill(200));
    const over = await t.get('/2025-09/sites', { token: other });
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, 'too_many_requests');
    assert.equal(over.headers['ratelimit-limit'], '10');
    assert.equal(over.headers['ratelimit-reset'], String(Math.floor(nowMs / 1000) + 1));
    assert.equal(over.headers['retry-after'], '1'); // 0.9 s left in this second, rounded up
    // another operator has its own budget
    assert.equal((await t.get('/2025-09/sites', { token: t.b.token })).status, 200);
  });

  test('60 per minute across seconds', async () => {
    nowMs += 1000;
    let ok = 10; // the previous test spent 10 of this minute (the refused one spends nothing)
    while (ok < 60) {
      for (let i = 0; i < 10 && ok < 60; i++, ok++) assert.equal((await t.get('/2025-09/sites')).status, 200);
      nowMs += 1000;
    }
    const over = await t.get('/2025-09/sites');
    assert.equal(over.status, 429);
    assert.equal(over.headers['ratelimit-limit'], '60');
    assert.equal(over.headers['ratelimit-reset'], String((Math.floor(nowMs / 60000) + 1) * 60));
    assert.equal(
      over.headers['retry-after'],
      String(Math.ceil(((Math.floor(nowMs / 60000) + 1) * 60000 - nowMs) / 1000)),
    );
    nowMs = (Math.floor(nowMs / 60000) + 1) * 60000 + 10;
    const fresh = await t.get('/2025-09/sites');
    assert.equal(fresh.status, 200);
    assert.ok(Number(fresh.headers['ratelimit-limit']) > 0);
  });

  test('limits are configurable per operator', async () => {
    await updateOperatorRateLimits(t.lockyard.database.db, t.b.id, 2, 100);
    nowMs += 61_000;
    assert.equal((await t.get('/2025-09/sites', { token: t.b.token })).status, 200);
    assert.equal((await t.get('/2025-09/sites', { token: t.b.token })).status, 200);
    const over = await t.get('/2025-09/sites', { token: t.b.token });
    assert.equal(over.status, 429);
    assert.equal(over.headers['ratelimit-limit'], '2');
  });
});

/**
 * A client sending 25 requests a second against 10/s and 60/min: only admitted requests count, so it still
 * gets its whole minute (before the fix refusals counted too and it got 30). Each refusal says when to retry.
 */
async function overSender(limiter: RateLimiter, op: string, minuteStartMs: number) {
  const limits = { perSecond: 10, perMinute: 60 };
  let admitted = 0;
  for (let s = 0; s < 10; s++) {
    const at = minuteStartMs + s * 1000 + 250;
    for (let i = 0; i < 25; i++) {
      const d = await limiter.hit(op, limits, at);
      if (d.allowed) {
        admitted++;
        assert.equal(d.retryAfter, undefined);
      } else {
        assert.equal(d.remaining, 0);
        // A full minute window waits for the minute; otherwise the next second.
        assert.equal(d.retryAfter, admitted >= 60 ? 60 - s : 1);
      }
    }
  }
  assert.equal(admitted, 60);
}

describe('refused requests spend nothing', () => {
  test('in process memory', async () => {
    await overSender(new MemoryRateLimiter(), 'op_memory', Date.UTC(2026, 0, 5, 9, 0, 0, 0));
  });
});

async function redisRunning(): Promise<boolean> {
  const probe = new Redis('redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
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

describe('rate limits shared through Redis', () => {
  test('refused requests spend nothing', async (ctx) => {
    if (!(await redisRunning())) return ctx.skip('Redis is not running on 127.0.0.1:6379');
    const limiter = new RedisRateLimiter(new Redis('redis://127.0.0.1:6379'));
    const minute = Date.UTC(2026, 0, 5, 9, 0, 0, 0) + Math.floor(Math.random() * 1e6) * 60_000;
    await overSender(limiter, `op_${randomBytes(8).toString('hex')}`, minute);
    await limiter.close();
  });

  test('two API processes spend one budget', async (ctx) => {
    if (!(await redisRunning())) return ctx.skip('Redis is not running on 127.0.0.1:6379');
    const one = new RedisRateLimiter(new Redis('redis://127.0.0.1:6379'));
    const two = new RedisRateLimiter(new Redis('redis://127.0.0.1:6379'));
    const op = `op_${randomBytes(8).toString('hex')}`;
    const at = Date.UTC(2026, 0, 5, 9, 0, 0, 0) + Math.floor(Math.random() * 1e6) * 1000;
    const limits = { perSecond: 10, perMinute: 60 };
    const decisions = [];
    for (let i = 0; i < 11; i++) decisions.push(await (i % 2 ? one : two).hit(op, limits, at + 5));
    assert.deepEqual(
      decisions.map((d) => d.allowed),
      [...Array(10).fill(true), false],
    );
    assert.equal(decisions[10].limit, 10);
    assert.equal(decisions[10].retryAfter, 1);
    await one.close();
    await two.close();
  });
});
