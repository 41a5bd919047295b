import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies pending plain-SQL migrations, all in one transaction (fast first start, all or nothing). */
export async function migrate(db: Kysely<any>, progress: (m: string) => void = () => {}): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  return db.transaction().execute(async (tx) => {
    // Several processes may start at once against one PostgreSQL: the first migrates, the rest wait.
    await sql`SELECT pg_advisory_xact_lock(7262021)`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(tx);
    const done = new Set(
      (await sql<{ version: string }>`SELECT version FROM schema_migrations`.execute(tx)).rows.map((r) => r.version),
    );
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      progress(`  migration ${version}`);
      await sql.raw(readFileSync(join(MIGRATIONS_DIR, file), 'utf8')).execute(tx);
      await sql`INSERT INTO schema_migrations (version) VALUES (${version})`.execute(tx);
      applied.push(version);
    }
    return applied;
  });
}
