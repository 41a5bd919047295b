import { sql, withTransaction, type Db, type Tx } from '../database.ts';
import { KEPT_TABLES, notifyEmptied } from './sandbox-reset.repo.ts';

/**
 * One table's rows as PostgreSQL's own JSON text (`json_agg`), never parsed on the way: restoring it with
 * `json_populate_recordset` gives back the same values to the last digit and microsecond (bytea as hex,
 * arrays and jsonb as JSON).
 */
export interface TableDump {
  table: string;
  rows: number;
  /** MD5 of every row's text, in order: a restore checks it gave back exactly these rows. */
  md5: string;
  json: string;
}

const ROW_TEXT_MD5 = sql`md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), ''))`;

export interface StoreDump {
  /** Migrations applied when it was taken: a restore needs the same ones. */
  migrations: string[];
  tables: TableDump[];
  /** Each sequence's state (`setval(name, value, called)`). */
  sequences: { name: string; value: number; called: boolean }[];
}

// The sandbox request log is a log of the running server, not data: a snapshot neither saves nor restores it (a
// request answered while a restore runs would otherwise make the restore look inexact).
const UNSAVED_TABLES = ['request_log'];

async function tablesOf(tx: Tx): Promise<string[]> {
  const r = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(tx);
  return r.rows.map((x) => x.tablename).filter((t) => !KEPT_TABLES.includes(t) && !UNSAVED_TABLES.includes(t));
}

/** The columns an INSERT may write (not generated ones). */
async function writableColumns(tx: Tx, table: string): Promise<string[]> {
  const r = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
    ORDER BY ordinal_position`.execute(tx);
  return r.rows.map((x) => x.column_name);
}

/** The foreign keys among the current schema's tables, with the text that creates each again. */
async function foreignKeys(tx: Tx): Promise<{ table: string; name: string; definition: string }[]> {
  const r = await sql<{ table: string; name: string; definition: string }>`
    SELECT cl.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()
    ORDER BY cl.relname, c.conname`.execute(tx);
  return r.rows;
}

/**
 * A consistent copy of every table's rows (but the migrations and the instance's own settings, which a reset keeps
 * too) and every sequence, read in one REPEATABLE READ transaction: what pg_dump's data section holds.
 */
export function dumpStore(db: Db): Promise<StoreDump> {
  return withTransaction(db, async (tx) => {
    await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(tx);
    const migrations = (
      await sql<{ name: string }>`SELECT version AS name FROM schema_migrations ORDER BY version`.execute(tx)
    ).rows;
    const tables: TableDump[] = [];
    for (const table of await tablesOf(tx)) {
      const r = await sql<{ rows: number; md5: string; json: string }>`
        SELECT count(*)::int AS rows, ${ROW_TEXT_MD5} AS md5, coalesce(json_agg(t), '[]'::json)::text AS json
        FROM ${sql.table(table)} t`.execute(tx);
      tables.push({ table, ...r.rows[0] });
    }
    const seqs = await sql<{ name: string; value: string; called: boolean }>`
      SELECT sequencename AS name, coalesce(last_value, start_value)::text AS value, last_value IS NOT NULL AS called
      FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`.execute(tx);
    return {
      migrations: migrations.map((m) => m.name),
      tables,
      sequences: seqs.rows.map((s) => ({ name: s.name, value: Number(s.value), called: s.called })),
    };
  });
}

/**
 * Puts a dump back in one transaction: every table emptied, each table's rows inserted, every
 * sequence set to its state then, and every table announced on the change channel so no process keeps serving
 * cached tokens or responses of the data before.
 */
export async function restoreStore(tx: Tx, dump: StoreDump): Promise<void> {
  const applied = (
    await sql<{ name: string }>`SELECT version AS name FROM schema_migrations ORDER BY version`.execute(tx)
  ).rows.map((m) => m.name);
  if (applied.join() !== dump.migrations.join())
    throw new Error(
      `the snapshot was taken at another schema version (${dump.migrations.at(-1)}; this store: ${applied.at(-1)})`,
    );
  const tables = await tablesOf(tx);
  const byName = new Map(dump.tables.map((t) => [t.table, t]));
  const missing = tables.filter((t) => !byName.has(t));
  if (missing.length) throw new Error(`the snapshot has no rows for table(s) ${missing.join(', ')}`);
  // Some tables reference each other (an order its tenancy, the tenancy its order): no insert order satisfies
  // every foreign key row by row. They are dropped for the inserts and created again after, which checks every
  // row at once (all inside this transaction: a failure leaves the schema as it was).
  const fks = await foreignKeys(tx);
  for (const fk of fks) await sql`ALTER TABLE ${sql.table(fk.table)} DROP CONSTRAINT ${sql.ref(fk.name)}`.execute(tx);
  await sql.raw(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`).execute(tx);
  for (const table of tables) {
    const dumped = byName.get(table)!;
    if (!dumped.rows) continue;
    const cols = sql.join((await writableColumns(tx, table)).map((c) => sql.ref(c)));
    await sql`INSERT INTO ${sql.table(table)} (${cols}) OVERRIDING SYSTEM VALUE
      SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${dumped.json}::json)`.execute(tx);
  }
  for (const fk of fks)
    await sql`ALTER TABLE ${sql.table(fk.table)} ADD CONSTRAINT ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(
      tx,
    );
  for (const s of dump.sequences)
    await sql`SELECT setval(${sql.lit(s.name)}::regclass, ${s.value}, ${s.called})`.execute(tx);
  // The proof it is exact, before anything commits: every table's rows hash as they did when saved.
  const now = await checksumsIn(tx);
  const differ = dump.tables.filter((t) => now[t.table]?.rows !== t.rows || now[t.table]?.md5 !== t.md5);
  if (differ.length)
    throw new Error(`restored rows differ from the snapshot in ${differ.map((t) => t.table).join(', ')}`);
  await notifyEmptied(tx, tables);
}

async function checksumsIn(tx: Tx): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const table of await tablesOf(tx)) {
    const r = await sql<{ rows: number; md5: string }>`
      SELECT count(*)::int AS rows, ${ROW_TEXT_MD5} AS md5 FROM ${sql.table(table)} t`.execute(tx);
    out[table] = r.rows[0];
  }
  return out;
}

/** Rows and an MD5 of every row's text, per table (the tables a snapshot holds): proves a restore exact. */
export function tableChecksums(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  return withTransaction(db, checksumsIn);
}
