// Uncached reads at scale on PostgreSQL (issue 13 target 2): 1,000 operators, 1,000,000 units, 200,000 contacts and
// tenancies, 2,000,000 invoices (BENCH_SCALE=0.1 for a tenth), one operator holding 10 % of the units. Each list is
// requested with a URL never seen before (the response cache cannot answer), one client at a time; the baseline is
// the very SQL the API ran (captured from the driver), replayed through a bare `pg` client in the same run.
// Every captured statement is EXPLAINed: a sequential scan on a large table fails the run.
// `node --import tsx bench/scale.ts` (needs PostgreSQL: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import pg from 'pg';
import { createLockyard } from '../src/main.ts';
import { SCOPES } from '../src/kernel/scopes.ts';
import { updateOperatorRateLimits } from '../src/storage/repos/operators.repo.ts';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const OPERATORS = Math.max(2, Math.round(1000 * SCALE));
const UNITS = Math.round(1_000_000 * SCALE);
const BIG_UNITS = Math.round(100_000 * SCALE);
const CONTACTS = Math.round(200_000 * SCALE);
const INVOICES = Math.round(2_000_000 * SCALE);
const LARGE_TABLES = ['units', 'contacts', 'tenancies', 'invoices'];

const dbName = `bench_scale_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(PG_URL);
url.pathname = `/${dbName}`;

const captured: Array<{ text: string; values: unknown[] }> = [];
let capturing = false;
const query = pg.Client.prototype.query as (...args: any[]) => any;
pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
  if (capturing && typeof args[0] === 'string' && /^\s*select/i.test(args[0]))
    captured.push({ text: args[0], values: args[1] ?? [] });
  return query.apply(this, args);
} as typeof query;

const lockyard = await createLockyard({ database: { url: url.toString() }, logLevel: false });
const bare = new pg.Client({ connectionString: url.toString() });
try {
  await bare.connect();
  const t0 = performance.now();
  await generate(bare);
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s; analysing…`);
  await bare.query('VACUUM ANALYZE');

  const big = 'op_bench_big';
  const small = (await bare.query(`SELECT id FROM operators WHERE id <> $1 ORDER BY id LIMIT 1 OFFSET 7`, [big]))
    .rows[0].id as string;
  const tokens: Record<string, string> = {};
  for (const op of [big, small]) {
    await updateOperatorRateLimits(lockyard.database.db, op, 1e9, 1e9);
    tokens[op] = (await lockyard.services.tokens.create({ operatorId: op, scopes: [...SCOPES] })).token;
  }
  const address = await lockyard.app.listen({ port: 0, host: '127.0.0.1' });

  const rows: string[] = [];
  let failed = false;
  for (const op of [small, big]) {
    const site = (await bare.query(`SELECT id FROM sites WHERE operator_id = $1 ORDER BY id LIMIT 1`, [op])).rows[0].id;
    const contact = (
      await bare.query(
        `SELECT contact_id AS id FROM invoices WHERE operator_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
        [op],
      )
    ).rows[0].id;
    const lists: Array<[string, (i: number) => string]> = [
      ['units available at a site', (i) => `/2025-09/units?status=available&site_id=${site}&limit=100&${unique(i)}`],
      ['units available (booking check)', (i) => `/2025-09/units?status=available&limit=1&${unique(i)}`],
      [
        'contacts search',
        (i) => `/2025-09/contacts?search=${encodeURIComponent(`bench${i % 50}`)}&limit=20&${unique(i)}`,
      ],
      [
        'invoices by contact and dates',
        (i) => `/2025-09/invoices?contact_id=${contact}&created_after=2024-01-01T00:00:00Z&limit=20&${unique(i)}`,
      ],
    ];
    for (const [label, path] of lists) {
      captured.length = 0;
      capturing = true;
      const api: number[] = [];
      let count: unknown;
      const started = performance.now();
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        const res = await fetch(`${address}${path(i)}`, { headers: { authorization: `Bearer ${tokens[op]}` } });
        const body = (await res.json()) as any;
        if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
        count = body.meta?.pagination?.count;
        api.push(performance.now() - t);
      }
      const apiRps = REQUESTS / ((performance.now() - started) / 1000);
      capturing = false;
      // Baseline: every statement the requests ran (the list with its count, invoice lines, contexts…), replayed
      // through bare pg; the list statements themselves (those reading the listed table) are the ones EXPLAINed.
      const table = label.split(' ')[0];
      const hot = captured.filter((c) => new RegExp(`from "${table}"`).test(c.text));
      const sqlStarted = performance.now();
      for (const c of captured) await bare.query(c.text, c.values);
      const sqlRps = REQUESTS / ((performance.now() - sqlStarted) / 1000);
      const plan = (await bare.query(`EXPLAIN ${hot[0].text}`, hot[0].values)).rows.map((r) => r['QUERY PLAN']);
      const seq = plan.filter((l: string) => LARGE_TABLES.some((t) => l.includes(`Seq Scan on ${t}`)));
      if (seq.length) failed = true;
      const target = op === big ? 25 : 10;
      const p99 = pct(api, 0.99);
      rows.push(
        `${(op === big ? 'largest' : 'typical').padEnd(8)} ${label.padEnd(32)} API p50 ${pct(api, 0.5).toFixed(1).padStart(6)} ms p99 ${p99.toFixed(1).padStart(6)} ms ` +
          `${p99 < target ? 'ok' : `≥ ${target} MISSED`} | bare pg ${(captured.length / REQUESTS).toFixed(1)} statements/request | ` +
          `throughput ${((apiRps / sqlRps) * 100).toFixed(0).padStart(3)} % of bare pg | count ${count} | ` +
          `${seq.length ? `SEQ SCAN: ${seq.join('; ')}` : 'no seq scan'}`,
      );
      if (process.env.BENCH_EXPLAIN) console.log(`${label}\n${hot[0].text}\n${plan.join('\n')}\n`);
    }
  }
  console.log(
    `\nuncached reads at scale (PostgreSQL; ${OPERATORS} operators, ${UNITS} units (largest ${BIG_UNITS}), ${CONTACTS} contacts and tenancies, ${INVOICES} invoices; ${REQUESTS} requests each, one client)`,
  );
  for (const r of rows) console.log(r);
  if (failed) process.exitCode = 1;
} finally {
  await bare.end();
  await lockyard.close();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

/** A query parameter that changes the URL (so no cached response) but not the result. */
function unique(i: number) {
  return `created_before=${new Date(Date.UTC(2100, 0, 1) + i * 1000).toISOString()}`;
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

/** Bulk rows with generate_series: operators, 3 sites and 4 unit types each, units, contacts, tenancies, invoices. */
async function generate(c: pg.Client) {
  const ts = `timestamptz '2024-01-01' + (g * interval '1 minute')`;
  await c.query(`
    INSERT INTO operators (id, name, slug, currency, timezone, created_at, updated_at)
    SELECT CASE WHEN g = 1 THEN 'op_bench_big' ELSE 'op_bench_' || g END, 'Bench ' || g, 'bench-' || g, 'GBP',
           'Europe/London', now(), now()
    FROM generate_series(1, ${OPERATORS}) g`);
  await c.query(`
    INSERT INTO sites (id, operator_id, slug, name, address, access_hours, directions, timezone, created_at, updated_at)
    SELECT 'site_' || o.id || '_' || s, o.id, 'site-' || s, 'Site ' || s, '{}', '{}', '{}', 'Europe/London', now(), now()
    FROM operators o, generate_series(1, 3) s`);
  await c.query(`
    INSERT INTO unit_types (id, operator_id, site_id, name, slug, size_description, dimensions, status, stripe_product_id,
                            created_at, updated_at)
    SELECT 'ut_' || s.id || '_' || t, s.operator_id, s.id, 'Type ' || t, 'type-' || t, '', '{}', 'active', '', now(), now()
    FROM sites s, generate_series(1, 4) t`);
  // Units: the largest operator gets BIG_UNITS, the others share the rest evenly.
  const others = OPERATORS - 1;
  const per = Math.floor((UNITS - BIG_UNITS) / others);
  await c.query(`
    INSERT INTO units (id, operator_id, site_id, unit_type_id, reference_id, status, created_at, updated_at)
    SELECT 'unit_' || op || '_' || g, op_id, 'site_' || op_id || '_' || (1 + g % 3),
           'ut_site_' || op_id || '_' || (1 + g % 3) || '_' || (1 + g % 4), 'U' || g,
           (ARRAY['available','available','occupied','reserved','unavailable'])[1 + g % 5], ${ts}, ${ts}
    FROM (SELECT 1 AS op, 'op_bench_big' AS op_id, generate_series(1, ${BIG_UNITS}) AS g
          UNION ALL
          SELECT o AS op, 'op_bench_' || o, generate_series(1, ${per}) FROM generate_series(2, ${OPERATORS}) o) x`);
  await c.query(`
    INSERT INTO contacts (id, operator_id, email, full_name, status, created_at, updated_at)
    SELECT 'contact_' || g, CASE WHEN g % ${OPERATORS} = 0 THEN 'op_bench_big' ELSE 'op_bench_' || (1 + g % ${OPERATORS}) END,
           'bench' || g || '@example.test', 'Bench Person ' || g, 'tenant', ${ts}, ${ts}
    FROM generate_series(1, ${CONTACTS}) g`);
  await c.query(`
    INSERT INTO tenancies (id, operator_id, contact_id, site_id, starts_at, created_at, updated_at)
    SELECT 'tenancy_' || c.id, c.operator_id, c.id, 'site_' || c.operator_id || '_1', c.created_at, c.created_at, c.created_at
    FROM contacts c`);
  await c.query(`
    INSERT INTO invoices (id, operator_id, number, contact_id, tenancy_id, status, subtotal, tax, total, amount_due,
                          amount_paid, created_at, updated_at)
    SELECT 'invoice_' || g, c.operator_id, 'INV-' || g, c.id, 'tenancy_' || c.id,
           (ARRAY['paid','paid','open','void'])[1 + g % 4], 1000, 200, 1200, 1200, 0, ${ts}, ${ts}
    FROM generate_series(1, ${INVOICES}) g
    JOIN contacts c ON c.id = 'contact_' || (1 + g % ${CONTACTS})`);
}
