import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A migrated, empty embedded database made once at install time (`npm install` runs scripts/build.mjs), so a
 * first start copies it instead of running PGlite's initdb and every migration (most of a first start's time).
 * It lives in dist/ beside the compiled code; its sidecar names the PGlite version and each migration's hash, and
 * it is used only while both still match what would run — a changed migration or PGlite upgrade ignores it.
 */
const here = dirname(fileURLToPath(import.meta.url));
// src/storage/driver and dist/storage/driver both sit three levels below the project root.
const TEMPLATE = join(here, '..', '..', '..', 'dist', 'pglite-template.tar');
const MIGRATIONS_DIR = join(here, '..', 'migrations');

interface TemplateInfo {
  pglite: string;
  migrations: string[];
}

function currentInfo(): TemplateInfo {
  // The package's entry is <package>/dist/index.js (it exports no package.json of its own).
  const pkg = join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..', 'package.json');
  const pglite = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')).version as string) : 'unknown';
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map(
      (f) =>
        `${f} ${createHash('sha256')
          .update(readFileSync(join(MIGRATIONS_DIR, f)))
          .digest('hex')}`,
    );
  return { pglite, migrations };
}

/** The template as a PGlite `loadDataDir` blob, when there is one made by this PGlite from today's migrations. */
export function pgliteTemplate(): Blob | undefined {
  if (process.env.LOCKYARD_NO_TEMPLATE === '1' || !existsSync(TEMPLATE) || !existsSync(`${TEMPLATE}.json`))
    return undefined;
  try {
    const stored = JSON.parse(readFileSync(`${TEMPLATE}.json`, 'utf8')) as TemplateInfo;
    const now = currentInfo();
    if (stored.pglite !== now.pglite || stored.pglite === 'unknown') return undefined;
    // Its migrations must be exactly the first ones of today's list; later ones are applied as usual.
    if (stored.migrations.some((m, i) => now.migrations[i] !== m)) return undefined;
    return new Blob([readFileSync(TEMPLATE)]);
  } catch {
    return undefined;
  }
}

/** Writes the template from a freshly migrated database (scripts/build.mjs). */
export async function writePgliteTemplate(pglite: PGlite): Promise<void> {
  const info = currentInfo();
  const dump = await pglite.dumpDataDir('none');
  writeFileSync(`${TEMPLATE}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${TEMPLATE}.tmp`, TEMPLATE);
  writeFileSync(`${TEMPLATE}.json`, `${JSON.stringify(info, null, 2)}\n`);
}
