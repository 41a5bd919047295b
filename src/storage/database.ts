import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql, type Selectable, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { isWrite, PGlitePool } from './driver/pglite-pool.ts';
import { lockDataDir } from './driver/lock-file.ts';
import { pgliteTemplate } from './driver/pglite-template.ts';
import { assertStorable } from './driver/param-guard.ts';
import { UnitOfWorkPool } from './driver/unit-of-work.ts';
import { migrate } from './migrate.ts';
import type { Schema } from './schema/index.ts';

export type { Schema };

/**
 * The typed query builder (tables: storage/schema, generated from the migrations). Three handle types:
 * - `Db`: the pool. Services hold it and open transactions on it.
 * - `Tx`: a transaction from `withTransaction`. Repo functions that write take `Tx`, so a write cannot be
 *   handed the bare pool by mistake (it would commit apart from its events, or deadlock PGlite).
 * - `Handle`: either. Repo functions that only read take it, so a read works inside or outside a transaction.
 */
export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;
export type Handle = Db | Tx;
/** A row of a table as selected (what each repo's mapper turns into a domain entity). */
export type Row<T extends keyof Schema> = Selectable<Schema[T]>;

export interface DatabaseOptions {
  /** postgres://… : a PostgreSQL server. Otherwise PGlite. */
  url?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  schema?: string;
  /** PGlite data dir; omitted means in memory. */
  dataDir?: string;
  /** A PGlite data-dir dump to start from (tests: a migrated template). */
  loadDataDir?: Blob;
  onProgress?: (message: string) => void;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Wake-up channel for workers: NOTIFY on PostgreSQL, in-process on PGlite. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Called after any write by this process, and on change notifications from other processes. */
  onChange(listener: () => void): () => void;
  pglite?: PGlite;
  close(): Promise<void>;
}

pg.types.setTypeParser(20, (v) => Number(v)); // int8: our bigints (offsets, seq) fit in a double

export const CHANGES_CHANNEL = 'lockyard_changes';

class ChangeFeed {
  private readonly listeners = new Set<() => void>();
  readonly fire = () => {
    for (const l of this.listeners) l();
  };
  // Listeners run in the context they registered from, so work they start never joins a writer's unit of work.
  on(listener: () => void) {
    const bound = AsyncLocalStorage.bind(listener);
    this.listeners.add(bound);
    return () => void this.listeners.delete(bound);
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const progress = opts.onProgress ?? (() => {});
  const changes = new ChangeFeed();
  const database = opts.url ? await openPostgres(opts, changes) : await openPGlite(opts, progress, changes);
  progress('Applying migrations…');
  await migrate(database.db, progress);
  // Other processes' writes arrive as NOTIFY from the change triggers (storage/migrate.ts).
  const unlisten = await database.listen(CHANGES_CHANNEL, changes.fire);
  const close = database.close;
  database.close = async () => {
    await unlisten();
    await close();
  };
  return database;
}

async function openPostgres(opts: DatabaseOptions, changes: ChangeFeed): Promise<Database> {
  const config: pg.PoolConfig = { connectionString: opts.url, max: 10 };
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    await admin.end();
    config.options = `-c search_path="${opts.schema}"`;
  }
  const pool = new pg.Pool(config);
  // An idle client cut off by the server (restart, admin termination) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', () => {});
  const units = new UnitOfWorkPool(watchWrites(pool, changes.fire));
  const db = withUnits(
    new Kysely<Schema>({ dialect: new PostgresDialect({ pool: units as unknown as pg.Pool }) }),
    units,
  );
  return {
    db,
    kind: 'postgres',
    onChange: (l) => changes.on(l),
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString: opts.url });
      await client.connect();
      client.on('notification', () => onNotify());
      client.on('error', () => {}); // the poll fallback keeps workers going
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPGlite(
  opts: DatabaseOptions,
  progress: (m: string) => void,
  changes: ChangeFeed,
): Promise<Database> {
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  try {
    if (opts.dataDir)
      progress(`Opening the embedded database in ${opts.dataDir} (the first start takes a few seconds)…`);
    // A new database starts from the install-time template (initdb and migrations already done) when there is one.
    const isNew = !opts.dataDir || !existsSync(join(opts.dataDir, 'PG_VERSION'));
    const loadDataDir = opts.loadDataDir ?? (isNew ? pgliteTemplate() : undefined);
    // 16 MB of shared buffers instead of initdb's 128 MB: PGlite's files sit in the OS page cache anyway, and the
    // buffers are wasm memory that never shrinks (130 MB less resident memory; docs/performance.md).
    const pglite = await PGlite.create({
      dataDir: opts.dataDir,
      loadDataDir,
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
    const units = new UnitOfWorkPool(new PGlitePool(pglite, changes.fire) as unknown as pg.Pool);
    const db = withUnits(
      new Kysely<Schema>({ dialect: new PostgresDialect({ pool: units as unknown as pg.Pool }) }),
      units,
    );
    return {
      db,
      kind: 'pglite',
      onChange: (l) => changes.on(l),
      pglite,
      async listen(channel, onNotify) {
        // PGlite calls back from inside whatever query delivered the notification: never inside a unit of work.
        return pglite.listen(
          channel,
          units.detached(() => onNotify()),
        );
      },
      async close() {
        await db.destroy();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/** A pg Pool whose clients report this process's writes the moment they run. */
function watchWrites(pool: pg.Pool, onWrite: () => void): pg.Pool {
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: async (sql: string, params?: unknown[]) => {
          if (params) assertStorable(params);
          const res = await client.query(sql, params);
          if (isWrite(sql)) onWrite();
          return res;
        },
        release: (err?: Error | boolean) => client.release(err),
      };
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

const unitsOf = new WeakMap<Db, UnitOfWorkPool>();

function withUnits(db: Db, units: UnitOfWorkPool): Db {
  unitsOf.set(db, units);
  return db;
}

/**
 * Runs `fn` as one unit of work: everything it does on `db` — its own queries, the services it calls and
 * their `withTransaction`s — commits together when it resolves, or not at all (storage/driver/unit-of-work.ts).
 * For an API write and the record of its outcome (the Idempotency-Key). No HTTP calls or other slow work inside.
 */
export function atomically<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const units = unitsOf.get(db);
  if (!units) throw new Error('atomically() needs the Db of an open database');
  return units.run(fn);
}

/** Runs `fn` in a transaction. Everything inside must use the `tx` it is given. */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

export { sql };
