import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import pg from 'pg';
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
  const creds = await seedDemo({
    db: lockyard.database.db,
    clock: lockyard.clock,
    tokens: lockyard.services.tokens,
    events: lockyard.services.events,
  });
  const dump = await lockyard.database.pglite!.dumpDataDir('none');
  await lockyard.close();
  writeFileSync(`${path}.tmp`, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(`${path}.json`, JSON.stringify(creds));
  renameSync(`${path}.tmp`, path);
}

/** PostgreSQL: a seeded database that each test file copies with CREATE DATABASE … TEMPLATE. */
export function loadPgTemplate(): { database: string; creds: DemoCredentials } | undefined {
  const name = process.env.LOCKYARD_TEST_PG_TEMPLATE;
  const file = process.env.LOCKYARD_TEST_TEMPLATE;
  if (!name || !file || !existsSync(`${file}.pg.json`)) return undefined;
  return { database: name, creds: JSON.parse(readFileSync(`${file}.pg.json`, 'utf8')) };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function buildPgTemplate(url: string, database: string, credsPath: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const lockyard = await createLockyard({ database: { url: withDatabase(url, database) }, logLevel: false });
  const creds = await seedDemo({
    db: lockyard.database.db,
    clock: lockyard.clock,
    tokens: lockyard.services.tokens,
    events: lockyard.services.events,
  });
  await lockyard.close();
  writeFileSync(credsPath, JSON.stringify(creds));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'postgres') await buildPgTemplate(process.argv[3], process.argv[4], process.argv[5]);
  else await buildTemplate(process.argv[2]);
}
