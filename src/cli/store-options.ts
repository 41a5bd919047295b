import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { DatabaseOptions } from '../storage/database.ts';

export interface StoreFlags {
  dataDir: string;
  databaseUrl?: string;
}

/** `--data-dir` / `--database-url` (or DATABASE_URL), shared by every command that opens the store. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'embedded database directory', './.lockyard')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL; embedded PGlite when unset)');
}

export function databaseOptions(flags: StoreFlags): DatabaseOptions {
  const url = flags.databaseUrl ?? process.env.DATABASE_URL;
  return url ? { url } : { dataDir: resolve(flags.dataDir, 'pgdata') };
}
