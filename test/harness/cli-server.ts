import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DemoCredentials } from '../../src/sandbox/seed/demo.ts';
import { adminQuery, STORE } from './test-app.ts';
import { openDatabase, type Db } from '../../src/storage/database.ts';
import { tableChecksums } from '../../src/storage/repos/snapshots.repo.ts';
import { loadPgTemplate, loadTemplate } from './template.ts';

export const BIN = new URL('../../bin/lockyard.js', import.meta.url).pathname;

export interface CliServer {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Starts `lockyard start` and resolves once it prints that it is running. */
export function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 60_000,
): Promise<CliServer> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    child.stdout!.on('data', () => {
      const m = out.match(/running \([^)]*\) on (http:\/\/[\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, output: () => out, url: m[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/**
 * Store flags for a CLI process: the embedded store in `dir`, or (PostgreSQL runs) a database of its own,
 * created on first use; `drop()` removes it. `seeded`: start from the run's seeded template (and its
 * demo-credentials.json) instead of an empty store, so the first start does not spend a minute seeding.
 */
export function cliStore(dir: string, opts: { seeded?: boolean } = {}) {
  const pgUrl = process.env.TEST_DATABASE_URL;
  let dbName: string | undefined;
  const admin = (text: string) => adminQuery(pgUrl!, text);
  let prepared = false;
  const creds = (c: DemoCredentials) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'demo-credentials.json'), JSON.stringify(c));
  };
  return {
    async args(): Promise<string[]> {
      if (STORE !== 'postgres') {
        const template = opts.seeded && !prepared ? loadTemplate() : undefined;
        prepared = true;
        if (template) {
          const pglite = await PGlite.create({ dataDir: join(dir, 'pgdata'), loadDataDir: template.dump });
          await pglite.close();
          creds(template.creds);
        }
        return ['--data-dir', dir];
      }
      if (!dbName) {
        dbName = `cli_${randomBytes(5).toString('hex')}`;
        const template = opts.seeded ? loadPgTemplate() : undefined;
        await admin(`CREATE DATABASE "${dbName}"${template ? ` TEMPLATE "${template.database}"` : ''}`);
        if (template) creds(template.creds);
      }
      const u = new URL(pgUrl!);
      u.pathname = `/${dbName}`;
      return ['--data-dir', dir, '--database-url', u.toString()];
    },
    async drop() {
      if (dbName && pgUrl) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    },
  };
}

/** Runs one CLI command to its end (asynchronously: a server started by the same test keeps being read). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Opens the store these CLI args name (no server may hold a PGlite one) for the test's own queries. */
export async function withStore<T>(args: string[], fn: (db: Db) => Promise<T>): Promise<T> {
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const url = at('--database-url');
  const database = await openDatabase(url ? { url } : { dataDir: join(at('--data-dir')!, 'pgdata') });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/** Rows and an MD5 of every row, per table, of the store these CLI args name. */
export const storeChecksums = (args: string[]) => withStore(args, tableChecksums);
