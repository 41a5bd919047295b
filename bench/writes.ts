// Issue 13 target 3, writes: full bookings on PostgreSQL through API_PROCESSES API processes — create the order
// (finalized on creation), pay it in the sandbox, completion with its records and events — against bare `pg`
// transactions doing the same writes, measured in the same run. The baseline replays, through one `pg` pool, the
// INSERT/UPDATE/DELETE statements one booking made through the API (captured at the driver), transaction by
// transaction, with the booking's new ids and numbers made fresh each time: the same rows, without the HTTP,
// validation, reads and rendering around them. Target: the API at ≥ 50 % of the baseline.
// Run: node --import tsx bench/writes.ts   (BENCH_WRITES_BOOKINGS, BENCH_WRITES_CONCURRENCY, BENCH_DATABASE_URL)
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createLockyard } from '../src/main.ts';
import { seedDemo } from '../src/sandbox/seed/demo.ts';
import { withTransaction } from '../src/storage/database.ts';
import { staffPrincipal } from '../src/domain/context.ts';
import { newId } from '../src/kernel/ids.ts';
import { insertUnits } from '../src/storage/repos/units.repo.ts';
import { updateOperatorRateLimits } from '../src/storage/repos/operators.repo.ts';

const BOOKINGS = Number(process.env.BENCH_WRITES_BOOKINGS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_WRITES_CONCURRENCY ?? 8);
const API_PROCESSES = Number(process.env.BENCH_WRITES_API_PROCESSES ?? 2);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT = 4760;

interface Captured {
  text: string;
  values: unknown[];
}

/** Every statement run through a pg client while `on`, per client, so transactions can be told apart. */
function captureStatements() {
  const byClient = new Map<object, Captured[]>();
  let on = false;
  const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as any).query = function (this: object, text: unknown, values?: unknown, ...rest: unknown[]) {
    if (on && typeof text === 'string') {
      if (!byClient.has(this)) byClient.set(this, []);
      byClient.get(this)!.push({ text, values: Array.isArray(values) ? values : [] });
    }
    return orig.call(this, text, values, ...rest);
  };
  return {
    start: () => void (on = true),
    stop() {
      on = false;
      (pg.Client.prototype as any).query = orig;
      return [...byClient.values()];
    },
  };
}

const isWrite = (t: string) => /^\s*(insert|update|delete|with\b[\s\S]*\b(insert|update|delete)\b)/i.test(t);
const ID = /^[a-z]+_[0-9A-Za-z]{12,}$/;
const INVOICE_NUMBER = /^[A-Z0-9]+-\d{6}$/;
/** Random tokens (the order's checkout token): unique columns, so each replay gets its own. */
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

/** The booking's write transactions, in order: BEGIN … the writes … COMMIT. */
function writeTransactions(perClient: Captured[][]): Captured[][] {
  const txs: Captured[][] = [];
  for (const stmts of perClient) {
    let cur: Captured[] | null = null;
    for (const s of stmts) {
      const head = s.text.trim().slice(0, 8).toLowerCase();
      if (head.startsWith('begin')) cur = [];
      else if (head.startsWith('commit')) {
        if (cur?.length) txs.push(cur);
        cur = null;
      } else if (isWrite(s.text)) (cur ?? (txs.push([s]), null))?.push(s);
    }
  }
  return txs;
}

/**
 * Ids the booking created: the first parameter of its INSERTs (each table's own id, or its parent's, also new),
 * except those that existed before (the operator's, keyed upserts like the invoice-number row).
 */
function newIdsOf(txs: Captured[][], existing: Set<string>): Set<string> {
  const ids = new Set<string>();
  for (const tx of txs)
    for (const s of tx) {
      const v = s.values[0];
      if (/^\s*insert/i.test(s.text) && typeof v === 'string' && ID.test(v) && !existing.has(v)) ids.add(v);
    }
  return ids;
}

/** The units the baseline reserves, one per replay (an allocation's unit is unique). */
const spareUnits: string[] = [];
let capturedUnit = '';

