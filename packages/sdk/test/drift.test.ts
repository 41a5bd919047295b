// The checked-in generated files must be exactly what the running server's OpenAPI document generates: an endpoint
// added (or a schema changed) on the server fails here until `npm run generate -w @lockyard/stora` is run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createListeningApp, type ListeningApp } from '../../../test/harness/listening-app.ts';
import { generate } from '../scripts/codegen.ts';

describe('generated SDK types', () => {
  let t: ListeningApp;
  before(async () => {
    t = await createListeningApp();
  });
  after(() => t.close());

  test('match the OpenAPI document of the running server', async () => {
    const doc = await (await fetch(`${t.baseUrl}/2025-09/openapi.json`)).json();
    const files = await generate(doc);
    for (const [name, text] of Object.entries(files)) {
      const current = readFileSync(join(import.meta.dirname, '..', 'src', 'generated', name), 'utf8');
      if (current !== text) {
        const a = current.split('\n');
        const b = text.split('\n');
        const line = a.findIndex((l, i) => l !== b[i]);
        assert.fail(
          `src/generated/${name} has drifted from the server (first difference at line ${line + 1}: ${JSON.stringify(b[line])}); run \`npm run generate -w @lockyard/stora\``,
        );
      }
    }
  });

  test('every JSON endpoint of the server has a generated method', async () => {
    const doc = await (await fetch(`${t.baseUrl}/2025-09/openapi.json`)).json();
    const { OPERATIONS } = await import('../src/generated/resources.ts');
    const expected = Object.values<Record<string, any>>(doc.paths)
      .flatMap((item) => Object.values<any>(item))
      .filter((op) => Object.values<any>(op.responses ?? {}).some((r) => r.content?.['application/json']))
      // The OAuth endpoints answer bare RFC 6749 JSON: the SDK's OAuth helpers (src/oauth/) call them.
      .filter((op) => !op.tags?.includes('OAuth'))
      .map((op) => op.operationId)
      .sort();
    assert.deepEqual(Object.keys(OPERATIONS).sort(), expected);
  });
});
