// Webhook delivery: N events fanned out to ENDPOINTS local endpoints, delivered by the job queue's workers.
// Throughput: events queued first, then workers started; first to last acknowledged delivery.
// Latency: events emitted at a steady rate while workers run; commit → receipt at the receiver.
// Baseline, same run: the same signed POSTs sent straight from a loop with the same concurrency (no queue).
// Target: ≥ 2,000 deliveries/s on PostgreSQL with 2 workers.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createLockyard, type Lockyard } from '../src/main.ts';
import { seedDemo } from '../src/sandbox/seed/demo.ts';
import { withTransaction } from '../src/storage/database.ts';
import { staffPrincipal, type OperatorContext } from '../src/domain/context.ts';
import type { UnitType } from '../src/domain/catalogue/unit-type.ts';
import { signatureHeader } from '../src/domain/webhooks/signature.ts';
import { postWebhook, USER_AGENT } from '../src/engines/webhooks/webhook-sender.ts';
import { addressPolicy } from '../src/kernel/net/address-guard.ts';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
const ENDPOINTS = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 64);
const LATENCY_EVENTS = Number(process.env.BENCH_WEBHOOK_LATENCY_EVENTS ?? 300);
const LATENCY_RATE = Number(process.env.BENCH_WEBHOOK_LATENCY_RATE ?? 150); // events/s
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The local receiver: counts deliveries and notes when each event's first delivery arrived. */
async function receiver() {
  const firstSeen = new Map<string, number>();
  let count = 0;
  let first = 0;
  let last = 0;
  let waiter: { target: number; resolve: () => void } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const id = /"id":"(evt_[0-9a-f]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
      if (id && !firstSeen.has(id)) firstSeen.set(id, at);
      if (count === 0) first = at;
      last = at;
      count++;
      res.writeHead(200).end('ok');
      if (waiter && count >= waiter.target) waiter.resolve();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    firstSeen,
    get count() {
      return count;
    },
    /** Deliveries per second between the first and the last arrival (worker start-up excluded). */
    rate() {
      return (count - 1) / ((last - first) / 1000);
    },
    reset() {
      count = 0;
      firstSeen.clear();
    },
    until(target: number, timeoutMs = 300_000) {
      if (count >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${count}/${target} deliveries arrived`)), timeoutMs);
        waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
      });
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

type Receiver = Awaited<ReturnType<typeof receiver>>;

async function setup(lockyard: Lockyard, url: string) {
  const creds = await seedDemo({
    db: lockyard.database.db,
    clock: lockyard.clock,
    tokens: lockyard.services.tokens,
    events: lockyard.services.events,
  });
  const ctx = await lockyard.services.contexts.contextFor(
    creds.operators[0].id,
    staffPrincipal('stu_bench', 'staff_bench'),
  );
  for (let i = 0; i < ENDPOINTS; i++) {
    await lockyard.services.webhookEndpoints.create(
      ctx,
      { name: `bench ${i}`, api_version: '2025-09', url, event_types: ['unit_type.updated'] },
      { sandbox: true },
    );
  }
  const unitType = (
    await lockyard.services.unitTypes.list(ctx, { page: 1, limit: 1, sortBy: 'created_at', direction: 'desc' }, {})
  ).items[0];
  return { ctx, unitType };
}

/** Emits `n` events, `parallel` transactions at a time; returns each event's commit time. */
async function emit(
  lockyard: Lockyard,
  ctx: OperatorContext,
  unitType: UnitType,
  n: number,
  parallel: number,
  ratePerSec?: number,
) {
  const committed = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        if (ratePerSec) {
          const due = started + (i * 1000) / ratePerSec;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const row = await withTransaction(lockyard.database.db, (tx) =>
          lockyard.services.events.emit(tx, ctx, 'unit_type.updated', unitType),
        );
        committed.set(row.id, performance.now());
      }
    }),
  );
  return committed;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function latencies(committed: Map<string, number>, rx: Receiver) {
  const l = [...committed]
    .map(([id, at]) => (rx.firstSeen.get(id) ?? NaN) - at)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return { p50: percentile(l, 50), p99: percentile(l, 99) };
}

const SANDBOX_GUARD = { policy: addressPolicy({ sandbox: true }) };

/** The baseline: the same signed POSTs sent directly, CONCURRENCY at a time (what the queue adds is the rest). */
async function baseline(rx: Receiver, total: number) {
  const body = JSON.stringify({
    event: {
      id: 'evt_baseline',
      type: 'unit_type.updated',
      data: { unit_type: { id: 'utype_x', name: 'x'.repeat(1500) } },
    },
  });
  const secret = randomBytes(32).toString('hex');
  rx.reset();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < total) {
        await postWebhook({
          url: rx.url,
          body,
          timeoutMs: 20_000,
          guard: SANDBOX_GUARD,
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': USER_AGENT,
            'X-Stora-Signature': signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
            'X-Stora-Request-Id': randomBytes(16).toString('hex'),
          },
        });
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function forkWorker(schema: string): Promise<ChildProcess> {
  const child = fork(new URL('./webhooks-worker.ts', import.meta.url).pathname, [PG_URL, schema, String(CONCURRENCY)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

async function stopWorker(child: ChildProcess) {
  child.send({ stop: true });
  await new Promise((r) => child.once('exit', r));
}

interface Row {
  label: string;
  rate: number;
  p50: number;
  p99: number;
}

async function run(store: 'pglite' | 'postgres', workers: number, rx: Receiver): Promise<Row> {
  const schema = `bench_webhooks_${process.pid}_${workers}`;
  const lockyard = await createLockyard({
    database: store === 'postgres' ? { url: PG_URL, schema } : {},
    logLevel: false,
  });
  lockyard.engines.delivery.timeoutMs = 20_000;
  try {
    const { ctx, unitType } = await setup(lockyard, rx.url);
    const startWorkers = async () => {
      if (store === 'pglite') {
        const w = lockyard.engines.jobs.worker({
          listen: lockyard.database.listen,
          pollMs: 200,
          concurrency: CONCURRENCY,
        });
        await w.start();
        return async () => w.stop();
      }
      const children = await Promise.all(Array.from({ length: workers }, () => forkWorker(schema)));
      return async () => void (await Promise.all(children.map(stopWorker)));
    };

    // Throughput: a backlog of EVENTS × ENDPOINTS deliveries, drained by the workers.
    await emit(lockyard, ctx, unitType, EVENTS, store === 'postgres' ? 8 : 1);
    rx.reset();
    const total = EVENTS * ENDPOINTS;
    const stop = await startWorkers();
    await rx.until(total);
    const rate = rx.rate();

    // Latency: a steady stream while the workers run.
    rx.reset();
    const committed = await emit(lockyard, ctx, unitType, LATENCY_EVENTS, 4, LATENCY_RATE);
    await rx.until(LATENCY_EVENTS * ENDPOINTS);
    const { p50, p99 } = latencies(committed, rx);
    await stop();
    return {
      label: `${store.padEnd(8)} ${store === 'postgres' ? `${workers} worker process${workers > 1 ? 'es' : ''}` : 'in-process worker'}`,
      rate,
      p50,
      p99,
    };
  } finally {
    if (store === 'postgres') await lockyard.database.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await lockyard.close();
  }
}

export async function benchWebhooks() {
  const rx = await receiver();
  try {
    const base = await baseline(rx, EVENTS * ENDPOINTS);
    const rows: Row[] = [];
    rows.push(await run('pglite', 1, rx));
    rows.push(await run('postgres', 1, rx));
    rows.push(await run('postgres', 2, rx));
    console.log(
      `\nWebhooks: ${EVENTS} events × ${ENDPOINTS} endpoints = ${EVENTS * ENDPOINTS} deliveries (backlog drained), then ` +
        `${LATENCY_EVENTS} events at ${LATENCY_RATE}/s for latency; ${CONCURRENCY} concurrent deliveries per worker`,
    );
    console.log(`baseline: direct signed POSTs, no queue      ${base.toFixed(0).padStart(6)} deliveries/s`);
    for (const r of rows) {
      console.log(
        `${r.label.padEnd(34)} ${r.rate.toFixed(0).padStart(6)} deliveries/s (${((r.rate / base) * 100).toFixed(0).padStart(3)} % of baseline) | ` +
          `event→delivery p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms`,
      );
    }
    const pg2 = rows[2];
    console.log(
      `target ≥ 2,000 deliveries/s on PostgreSQL with 2 workers: ${pg2.rate >= 2000 ? 'MET' : 'NOT MET'} (${pg2.rate.toFixed(0)})`,
    );
  } finally {
    await rx.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchWebhooks();
