import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { DatabaseOptions } from '../storage/database.ts';

// This file is on the CLI's fast path (a command that talks to a running server): node built-ins and types only.

export interface StoreFlags {
  dataDir: string;
  databaseUrl?: string;
  /** A running server's base URL (default: the one recorded in the data dir's server.json). */
  url?: string;
  /** Its admin credential (default: $LOCKYARD_ADMIN_TOKEN, else server.json's). */
  adminToken?: string;
}

/** `--data-dir` / `--database-url` (or DATABASE_URL), shared by every command that opens the store. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'embedded database directory', './.lockyard')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL; embedded PGlite when unset)');
}

/**
 * The store options plus where to find a running server: a data command calls the server that runs on this store
 * (found through the data dir's server.json, or `--url`) and opens the store itself only when none runs.
 */
export function withServerOptions(cmd: Command): Command {
  return withStoreOptions(cmd)
    .option('--url <url>', "a running Lockyard's base URL (default: the server running on this store, if any)")
    .option('--admin-token <token>', "the server's admin credential (default: $LOCKYARD_ADMIN_TOKEN or server.json)");
}

export function databaseOptions(flags: StoreFlags): DatabaseOptions {
  const url = databaseUrl(flags);
  return url ? { url } : { dataDir: resolve(flags.dataDir, 'pgdata') };
}

function databaseUrl(flags: StoreFlags): string | undefined {
  return flags.databaseUrl ?? process.env.DATABASE_URL;
}

/**
 * Which store these flags name, without its password: written by `start` to server.json, so a command given another
 * store (another data dir or database URL) never talks to a server that runs on a different one.
 */
export function storeFingerprint(flags: StoreFlags): string {
  const url = databaseUrl(flags);
  if (!url) return `pglite:${resolve(flags.dataDir, 'pgdata')}`;
  return `postgres:${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}
