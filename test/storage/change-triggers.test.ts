import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openDatabase, sql } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { adminQuery } from '../harness/test-app.ts';

// A start with nothing to migrate skips rewriting the change triggers (docs/performance.md), but still restores
// one a table has lost: the response cache of every other process depends on them.
test('a start with nothing to migrate restores a missing change trigger', async () => {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `triggers_${randomBytes(4).toString('hex')}` : undefined;
  const database = await openDatabase(url ? { url, schema } : {});
  try {
    const triggered = async () =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
          JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE g.tgname = 'lockyard_change' AND c.relname = 'units' AND s.nspname = current_schema()`.execute(
          database.db,
        )
      ).rows[0].n;
    assert.equal(await triggered(), 1);
    await sql`DROP TRIGGER lockyard_change ON units`.execute(database.db);
    assert.equal(await triggered(), 0);
    assert.deepEqual(await migrate(database.db), []); // nothing pending
    assert.equal(await triggered(), 1);
  } finally {
    await database.close();
    if (url && schema) await adminQuery(url, `DROP SCHEMA "${schema}" CASCADE`);
  }
});
