import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTransaction } from '../../storage/database.ts';
import { dumpStore, restoreStore, type StoreDump } from '../../storage/repos/snapshots.repo.ts';
import { AdminError, json, str, type AdminOperation } from '../admin-operation.ts';

/**
 * `lockyard snapshot save|restore|list` (docs/decisions/snapshots.md): a directory per snapshot under
 * `<data dir>/snapshots/<name>/`, as pg_dump's directory format: `manifest.json` (migrations, sequences, row
 * counts) and one `tables/<table>.json` per table, the rows as PostgreSQL wrote them.
 */
const FORMAT = 'lockyard-snapshot/1';

interface Manifest {
  format: string;
  name: string;
  taken_at: string;
  store: string;
  migrations: string[];
  sequences: StoreDump['sequences'];
  tables: { table: string; rows: number; md5: string }[];
}

const snapshotsDir = (dataDir: string) => join(dataDir, 'snapshots');

function snapshotName(input: Record<string, unknown>): string {
  const name = str(input, 'name');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new AdminError('a snapshot name is 1-64 letters, digits, dots, dashes or underscores');
  return name;
}

export const saveSnapshot: AdminOperation = async (lockyard, input, host) => {
  const name = snapshotName(input);
  const dir = join(snapshotsDir(host.dataDir), name);
  if (existsSync(dir) && input.force !== true)
    throw new AdminError(`a snapshot named ${name} exists (--force replaces it)`);
  const started = performance.now();
  const dump = await dumpStore(lockyard.database.db);
  // Written beside it, then renamed into place: a crash never leaves half a snapshot under the name.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'tables'), { recursive: true, mode: 0o700 });
  for (const t of dump.tables) writeFileSync(join(tmp, 'tables', `${t.table}.json`), t.json, { mode: 0o600 });
  const manifest: Manifest = {
    format: FORMAT,
    name,
    taken_at: lockyard.clock.now().toISOString(),
    store: lockyard.database.kind,
    migrations: dump.migrations,
    sequences: dump.sequences,
    tables: dump.tables.map((t) => ({ table: t.table, rows: t.rows, md5: t.md5 })),
  };
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const rows = dump.tables.reduce((n, t) => n + t.rows, 0);
  const data = { name, path: dir, tables: dump.tables.length, rows };
  return {
    stdout: json(data),
    stderr: `Saved ${rows} rows of ${dump.tables.length} tables in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
    data,
  };
};

function readManifest(dir: string): Manifest {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (m.format !== FORMAT) throw new AdminError(`${dir} is not a ${FORMAT} snapshot`);
  return m;
}

export const restoreSnapshot: AdminOperation = async (lockyard, input, host) => {
  if (!lockyard.config.sandbox) throw new AdminError('snapshot restore works in sandbox mode only');
  const name = snapshotName(input);
  const dir = join(snapshotsDir(host.dataDir), name);
  if (!existsSync(join(dir, 'manifest.json')))
    throw new AdminError(`no snapshot named ${name} (lockyard snapshot list shows them)`);
  const m = readManifest(dir);
  const dump: StoreDump = {
    migrations: m.migrations,
    sequences: m.sequences,
    tables: m.tables.map((t) => ({ ...t, json: readFileSync(join(dir, 'tables', `${t.table}.json`), 'utf8') })),
  };
  const started = performance.now();
  // TRUNCATE takes every table's lock in turn: a worker's transaction meanwhile may deadlock with it (PostgreSQL
  // then aborts one side); the restore simply tries again, as a reset does.
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(lockyard.database.db, (tx) => restoreStore(tx, dump));
      break;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001'))
        throw err instanceof Error && !code ? new AdminError(err.message) : err;
    }
  }
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  const data = { name, taken_at: m.taken_at, tables: m.tables.length, rows };
  return {
    stdout: json(data),
    stderr: `Restored ${rows} rows of ${m.tables.length} tables in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
    data,
  };
};

export const listSnapshots: AdminOperation = async (_lockyard, _input, host) => {
  const root = snapshotsDir(host.dataDir);
  const names = existsSync(root)
    ? readdirSync(root).filter((n) => !n.includes('.tmp-') && existsSync(join(root, n, 'manifest.json')))
    : [];
  const list = names
    .map((n) => {
      const m = readManifest(join(root, n));
      const bytes = readdirSync(join(root, n, 'tables')).reduce(
        (sum, f) => sum + statSync(join(root, n, 'tables', f)).size,
        0,
      );
      return {
        name: m.name,
        taken_at: m.taken_at,
        store: m.store,
        rows: m.tables.reduce((s, t) => s + t.rows, 0),
        bytes,
      };
    })
    .sort((a, b) => a.taken_at.localeCompare(b.taken_at));
  return {
    stdout: list
      .map((s) => `${s.name}  ${s.taken_at}  ${s.store}  ${s.rows} rows  ${Math.ceil(s.bytes / 1024)} KiB\n`)
      .join(''),
    stderr: list.length ? undefined : `No snapshots in ${root}.\n`,
    data: list,
  };
};
