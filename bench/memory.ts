// Resident memory of `lockyard start` after the demo seed, against a bare `node -e "setInterval(()=>{},1e3)"`
// measured in the same run. Targets (issue 13): idle RSS < 300 MB on PGlite, < 150 MB on PostgreSQL.
// `node --import tsx bench/memory.ts [pglite] [postgres] [--minutes N]`: with --minutes, a mixed read/write load
// runs that long and RSS is printed every minute (it must not grow).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { liftDemoLimits, pgAdmin, PG_URL, startLockyard, stop } from './lockyard-process.ts';

// `--minutes N` (default 10, the figure; `--minutes 0` measures idle memory only).
const minutesArg = process.argv.indexOf('--minutes');
const MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 10;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000);

function rssMb(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(m?.[1] ?? 0) / 1024;
}

let created = 0; // across minutes: each contact created gets a new email

async function workload(url: string, token: string, seconds: number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return autocannon({
    url,
    connections: 4,
    duration: seconds,
    requests: [
      { method: 'GET', path: '/2025-09/units?status=available&limit=50', headers },
      { method: 'GET', path: '/2025-09/contacts?limit=50', headers },
      {
        method: 'POST',
        path: '/2025-09/contacts',
        headers,
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            full_name: `Memory Bench ${created}`,
            email: `mem-${process.pid}-${created++}@example.test`,
          }),
        }),
      },
      { method: 'GET', path: '/2025-09/invoices?limit=20', headers },
    ],
  });
}

const stores = process.argv.slice(2).filter((a) => a === 'pglite' || a === 'postgres');
const rows: string[] = [];

const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
await sleep(500);
const bare = rssMb(idle.pid!);
idle.kill();
rows.push(`bare node (idle)                 ${bare.toFixed(0).padStart(5)} MB`);

for (const store of stores.length ? stores : ['pglite', 'postgres']) {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-bench-mem-'));
  const db = `bench_mem_${process.pid}`;
  const args = ['--data-dir', dir];
  if (store === 'postgres') {
    await pgAdmin(`CREATE DATABASE "${db}"`);
    const u = new URL(PG_URL);
    u.pathname = `/${db}`;
    args.push('--database-url', u.toString());
  }
  try {
    const target = store === 'pglite' ? 300 : 150;
    const verdict = (mb: number) => (mb < target ? `< ${target} MB ok` : `≥ ${target} MB MISSED`);
    // First start seeds; its RSS includes the seed's transient peak.
    let s = await startLockyard(args);
    await sleep(SETTLE_MS);
    const seeded = rssMb(s.child.pid!);
    rows.push(
      `${store.padEnd(8)} after the seed (same process) ${seeded.toFixed(0).padStart(5)} MB  ${verdict(seeded)}`,
    );
    await stop(s.child);
    // Lift the demo operators' rate limits (10/s by default), so the workload measures work, not 429s.
    await liftDemoLimits(dir, store === 'postgres' ? args[args.length - 1] : undefined);
    s = await startLockyard(args);
    await sleep(SETTLE_MS);
    const warm = rssMb(s.child.pid!);
    rows.push(`${store.padEnd(8)} idle after a restart         ${warm.toFixed(0).padStart(5)} MB  ${verdict(warm)}`);
    if (MINUTES > 0) {
      const token = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[0].access_token;
      for (let m = 1; m <= MINUTES; m++) {
        const r = await workload(s.url, token, 60);
        console.log(
          `${store} minute ${m}: RSS ${rssMb(s.child.pid!).toFixed(0)} MB (${r.requests.total} requests, ${r.non2xx} not 2xx)`,
        );
      }
      await sleep(SETTLE_MS);
      rows.push(
        `${store.padEnd(8)} idle after ${MINUTES} min of load       ${rssMb(s.child.pid!).toFixed(0).padStart(5)} MB`,
      );
    }
    await stop(s.child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (store === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS "${db}"`);
  }
}

console.log(`\nresident memory (node ${process.version})`);
for (const r of rows) console.log(r);
