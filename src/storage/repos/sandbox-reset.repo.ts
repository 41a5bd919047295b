import { sql, type Handle, type Tx } from '../database.ts';

// Kept across a reset (and out of snapshots): the migrations applied and the instance's own secrets (image signing).
export const KEPT_TABLES = ['schema_migrations', 'instance_settings'];

/**
 * `lockyard reset`: empties every table of the current schema except the kept ones, in one statement (seconds,
 * not a fresh data dir). Platform jobs (no operator: the recurring prune) are put back so the worker keeps them.
 * Sequences are not restarted: event `seq` keeps rising, so a live `listen` stream never sees a number twice.
 */
export async function emptyAllTables(tx: Tx): Promise<void> {
  const tables = (
    await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`.execute(tx)
  ).rows
    .map((r) => r.tablename)
    .filter((t) => !KEPT_TABLES.includes(t));
  const platformJobs = await tx.selectFrom('jobs').selectAll().where('operator_id', 'is', null).execute();
  await sql.raw(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`).execute(tx);
  await notifyEmptied(tx, tables);
  if (platformJobs.length)
    await tx
      .insertInto('jobs')
      .values(platformJobs.map((j) => ({ ...j, payload: JSON.stringify(j.payload), state: 'pending' })))
      .execute();
}

/**
 * TRUNCATE fires no row or statement change trigger: announce every table, so no process keeps serving a token,
 * operator or response of the old data from its caches (delivered at commit, like the triggers').
 */
export async function notifyEmptied(tx: Tx, tables: string[]): Promise<void> {
  await sql`SELECT pg_notify('lockyard_changes', t) FROM unnest(${tables}::text[]) AS t`.execute(tx);
}

/** Rows per table (for `lockyard reset`'s report and its tests). */
export async function countRows(db: Handle, table: 'operators' | 'events' | 'contacts'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