function fresh(v: string): string {
  if (v === capturedUnit) return spareUnits.pop()!;
  if (ID.test(v)) return `${v.split('_')[0]}_${randomBytes(9).toString('hex')}`;
  if (INVOICE_NUMBER.test(v)) return `B${randomBytes(5).toString('hex').toUpperCase()}-000001`;
  return randomBytes(v.length).toString('base64url').slice(0, v.length);
}

function freshen(v: unknown, ids: Set<string>, map: Map<string, string>): unknown {
  if (typeof v !== 'string') return v;
  if (ids.has(v) || v === capturedUnit || INVOICE_NUMBER.test(v) || (!ID.test(v) && TOKEN.test(v))) {
    if (!map.has(v)) map.set(v, fresh(v));
    return map.get(v);
  }
  // JSON payloads (events, jobs) carry the ids too.
  if (v.startsWith('{') || v.startsWith('[')) {
    let out = v;
    for (const id of ids) if (out.includes(id)) out = out.split(id).join(freshen(id, ids, map) as string);
    return out;
  }
  return v;
}

async function pool<T>(n: number, total: number, one: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < total) {
        const i = next++;
        out[i] = await one(i);
      }
    }),
  );
  return out;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function forkServer(schema: string, port: number): Promise<ChildProcess> {
  const child = fork(new URL('./writes-server.ts', import.meta.url).pathname, [PG_URL, schema, String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`API process exited ${code}`)));
  });
}

