// The broker's storage: PostgreSQL through `pg`, or PGlite for development, behind one tiny query interface.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Queryable {
  query<R = Record<string, any>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface BrokerStore extends Queryable {
  /** Runs `fn` in one transaction on one connection (row locks hold until it returns). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens PostgreSQL at `url` (optionally in `schema`), or an in-memory / `dataDir` PGlite, and applies the migration. */
export async function openStore(opts: { url?: string; schema?: string; dataDir?: string } = {}): Promise<BrokerStore> {
  const store = opts.url ? await openPg(opts.url, opts.schema) : await openPglite(opts.dataDir);
  await store.query(readFileSync(join(import.meta.dirname, '..', 'migrations', '001_broker.sql'), 'utf8'));
  return store;
}

async function openPg(url: string, schema?: string): Promise<BrokerStore> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  return {
    query: (sql, params) => pool.query(sql, params as unknown[]) as never,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: (sql, params) => client.query(sql, params as unknown[]) as never });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir?: string): Promise<BrokerStore> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir });
  return {
    // exec for the multi-statement migration; query (parameterised) otherwise.
    query: async (sql, params) =>
      (params?.length || !sql.includes(';')
        ? db.query(sql, params)
        : ((await db.exec(sql)).at(-1) ?? { rows: [] })) as never,
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params) as never })),
    close: () => db.close(),
  };
}
