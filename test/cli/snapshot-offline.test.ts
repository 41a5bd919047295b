import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { cliStore, runCli, storeChecksums, withStore } from '../harness/cli-server.ts';

/** `lockyard snapshot` with no server running: the CLI opens the store itself; the restore is exact. */
describe('snapshot save and restore with no server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-snapshot-offline-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  before(async () => {
    args = await store.args();
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('save, change, restore: every table has the rows and checksum the manifest recorded', async () => {
    const saved = await runCli(['snapshot', 'save', 'offline', ...args]);
    assert.equal(saved.status, 0, saved.stderr);
    await withStore(args, async (db) => {
      await sql`UPDATE contacts SET full_name = 'Changed'`.execute(db);
      await sql`DELETE FROM notes`.execute(db);
    });
    const restored = await runCli(['snapshot', 'restore', 'offline', '--yes', ...args]);
    assert.equal(restored.status, 0, restored.stderr);
    const m = JSON.parse(readFileSync(join(dir, 'snapshots', 'offline', 'manifest.json'), 'utf8'));
    assert.deepEqual(
      await storeChecksums(args),
      Object.fromEntries(m.tables.map((t: any) => [t.table, { rows: t.rows, md5: t.md5 }])),
    );
  });
});
