import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createLockyard } from '../../src/main.ts';
import { seedDemo, type DemoCredentials } from '../../src/sandbox/seed/demo.ts';

/**
 * A migrated, seeded embedded database dumped once per test run (scripts/test.js builds it and names it in
 * LOCKYARD_TEST_TEMPLATE), so each test file loads a copy in about a second instead of running initdb,
 * migrations and the seed again.
 */
export interface Template {
  dump: Blob;
  creds: DemoCredentials;
}

export function loadTemplate(): Template | undefined {
  const path = process.env.LOCKYARD_TEST_TEMPLATE;
  if (!path || !existsSync(path) || !existsSync(`${path}.json`)) return undefined;
  return { dump: new Blob([readFileSync(path)]), creds: JSON.parse(readFileSync(`${path}.json`, 'utf8')) };
}

export async function buildTemplate(path: string): Promise<void> {
  const lockyard = await createLockyard({ database: {}, logLevel: false });
  const creds = await seedDemo({ db: lockyard.database.db, clock: lockyard.clock, tokens: lockyard.services.tokens });
  const dump = await lockyard.database.pglite!.dumpDataDir('none');
  await lockyard.close();
  writeFileSync(`${path}.tmp`, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(`${path}.json`, JSON.stringify(creds));
  renameSync(`${path}.tmp`, path);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildTemplate(process.argv[2]);
