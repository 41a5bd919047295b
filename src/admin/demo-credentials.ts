import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lockyard } from '../main.ts';
import { DEFAULT_SEED_KEY, seedDemo, type DemoCredentials } from '../sandbox/seed/demo.ts';

export const credentialsPath = (dataDir: string) => join(dataDir, 'demo-credentials.json');

export function readCredentials(dataDir: string): (DemoCredentials & { seed_key?: string }) | undefined {
  const file = credentialsPath(dataDir);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * Seeds the demo data and writes demo-credentials.json (0600). In sandbox mode the seed is deterministic from
 * `seedKey` (the key is kept in the file, so a later reset repeats it); in production mode it is random.
 */
export async function seedAndRecord(
  lockyard: Lockyard,
  dataDir: string,
  seedKey: string | undefined,
  progress: (m: string) => void = () => {},
): Promise<DemoCredentials> {
  const key = lockyard.config.sandbox ? (seedKey ?? DEFAULT_SEED_KEY) : undefined;
  const creds = await seedDemo(
    {
      db: lockyard.database.db,
      clock: lockyard.clock,
      tokens: lockyard.services.tokens,
      events: lockyard.services.events,
    },
    progress,
    key,
  );
  const recorded = key ? { ...creds, seed_key: key } : creds;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(credentialsPath(dataDir), `${JSON.stringify(recorded, null, 2)}\n`, { mode: 0o600 });
  chmodSync(credentialsPath(dataDir), 0o600);
  return recorded;
}
