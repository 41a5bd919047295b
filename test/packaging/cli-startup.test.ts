import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// `lockyard --help` (and every command's option parsing) must load only commander and light modules: the server,
// the stores and the domain load inside a command's action (`await import(...)`), so the CLI answers in well
// under half a second (docs/performance.md). This follows the static, non-type imports from src/cli/main.ts.
const root = resolve(new URL('../..', import.meta.url).pathname);
const HEAVY = [
  'fastify',
  '@fastify/',
  '@electric-sql/pglite',
  'pg',
  'kysely',
  'pdfkit',
  'liquidjs',
  'ioredis',
  'pino',
  'ajv',
  'csv-stringify',
];

/** Static value imports of one module: `import x from`, `import {a} from`, `export … from` (not `import type`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    if (m[5]) {
      out.push(m[5]);
      continue;
    }
    if (m[2]) continue; // import type / export type
    const clause = m[3].replace(/\s+/g, ' ');
    const named = clause.match(/^\{(.*)\}$/);
    if (named && named[1].split(',').every((s) => !s.trim() || s.trim().startsWith('type '))) continue;
    out.push(m[4]);
  }
  return out;
}

function graph(entry: string) {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.set(spec, relative(root, file));
    }
  };
  visit(entry);
  return { modules: [...seen].map((f) => relative(root, f)), packages };
}

test('the CLI entry loads no server, store or domain module before a command runs', () => {
  const { modules, packages } = graph(join(root, 'src/cli/main.ts'));
  const heavy = [...packages]
    .filter(([spec]) =>
      HEAVY.some((h) => (h.endsWith('/') ? spec.startsWith(h) : spec === h || spec.startsWith(`${h}/`))),
    )
    .map(([spec, from]) => `${spec} (imported by ${from})`);
  assert.deepEqual(heavy, []);
  assert.ok(!modules.includes('src/main.ts'), 'src/main.ts is imported statically by the CLI');
  assert.ok(packages.has('commander'), 'the import walk found the CLI (commander)');
});

test('the import walk sees through type-only imports and catches a value import', () => {
  // The rule above can fail: src/main.ts itself reaches fastify and the stores.
  const { packages } = graph(join(root, 'src/main.ts'));
  assert.ok(packages.has('fastify'));
  assert.ok(packages.has('@electric-sql/pglite'));
});
