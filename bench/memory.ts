// Resident memory of `lockyard start` after the demo seed, against a bare `node -e "setInterval(()=>{},1e3)"`
// measured in the same run. Targets (issue 13): idle RSS < 300 MB on PGlite, < 150 MB on PostgreSQL.
// `node --import tsx bench/memory.ts [pglite] [postgres] [--minutes N]`: with --minutes, a mixed read/write load
// runs that long and RSS is printed every minute (it must not grow).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/storage/database.ts';
import { updateOperatorRateLimits } from '../src/storage/repos/operators.repo.ts';

const BIN = new URL('../bin/lockyard.js', import.meta.url).pathname;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const minutesArg = process.argv.indexOf('--minutes');
const MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 0;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000);

function rssMb(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(m?.[1] ?? 0) / 1024;
}

function startLockyard(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    let done = false;
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/running \([^)]*\) on (http:\/\/[\d.:]+)/);
      if (m && !done) {
        done = true;
        resolve({ child, url: m[1], out: () => out });
      }
    });
    child.once('exit', (code) => !done && reject(new Error(`lockyard start exited ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

async function pgAdmin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
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
    const database = await openDatabase(
      store === 'postgres' ? { url: args[args.length - 1] } : { dataDir: join(dir, 'pgdata') },
    );
    for (const o of JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators)
      await updateOperatorRateLimits(database.db, o.id, 1e9, 1e9);
    await database.close();
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
