#!/usr/bin/env node
// Runs the whole suite twice, on embedded PGlite and on PostgreSQL, and ends with one summary line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const stores = process.argv.includes('--pglite-only')
  ? ['pglite']
  : process.argv.includes('--postgres-only')
    ? ['postgres']
    : ['pglite', 'postgres'];

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = (
  only.length
    ? only
    : [...findTests(join(root, 'src')), ...findTests(join(root, 'test')), ...findTests(join(root, 'packages'))]
)
  .map((f) => relative(root, f))
  .sort();

// The partner packages import the SDK as a consumer would, from its build: rebuild it when its sources changed.
function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    t = Math.max(t, statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
if (files.some((f) => f.startsWith('packages/') || f === 'test/readme.test.ts')) {
  const sdk = join(root, 'packages', 'sdk');
  const built = join(sdk, 'dist', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(sdk, 'src'))) {
    console.log('building packages/sdk (its sources changed)');
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(sdk, 'tsconfig.build.json')],
      { stdio: 'inherit' },
    );
    if (build.status !== 0) process.exit(1);
  }
}
// A whole store's run is stopped well inside CI's limit, so a stall still ends with a summary line.
const STORE_TIMEOUT_MS = Number(process.env.LOCKYARD_TEST_STORE_TIMEOUT_MS ?? 30 * 60_000);
function runTests(env, store) {
  const child = spawn(
    process.execPath,
    [
      // PGlite's wasm on V8's baseline compiler only, as bin/lockyard.js runs it: about a quarter less CPU per file.
      ...(store === 'pglite' ? ['--liftoff-only'] : []),
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      // A test that never settles, or a file whose process never exits, fails the run instead of stalling CI.
      '--test-timeout=180000',
      '--test-force-exit',
      '--test-reporter=spec',
      ...files,
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8'); // decoded across chunk boundaries: the summary's "ℹ" is three bytes
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, STORE_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, timedOut });
    }),
  );
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const workDir = mkdtempSync(join(tmpdir(), 'lockyard-test-'));

for (const store of stores) {
  console.log(
    `\n=== ${files.length} test files on ${store === 'pglite' ? 'embedded PGlite' : `PostgreSQL (${pgUrl})`} ===\n`,
  );
  const env = { ...process.env, LOCKYARD_TEST_STORE: store };
  if (store === 'postgres') {
    env.TEST_DATABASE_URL = pgUrl;
    env.LOCKYARD_TEST_TEMPLATE = join(workDir, 'template.pgdata');
    env.LOCKYARD_TEST_PG_TEMPLATE = `lockyard_template_${process.pid}`;
    const built = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/harness/template.ts',
        'postgres',
        pgUrl,
        env.LOCKYARD_TEST_PG_TEMPLATE,
        `${env.LOCKYARD_TEST_TEMPLATE}.pg.json`,
      ],
      { cwd: root, env, stdio: 'inherit' },
    );
    if (built.status !== 0)
      console.log('could not build the seeded template database; each test file will seed its own schema');
  } else {
    delete env.TEST_DATABASE_URL;
    env.LOCKYARD_TEST_TEMPLATE = join(workDir, 'template.pgdata');
    const built = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/harness/template.ts', env.LOCKYARD_TEST_TEMPLATE],
      { cwd: root, env, stdio: 'inherit' },
    );
    if (built.status !== 0)
      console.log('could not build the seeded database template; each test file will seed its own');
  }
  // The spec reporter's own summary (ℹ pass N …) is read from the stream as it is printed: a file reporter is not
  // flushed when --test-force-exit ends the run.
  const res = await runTests(env, store);
  const count = (k) => Number(res.output.match(new RegExp(`^ℹ ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  if (res.timedOut) console.log(`\n${store}: the run was stopped after ${STORE_TIMEOUT_MS / 60000} minutes`);
  if (passed === 0) totals.failed += 1; // no summary: the run never finished
  if (res.status !== 0 && failed === 0) totals.failed += 1; // a crash outside any test still fails the run
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  console.log(`\n${store}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

if (stores.includes('postgres')) {
  spawnSync('psql', [pgUrl, '-qc', `DROP DATABASE IF EXISTS "lockyard_template_${process.pid}"`], { stdio: 'ignore' });
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
