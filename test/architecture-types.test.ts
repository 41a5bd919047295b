import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// docs/architecture.md: one home per entity type. A domain type or enum declared twice drifts apart
// (orders and subscriptions each had their own PAYMENT_METHODS); re-exports point at the one home.
const root = new URL('..', import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

test('every exported domain type, interface and const is declared in one file', () => {
  const homes = new Map<string, string[]>();
  for (const path of sources(join(root, 'src/domain'))) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/^export (?:interface|type|const|enum|class) ([A-Za-z_]\w*)/gm)) {
      homes.set(m[1], [...(homes.get(m[1]) ?? []), relative(root, path)]);
    }
  }
  const twice = [...homes]
    .filter(([, files]) => files.length > 1)
    .map(([name, files]) => `${name}: ${files.join(', ')}`);
  assert.deepEqual(twice, []);
});
