#!/usr/bin/env node
// Runs dist/ (plain JavaScript that `npm install` builds: scripts/build.mjs) while it matches src/; otherwise the
// TypeScript sources through tsx's loader, so an edited checkout never runs stale code. LOCKYARD_FROM_SOURCE=1 forces tsx.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';
import { sourceStamp } from './source-stamp.js';

const root = new URL('..', import.meta.url);
const stampFile = new URL('dist/.source-stamp', root);
const fresh =
  process.env.LOCKYARD_FROM_SOURCE !== '1' &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === sourceStamp(new URL('src', root).pathname);

// PGlite's 9 MB of wasm on V8's baseline compiler only, without the optimising tier-up: measured here, half the CPU
// and ~50 MB (Node 20) to ~350 MB (Node 24) less memory, and 2x faster over 2,000 queries (tier-up compiling costs
// more than it returns). Only wasm is affected, so a PostgreSQL process is not. LOCKYARD_WASM_TIER_UP=1 keeps V8's default.
if (process.env.LOCKYARD_WASM_TIER_UP !== '1') v8.setFlagsFromString('--liftoff-only');

// Node 22+: V8's code cache on disk for every module loaded from here on (later starts skip most compiling).
module.enableCompileCache?.();

if (fresh) {
  // The bundle (scripts/bundle.mjs): one file to load instead of ~900 modules.
  await import(
    existsSync(new URL('dist/bundle/lockyard.js', root)) ? '../dist/bundle/lockyard.js' : '../dist/cli/main.js'
  );
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
