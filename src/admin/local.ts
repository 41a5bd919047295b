import { resolve } from 'node:path';
import { createLockyard, type Lockyard } from '../main.ts';
import { databaseOptions, type StoreFlags } from '../cli/store-options.ts';
import { errorMessage, type AdminInput, type AdminOutput } from './admin-operation.ts';
import { ADMIN_OPERATIONS } from './operations/index.ts';
import { streamEvents, type StreamStart } from './event-stream.ts';

/**
 * The CLI's fallback when no server runs on the store: it opens the store itself (one process per PGlite data dir)
 * and runs the same operation the admin API would. Imported lazily, so a command that talks to a server never
 * loads the platform.
 */
async function withLockyard<T>(flags: StoreFlags, run: (lockyard: Lockyard) => Promise<T>): Promise<T> {
  const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
  try {
    return await run(lockyard);
  } catch (err) {
    throw new Error(errorMessage(err));
  } finally {
    await lockyard.close();
  }
}

export function runLocally(flags: StoreFlags, name: string, input: AdminInput): Promise<AdminOutput> {
  const op = ADMIN_OPERATIONS[name];
  if (!op) throw new Error(`no admin operation ${name}`);
  return withLockyard(flags, (lockyard) => op(lockyard, input, { dataDir: resolve(flags.dataDir) }));
}

/** `lockyard listen` without a server: the same stream, read from the store by this process. */
export function listenLocally(
  flags: StoreFlags,
  filter: { operatorId?: string; types?: string[] },
  signal: AbortSignal,
  onChunk: (chunk: string) => void,
): Promise<void> {
  return withLockyard(flags, async (lockyard) => {
    await streamEvents(lockyard, filter, signal, (start: StreamStart) => {
      onChunk(`event: ready\ndata: ${JSON.stringify(start)}\n\n`);
      return onChunk;
    });
  });
}
