import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies pending plain-SQL migrations, all in one transaction (fast first start, all or nothing). */
export async function migrate(db: Kysely<any>, progress: (m: string) => void = () => {}): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return db.transaction().execute(async (tx) => {
    // Several processes may start at once against one PostgreSQL: the first migrates, the rest wait.
    await sql`SELECT pg_advisory_xact_lock(7262021)`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
      tx,
    );
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
    // Every start re-checks the change triggers, but rewrites them only when a table lacks one (a warm start
    // with nothing to migrate then costs one catalogue query instead of a DDL statement per table).
    if (applied.length > 0 || (await tablesWithoutChangeTrigger(tx)) > 0) await ensureChangeTriggers(tx);
    return applied;
  });
}

// Tables whose churn no API read depends on: no change notification for them.
const QUIET_TABLES = [
  'schema_migrations',
  'idempotency_keys',
  'events',
  'jobs',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_payloads',
  'delivery_attempts',
  'staff_sessions',
  'sessions',
  'login_attempts',
];

/**
 * Every other table gets a statement-level trigger that NOTIFYs on commit, so each API process can drop
 * cached reads when any process writes (http/middleware/response-cache.ts). Re-run on every start so
 * tables added by later migrations are covered.
 */
function notifyingTables(): string {
  return `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
               AND tablename <> ALL (ARRAY[${QUIET_TABLES.map((n) => `'${n}'`).join(',')}])`;
}

async function tablesWithoutChangeTrigger(tx: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ missing: number }>`
    SELECT count(*)::int AS missing FROM (${sql.raw(notifyingTables())}) t
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE g.tgname = 'lockyard_change' AND c.relname = t.tablename AND n.nspname = current_schema()
    )`.execute(tx);
  return rows[0].missing;
}

async function ensureChangeTriggers(tx: Kysely<any>) {
  await sql
    .raw(
      `
    CREATE OR REPLACE FUNCTION lockyard_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN PERFORM pg_notify('lockyard_changes', TG_TABLE_NAME); RETURN NULL; END $fn$;
    DO $do$ DECLARE t text; BEGIN
      FOR t IN ${notifyingTables()} LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER lockyard_change AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION lockyard_notify_change()', t);
      END LOOP;
    END $do$;`,
    )
    .execute(tx);
}
