#!/usr/bin/env node
// `npm install` / `npm ci` run this (the `prepare` script): transpiles src/ to dist/ with esbuild, file by file,
// so `lockyard` starts on plain JavaScript instead of transpiling every module through tsx on each start.
// Not a bundle: every module keeps its path, so files read next to a module (migrations, CSS) are copied beside it.
// bin/lockyard.js runs dist/ only while it is fresh (src/ unchanged since this build), else falls back to tsx.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bundleCli } from './bundle.mjs';
import { sourceStamp } from '../bin/source-stamp.js';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const out = join(root, 'dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('lockyard build: esbuild is not installed; lockyard will run the TypeScript sources through tsx');
  process.exit(0);
}

function walk(dir, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, files);
    else files.push(p);
  }
  return files;
}

const started = performance.now();
const stamp = sourceStamp(src); // taken before reading, so an edit during the build leaves dist stale, not wrong
const all = walk(src);
const sources = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
const assets = all.filter((f) => !f.endsWith('.ts'));

// Build beside the old output and swap, so a process starting meanwhile sees the old build or none (tsx), never half.
const tmp = `${out}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await esbuild.build({
  entryPoints: sources,
  outdir: tmp,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: false,
  sourcemap: 'linked',
  logLevel: 'warning',
});
// esbuild keeps import specifiers as written when not bundling: point relative `.ts` imports at the `.js` files.
for (const file of walk(tmp)) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])(\.{1,2}\/[^"']*?)\.ts\2/g,
    '$1$2$3.js$2',
  );
  if (rewritten !== text) writeFileSync(file, rewritten);
}
for (const file of assets) {
  const target = join(tmp, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
// What bin/lockyard.js runs: the CLI and everything it loads as one bundle (plus lazily loaded chunks), beside the
// per-file output the template step below and the assets use.
const bundled = await bundleCli(esbuild, { src, dist: tmp });
writeFileSync(join(tmp, '.source-stamp'), stamp);
// The previous build's database template carries over; the step below keeps it only while it is still valid.
for (const f of ['pglite-template.tar', 'pglite-template.tar.json'])
  if (existsSync(join(out, f))) cpSync(join(out, f), join(tmp, f));
const old = `${out}.old-${process.pid}`;
if (existsSync(out)) renameSync(out, old);
renameSync(tmp, out);
rmSync(old, { recursive: true, force: true });
console.log(
  `lockyard build: ${sources.length} modules → dist/, bundled into ${bundled} files, in ${Math.round(performance.now() - started)} ms`,
);

// The first start's embedded database: initdb and every migration, done now rather than on the user's first start.
if (process.env.LOCKYARD_NO_TEMPLATE !== '1') {
  const t0 = performance.now();
  try {
    const { openDatabase } = await import(new URL('../dist/storage/database.js', import.meta.url).href);
    const { pgliteTemplate, writePgliteTemplate } = await import(
      new URL('../dist/storage/driver/pglite-template.js', import.meta.url).href
    );
    const migrations = readdirSync(join(src, 'storage', 'migrations')).filter((f) => f.endsWith('.sql')).length;
    const sidecar = join(out, 'pglite-template.tar.json');
    const covered = existsSync(sidecar) ? JSON.parse(readFileSync(sidecar, 'utf8')).migrations.length : 0;
    if (covered === migrations && pgliteTemplate()) {
      console.log('lockyard build: the embedded database template is current (same PGlite, all migrations)');
      process.exit(0);
    }
    process.env.LOCKYARD_NO_TEMPLATE = '1'; // build it from scratch, not from the previous template
    const database = await openDatabase({});
    await writePgliteTemplate(database.pglite);
    await database.close();
    console.log(`lockyard build: migrated embedded database template in ${Math.round(performance.now() - t0)} ms`);
  } catch (err) {
    console.warn(`lockyard build: no embedded database template (${err.message}); first starts run initdb`);
  }
}
