import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, runCli, startServer, stop, storeChecksums, type CliServer } from '../harness/cli-server.ts';

/**
 * `lockyard snapshot save|restore|list` as real processes through a running server's admin API (with no server:
 * snapshot-offline.test.ts). A restore gives back exactly the rows saved: the row count and an MD5 of every
 * row of every table, computed here on the store independently of the snapshot code's own check.
 */
describe('snapshot save, restore and list against a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-snapshot-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  let server: CliServer | undefined;
  let token: string;
  const checksums = () => storeChecksums(args);
  const manifest = (name: string) => JSON.parse(readFileSync(join(dir, 'snapshots', name, 'manifest.json'), 'utf8'));

  before(async () => {
    args = await store.args();
    token = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[0].access_token;
  });
  after(async () => {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('with a server running: save, change things, restore; the rows are exactly those saved', async () => {
    // No background jobs: a due job (the daily prune, a lifecycle step) running between the restore and the check
    // would change rows the check compares; what is under test is the restore, not what the server does after it.
    server = await startServer([...args, '--no-jobs']);
    const saved = await runCli(['snapshot', 'save', 'base', ...args]);
    assert.equal(saved.status, 0, saved.stderr);
    assert.match(saved.stderr, /Saved \d+ rows of \d+ tables/);
    const again = await runCli(['snapshot', 'save', 'base', ...args]);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /exists \(--force replaces it\)/);

    // Changes: a new contact (with its event and webhook deliveries) and a note on it.
    const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const made = await fetch(`${server.url}/2025-09/contacts`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ email: `snap.${process.pid}@example.com`, full_name: 'Snap Shot' }),
    });
    assert.equal(made.status, 201, await made.text());

    const list = await runCli(['snapshot', 'list', ...args]);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^base  \d{4}-\d\d-\d\dT\S+  (pglite|postgres)  \d+ rows/m);

    const refused = await runCli(['snapshot', 'restore', 'base', ...args]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--yes/);
    const restored = await runCli(['snapshot', 'restore', 'base', '--yes', ...args]);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stderr, /Restored \d+ rows/);
    // The running server serves the restored data at once (its caches were told).
    const gone = await fetch(`${server.url}/2025-09/contacts?email=snap.${process.pid}@example.com`, { headers: h });
    assert.equal((await gone.json()).contacts.length, 0);
    const missing = await runCli(['snapshot', 'restore', 'nope', '--yes', ...args]);
    assert.match(missing.stderr, /no snapshot named nope/);
    await stop(server.child);
    server = undefined;

    const now = await checksums();
    const base = manifest('base');
    assert.deepEqual(
      Object.fromEntries(base.tables.map((t: any) => [t.table, { rows: t.rows, md5: t.md5 }])),
      now,
      'every table: same row count and checksum as when saved',
    );
    assert.ok(base.tables.find((t: any) => t.table === 'contacts').rows > 0);
  });
});
