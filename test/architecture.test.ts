import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// The layer rules of docs/architecture.md, checked on the source text.
const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const files = sources(join(root, 'src')).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
/** Imports of a file: packages as written, relative paths resolved to `src/…`. */
const importsOf = (file: { path: string; text: string }) =>
  [...file.text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) =>
    m[1].startsWith('.') ? relative(root, join(root, dirname(file.path), m[1])) : m[1],
  );

test('only kernel/clock.ts reads the machine clock', () => {
  const offenders = files
    .filter((f) => f.path !== 'src/kernel/clock.ts' && /Date\.now\(\)|new Date\(\)/.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('only src/storage writes SQL', () => {
  const offenders = files
    .filter(
      (f) =>
        !f.path.startsWith('src/storage/') && /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(f.text),
    )
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('domain and storage know nothing of HTTP', () => {
  const offenders = files
    .filter((f) => /^src\/(domain|storage|kernel)\//.test(f.path))
    .filter((f) =>
      importsOf(f).some(
        (i) => i === 'fastify' || i.startsWith('@fastify/') || /^src\/(http|resources|web|oauth)\//.test(i),
      ),
    )
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('resources reach storage only through the domain', () => {
  const offenders = files
    .filter((f) => f.path.startsWith('src/resources/'))
    .filter((f) => importsOf(f).some((i) => i.startsWith('src/storage/')))
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('the domain never imports an engine; engines know nothing of HTTP', () => {
  const offenders = files
    .filter((f) => /^src\/(domain|storage|kernel|engines)\//.test(f.path))
    .filter((f) =>
      importsOf(f).some(
        (i) =>
          (/^src\/(domain|storage|kernel)\//.test(f.path) && i.startsWith('src/engines/')) ||
          i === 'fastify' ||
          i.startsWith('@fastify/') ||
          /^src\/(http|resources|web|oauth|cli|main)/.test(i),
      ),
    )
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('nothing registers itself while being built: hooks, job handlers and clock listeners are wired in main.ts', () => {
  const offenders = files
    .filter(
      (f) =>
        /^src\/(domain|engines|storage|kernel)\//.test(f.path) &&
        /\.(onEmit|onAdvance|register|recurring)\(/.test(f.text),
    )
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

// An OperatorContext's clock comes from contexts.contextFor, which loads the operator's offset from storage.
// Each other `now:` below is a deliberate exception, with its reason.
const NOW_ALLOWED: Record<string, string> = {
  'src/domain/operators/contexts.service.ts': 'the one builder of operator contexts',
  'src/kernel/clock.ts': 'systemClock, the real clock',
  'src/sandbox/seed/seed-billing.ts': 'seeded history is back-dated on purpose',
  'src/sandbox/seed/demo.ts': 'seeded events are back-dated on purpose',
  'src/http/register-route.ts': 'public routes have no operator: their now() throws',
  'src/domain/oauth/oauth.service.ts': 'real time for credential lifetimes',
};

test('business timestamps come from the context: only contexts.contextFor gives a context its clock', () => {
  const offenders = files
    .filter((f) => !NOW_ALLOWED[f.path] && /\bnow:\s*(\(|operatorTime\b|[a-z]+\.now\b)/.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('no per-process operator clock: offsets are read from storage, never set in memory', () => {
  const offenders = files.filter((f) => /\b(setOffset|offsetMs)\(/.test(f.text)).map((f) => f.path);
  assert.deepEqual(offenders, []);
});