export async function benchWrites() {
  const schema = `bench_writes_${process.pid}`;
  const lockyard = await createLockyard({ database: { url: PG_URL, schema }, logLevel: false });
  const { db } = lockyard.database;
  const children: ChildProcess[] = [];
  try {
    const creds = await seedDemo({
      db,
      clock: lockyard.clock,
      tokens: lockyard.services.tokens,
      events: lockyard.services.events,
    });
    for (const o of creds.operators) await updateOperatorRateLimits(db, o.id, 1e9, 1e9);
    const operatorId = creds.operators[0].id;
    const token = creds.operators[0].access_token;
    const ctx = await lockyard.services.contexts.contextFor(operatorId, staffPrincipal('stu_bench', 'staff_bench'));
    const page = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };
    const unitType = (await lockyard.services.unitTypes.list(ctx, page, {})).items.find(
      (u) => u.status === 'bookable' && u.prices.some((p) => p.billingPeriod === 'monthly'),
    )!;
    const amount = unitType.prices.find((p) => p.billingPeriod === 'monthly')!.amount;
    const contacts = (await lockyard.services.contacts.list(ctx, page, {}, {})).items.map((c) => c.id);
    // Every booking reserves a unit (auto-reservation is on in the demo): enough available ones for all of them.
    const now = ctx.now();
    await withTransaction(db, (tx) =>
      insertUnits(
        tx,
        Array.from({ length: 3 * BOOKINGS + 10 * CONCURRENCY }, (_, i) => ({
          id: newId('unit'),
          operatorId,
          siteId: unitType.siteId,
          unitTypeId: unitType.id,
          referenceId: `WB-${String(i).padStart(5, '0')}`,
          status: 'available' as const,
          unitAllocationId: null,
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
    const startsAt = new Date(now.getTime() + 7 * 86_400_000).toISOString();
    const orderBody = (i: number) =>
      JSON.stringify({
        site: { id: unitType.siteId },
        contact: { id: contacts[i % contacts.length] },
        billing_period: 'monthly',
        payment_method: 'card',
        starts_at: startsAt,
        line_items: [{ type: 'unit_type', quantity: 1, price: { amount }, item: { id: unitType.id } }],
        finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
      });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // One booking in process, its statements captured: what the baseline replays.
    const capture = captureStatements();
    capture.start();
    const created = await lockyard.app.inject({
      method: 'POST',
      url: '/2025-09/orders',
      headers,
      payload: orderBody(0),
    });
    const paid = await lockyard.app.inject({
      method: 'POST',
      url: `/sandbox/orders/${created.json().order.id}/pay`,
      headers: { authorization: headers.authorization },
    });
    const txs = writeTransactions(capture.stop());
    if (created.statusCode !== 201 || paid.statusCode !== 200)
      throw new Error(`booking failed: ${created.body} ${paid.body}`);
    const booked = (
      await lockyard.app.inject({
        method: 'GET',
        url: `/2025-09/unit_allocations?tenancy_id=${paid.json().order.tenancy.id}`,
        headers: { authorization: headers.authorization },
      })
    ).json();
    capturedUnit = booked.unit_allocations[0].unit.id;
    const spare = await db
      .selectFrom('units')
      .select('id')
      .where('reference_id', 'like', 'WB-%')
      .where('status', '=', 'available')
      .orderBy('reference_id', 'desc')
      .limit(BOOKINGS + 4 * CONCURRENCY)
      .execute();
    spareUnits.push(...spare.map((u) => u.id));
    const ids = newIdsOf(
      txs,
      new Set([...creds.operators.map((o) => o.id), ...contacts, unitType.id, unitType.siteId]),
    );
    const writes = txs.reduce((n, t) => n + t.length, 0);

    const bare = new pg.Pool({ connectionString: PG_URL, max: CONCURRENCY, options: `-c search_path="${schema}"` });
    const replay = async () => {
      const map = new Map<string, string>();
      for (const tx of txs) {
        const c = await bare.connect();
        try {
          await c.query('BEGIN');
          for (const s of tx)
            await c.query(
              s.text,
              s.values.map((v) => freshen(v, ids, map)),
            );
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK');
          throw err;
        } finally {
          c.release();
        }
      }
    };

    for (let i = 0; i < API_PROCESSES; i++) children.push(await forkServer(schema, PORT + i));
    let n = 1;
    const book = async () => {
      const port = PORT + (n++ % API_PROCESSES);
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/2025-09/orders`, {
        method: 'POST',
        headers,
        body: orderBody(n),
      });
      const order = await res.json();
      if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(order)}`);
      const pay = await fetch(`http://127.0.0.1:${port}/sandbox/orders/${order.order.id}/pay`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
      });
      const body = await pay.json();
      if (pay.status !== 200) throw new Error(`pay: ${pay.status} ${JSON.stringify(body)}`);
      return performance.now() - t0;
    };
    const timed = async (one: () => Promise<unknown>, total: number) => {
      const t0 = performance.now();
      const lat = await pool(CONCURRENCY, total, async () => {
        const s = performance.now();
        await one();
        return performance.now() - s;
      });
      return { rate: total / ((performance.now() - t0) / 1000), p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
    };
    // Warm up both, then alternate halves so drifting machine load hits both alike.
    await timed(book, 2 * CONCURRENCY);
    await timed(replay, 2 * CONCURRENCY);
    const half = Math.floor(BOOKINGS / 2);
    const b1 = await timed(replay, half);
    const a1 = await timed(book, half);
    const a2 = await timed(book, half);
    const b2 = await timed(replay, half);
    await bare.end();
    const rate = (x: { rate: number }, y: { rate: number }) => 2 / (1 / x.rate + 1 / y.rate);
    const api = { rate: rate(a1, a2), p50: (a1.p50 + a2.p50) / 2, p99: Math.max(a1.p99, a2.p99) };
    const base = { rate: rate(b1, b2), p50: (b1.p50 + b2.p50) / 2, p99: Math.max(b1.p99, b2.p99) };
    const ratio = api.rate / base.rate;
    console.log(
      `\nWrites: ${BOOKINGS} full bookings (order created finalized → paid → completion: tenancy, subscription, invoices, ` +
        `unit reserved, events) per side, ${CONCURRENCY} concurrent, PostgreSQL, load average ${loadavg()[0].toFixed(1)}`,
    );
    console.log(
      `bare pg (${txs.length} transactions, ${writes} writes per booking) ${base.rate.toFixed(1)} bookings/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`,
    );
    console.log(
      `API, ${API_PROCESSES} processes (2 requests per booking)   ${api.rate.toFixed(1)} bookings/s, p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms`,
    );
    console.log(`ratio ${(ratio * 100).toFixed(0)} % (target ≥ 50 %) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);
  } finally {
    for (const c of children) {
      c.send({ stop: true });
      await new Promise((r) => c.once('exit', r));
    }
    await db.schema.dropSchema(schema).ifExists().cascade().execute();
    await lockyard.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchWrites();
