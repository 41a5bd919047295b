import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.ts';

// The sandbox request log records every answered API request, refused ones included: a log of the request itself.
const LOG_TABLES = ['request_log'];

/** Rows per table (log tables aside), in one query: equal before and after a request proves it wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const kept = tables.rows.filter((r) => !LOG_TABLES.includes(r.name));
  const columns = kept.map((r) => sql`(select count(*) from ${sql.table(r.name)})::int as ${sql.ref(r.name)}`);
  const res = await sql<Record<string, number>>`select ${sql.join(columns)}`.execute(db);
  return res.rows[0];
}
