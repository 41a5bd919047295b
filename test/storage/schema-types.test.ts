import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMNS_QUERY, SCHEMA_DIR, schemaFiles, type Column } from '../../scripts/generate-db-types.ts';
import { sql } from '../../src/storage/database.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

// The table interfaces are checked in so the type checker needs no database; this keeps them equal to what
// the migrations build on this store. After adding a migration: node --import tsx scripts/generate-db-types.ts
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('src/storage/schema matches the migrated database', async () => {
  const { rows } = await sql.raw<Column>(COLUMNS_QUERY).execute(t.lockyard.database.db);
  const expected = schemaFiles(rows);
  const present = readdirSync(SCHEMA_DIR)
    .filter((f) => f !== 'column-types.ts')
    .sort();
  assert.deepEqual(present, [...expected.keys()].sort(), 'schema files');
  for (const [name, text] of expected)
    assert.equal(readFileSync(join(SCHEMA_DIR, name), 'utf8'), text, `${name} is stale`);
});
