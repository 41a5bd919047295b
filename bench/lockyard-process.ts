// Running `lockyard start` as a user does (bin/lockyard.js, so dist/ when fresh), for the benchmarks that need
// real processes: bench/memory.ts, bench/fleet.ts, bench/read-your-writes.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/storage/database.ts';
import { updateOperatorRateLimits } from '../src/storage/repos/operators.repo.ts';

const BIN = new URL('../bin/lockyard.js', import.meta.url).pathname;
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Running {
  child: ChildProcess;
  url: string;
  out: () => string;
}

/** Starts `lockyard start --port 0 …args` and resolves with its URL once it prints that it is running. */
export function startLockyard(args: string[]): Promise<Running> {
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

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

export async function pgAdmin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A new database on the benchmark's PostgreSQL server: its URL and a drop function. */
export async function scratchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await pgAdmin(`DROP DATABASE IF EXISTS "${name}"`);
  await pgAdmin(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The demo operators as seeded into `dataDir`, their rate limits lifted so a load measures work, not 429s. */
export async function liftDemoLimits(dataDir: string, databaseUrl?: string) {
  const creds = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
  const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: join(dataDir, 'pgdata') });
  for (const o of creds.operators) await updateOperatorRateLimits(database.db, o.id, 1e9, 1e9);
  await database.close();
  return creds as { operators: Array<{ id: string; access_token: string }> };
}
