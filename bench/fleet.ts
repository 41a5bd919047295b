// Scale-out on one PostgreSQL: throughput of `lockyard start --api-processes 1` against `--api-processes 2` (Redis
// for the shared rate limits and cache version, jobs in the parent), same machine, same run; the ratio is the figure.
// Target (issue 13): near-linear from 1 to 2 processes — on a 2-core machine that also runs the load generator, the
// ceiling is well under 2x. `node --import tsx bench/fleet.ts` (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { liftDemoLimits, REDIS_URL, scratchDatabase, startLockyard, stop } from './lockyard-process.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const dir = mkdtempSync(join(tmpdir(), 'lockyard-bench-fleet-'));
const db = await scratchDatabase(`bench_fleet_${process.pid}`);
const common = ['--data-dir', dir, '--database-url', db.url, '--redis-url', REDIS_URL, '--log-level', 'error'];
try {
  await stop((await startLockyard(common)).child); // first start: migrations and the demo seed
  const creds = await liftDemoLimits(dir, db.url);
  const headers = { authorization: `Bearer ${creds.operators[0].access_token}` };
  // A cached read and an uncached one (a new `page` every request, so every request runs its SQL).
  let page = 0;
  const loads = {
    'cached read': (url: string) =>
      autocannon({
        url: `${url}/2025-09/units?status=available&limit=10`,
        headers,
        connections: CONNECTIONS,
        duration: DURATION,
      }),
    'uncached read': (url: string) =>
      autocannon({
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'GET',
            headers,
            setupRequest: (req) => ({ ...req, path: `/2025-09/contacts?limit=5&page=${(page++ % 20) + 1}&q=${page}` }),
          },
        ],
      }),
  };
  const results: Record<string, Record<number, number[]>> = {};
  for (const n of [1, 2]) {
    const s = await startLockyard([...common, '--api-processes', String(n), '--seed', 'none']);
    try {
      for (const [name, load] of Object.entries(loads)) {
        await load(s.url); // warm up (validators, caches, connections)
        for (let r = 0; r < ROUNDS; r++) {
          const res = await load(s.url);
          if (res.non2xx) throw new Error(`${res.non2xx} non-2xx responses (${name}, ${n} processes)`);
          ((results[name] ??= {})[n] ??= []).push(res.requests.average);
        }
      }
    } finally {
      await stop(s.child);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `\nAPI processes on one PostgreSQL (+ Redis); medians of ${ROUNDS} ${DURATION}s runs, ${CONNECTIONS} connections`,
  );
  for (const [name, byN] of Object.entries(results)) {
    const one = median(byN[1]);
    const two = median(byN[2]);
    console.log(
      `${name.padEnd(14)} 1 process ${one.toFixed(0).padStart(6)} req/s | 2 processes ${two.toFixed(0).padStart(6)} req/s | ratio ${(two / one).toFixed(2)}x`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
}
