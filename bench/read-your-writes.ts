// Read-your-writes across two real API processes on one PostgreSQL with Redis (issue 13): write on A, read on B,
// 10,000 times (BENCH_ROUNDS), B's response cache primed before each write and a read load running on B; prints the
// number of stale reads, which must be 0. `node --import tsx bench/read-your-writes.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { liftDemoLimits, REDIS_URL, scratchDatabase, startLockyard, stop } from './lockyard-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'lockyard-bench-ryw-'));
const db = await scratchDatabase(`bench_ryw_${process.pid}`);
const common = ['--data-dir', dir, '--database-url', db.url, '--redis-url', REDIS_URL, '--log-level', 'error'];
try {
  await stop((await startLockyard(common)).child); // migrations and the demo seed
  const creds = await liftDemoLimits(dir, db.url);
  const a = await startLockyard([...common, '--seed', 'none']);
  const b = await startLockyard([...common, '--seed', 'none', '--no-jobs']);
  const headers = { authorization: `Bearer ${creds.operators[0].access_token}`, 'content-type': 'application/json' };
  try {
    const types = await (await fetch(`${a.url}/2025-09/unit_types?limit=1`, { headers })).json();
    const id = types.unit_types[0].id;
    const weekly = (body: any) => body.unit_type.prices.find((p: any) => p.billing_period === 'weekly').price.amount;
    const readB = async () => weekly(await (await fetch(`${b.url}/2025-09/unit_types/${id}`, { headers })).json());
    // Background load on B for the whole run: cacheable list reads.
    const load = autocannon({ url: `${b.url}/2025-09/units?limit=5`, headers, connections: 4, duration: 3600 });
    let stale = 0;
    const t0 = performance.now();
    for (let round = 1; round <= ROUNDS; round++) {
      await readB();
      await readB(); // served from B's cache
      const w = await fetch(`${a.url}/2025-09/unit_types/${id}/base_price`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ weekly: { amount: 1000 + (round % 50_000) } }),
      });
      if (w.status !== 200) throw new Error(`write ${round}: ${w.status} ${await w.text()}`);
      if ((await readB()) !== 1000 + (round % 50_000)) stale++;
      if (round % 1000 === 0) console.log(`${round} rounds, ${stale} stale`);
    }
    (load as unknown as { stop(): void }).stop();
    const s = (performance.now() - t0) / 1000;
    console.log(
      `\nread-your-writes, 2 API processes (PostgreSQL + Redis): ${ROUNDS} writes on A each read back on B, ` +
        `${stale} stale (target 0) ${stale === 0 ? 'MET' : 'NOT MET'}; ${(ROUNDS / s).toFixed(0)} rounds/s`,
    );
  } finally {
    await stop(a.child);
    await stop(b.child);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
}
