// The rental lifecycle on the operator clock at scale: TENANCIES tenancies booked (auto-reserved units, a card on
// file; one contact in FAILING_EVERY has a declining card) and driven through one simulated year in weekly clock
// moves: move-in, twelve monthly renewals invoiced and collected, dunning, overlock and access restriction.
// Baseline, same run: the bare job-claim rate (no-op jobs claimed, loaded and settled by the same runner).
// PGlite: one in-process runner (target: the year in < 60 s). PostgreSQL: WORKERS worker processes.
// Run: node --import tsx bench/lifecycle.ts [pglite|postgres]   (both when no argument; also part of npm run bench)
import { fork, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { createLockyard, type Lockyard } from '../src/main.ts';
import { seedDemo } from '../src/sandbox/seed/demo.ts';
import { withTransaction } from '../src/storage/database.ts';
import { staffPrincipal } from '../src/domain/context.ts';
import { newId } from '../src/kernel/ids.ts';
import { insertUnits } from '../src/storage/repos/units.repo.ts';
import { attachPaymentMethods } from '../src/storage/repos/payment-methods.repo.ts';
import { advanceOperatorClock } from '../src/storage/repos/operators.repo.ts';
import { notifyJobs, shiftOperatorJobs } from '../src/storage/repos/jobs.repo.ts';
import { JOBS_CHANNEL } from '../src/domain/jobs/job.ts';
import { benchRunner, NOOP_JOB, type Counted } from './lifecycle-jobs.ts';

const TENANCIES = Number(process.env.BENCH_LIFECYCLE_TENANCIES ?? 1000);
const NOOP_JOBS = Number(process.env.BENCH_LIFECYCLE_NOOP_JOBS ?? 5000);
const FAILING_EVERY = Number(process.env.BENCH_LIFECYCLE_FAILING_EVERY ?? 20);
const WORKERS = Number(process.env.BENCH_LIFECYCLE_WORKERS ?? 2);
const WEEKS = 53;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeded demo operator, TENANCIES fresh units of one monthly unit type, cards on file, the bookings. */
async function setup(lockyard: Lockyard) {
  const { db } = lockyard.database;
  const creds = await seedDemo({
    db,
    clock: lockyard.clock,
    tokens: lockyard.services.tokens,
    events: lockyard.services.events,
  });
  const operatorId = creds.operators[0].id;
  // Only the bench's own tenancies move: the seeded rentals' scheduled steps are dropped.
  await db.deleteFrom('jobs').where('kind', '=', 'lifecycle').execute();
  const ctx = await lockyard.services.contexts.contextFor(operatorId, staffPrincipal('stu_bench', 'staff_bench'));
  const page = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };
  const unitType = (await lockyard.services.unitTypes.list(ctx, page, {})).items.find((u) =>
    u.prices.some((p) => p.billingPeriod === 'monthly'),
  )!;
  const price = unitType.prices.find((p) => p.billingPeriod === 'monthly')!.amount;
  const now = ctx.now();
  await withTransaction(db, (tx) =>
    insertUnits(
      tx,
      Array.from({ length: TENANCIES }, (_, i) => ({
        id: newId('unit'),
        operatorId,
        siteId: unitType.siteId,
        unitTypeId: unitType.id,
        referenceId: `BENCH-${String(i).padStart(5, '0')}`,
        status: 'available' as const,
        unitAllocationId: null,
        createdAt: now,
        updatedAt: now,
      })),
    ),
  );
  const contacts = (await lockyard.services.contacts.list(ctx, page, {}, {})).items.map((c) => c.id);
  await withTransaction(db, (tx) =>
    attachPaymentMethods(
      tx,
      contacts.map((contactId, i) => ({
        id: newId('paymentMethod'),
        operatorId,
        contactId,
        brand: 'visa' as const,
        last4: i % FAILING_EVERY === FAILING_EVERY - 1 ? '0341' : '4242',
        behaviour: i % FAILING_EVERY === FAILING_EVERY - 1 ? ('fails' as const) : ('succeeds' as const),
        createdAt: now,
      })),
    ),
  );
  for (let start = 0; start < TENANCIES; start += 25) {
    await withTransaction(db, async (tx) => {
      for (let i = start; i < Math.min(start + 25, TENANCIES); i++) {
        await lockyard.services.billing.createBookingRecords(tx, ctx, {
          orderId: null,
          contactId: contacts[i % contacts.length],
          siteId: unitType.siteId,
          unitTypeId: unitType.id,
          startsAt: new Date(now.getTime() + (1 + (i % 28)) * DAY),
          billingPeriod: 'monthly',
          paymentMethod: 'card',
          couponId: null,
          contractTemplateId: null,
          purchaseOrderNumber: null,
          lines: [
            {
              lineItemId: newId('orderLineItem'),
              type: 'unit_type',
              itemId: unitType.id,
              name: unitType.name,
              chargeType: 'recurring',
              quantity: 1,
              unitAmount: price,
              discount: 0,
              tax: 0,
              total: price,
            },
          ],
        });
      }
    });
  }
  return { operatorId, offset: ctx.operator.clockOffsetMs, contacts: contacts.length };
}

/** PostgreSQL: what is due (or running) right now, across every worker. */
async function busy(lockyard: Lockyard): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM jobs
    WHERE kind IN ('lifecycle', ${NOOP_JOB}) AND ((state = 'pending' AND run_at <= ${lockyard.clock.now().toISOString()}::timestamptz) OR state = 'running')`.execute(
    lockyard.database.db,
  );
  return r.rows[0].n;
}

function forkWorker(schema: string): Promise<ChildProcess> {
  const child = fork(new URL('./lifecycle-worker.ts', import.meta.url).pathname, [PG_URL, schema], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<Counted> {
  const counted = new Promise<Counted>((r) => child.on('message', (m: any) => m.counted && r(m.counted)));
  child.send({ stop: true });
  const c = await counted;
  await new Promise((r) => child.once('exit', r));
  return c;
}

interface Result {
  label: string;
  setupS: number;
  bare: number;
  yearS: number;
  /** This process's CPU seconds during the year (the machine may be shared: wall time alone misleads). */
  cpuS: number;
  jobs: number;
  summary: string;
}

async function run(store: 'pglite' | 'postgres'): Promise<Result> {
  const schema = `bench_lifecycle_${process.pid}`;
  const lockyard = await createLockyard({
    database: store === 'postgres' ? { url: PG_URL, schema } : {},
    logLevel: false,
  });
  const { db } = lockyard.database;
  const counted: Counted = { lifecycle: 0, noop: 0 };
  const runner = benchRunner(lockyard, counted);
  let children: ChildProcess[] = [];
  try {
    const t0 = performance.now();
    const { operatorId, offset: start } = await setup(lockyard);
    const setupS = (performance.now() - t0) / 1000;
    if (store === 'postgres') children = await Promise.all(Array.from({ length: WORKERS }, () => forkWorker(schema)));

    /** Runs what is due: in process on PGlite; on PostgreSQL the workers do, and this waits for them. */
    const drain = async () => {
      if (store === 'pglite') {
        while ((await runner.runDue({ limit: 200 })) > 0);
        return;
      }
      await notifyJobs(db, JOBS_CHANNEL);
      while ((await busy(lockyard)) > 0) await sleep(5);
    };

    // Baseline: NOOP_JOBS bare jobs through the same runner(s).
    await withTransaction(db, (tx) =>
      lockyard.services.jobs.enqueue(
        tx,
        Array.from({ length: NOOP_JOBS }, () => ({
          kind: NOOP_JOB,
          runAt: new Date(lockyard.clock.now().getTime() - 1000),
        })),
      ),
    );
    const b0 = performance.now();
    await drain();
    const bare = NOOP_JOBS / ((performance.now() - b0) / 1000);

    // The year: the operator clock moves a week at a time; each move runs what fell due.
    const y0 = performance.now();
    const cpu0 = process.cpuUsage();
    let offset = start;
    for (let week = 1; week <= WEEKS; week++) {
      offset += 7 * DAY;
      await advanceOperatorClock(db, operatorId, offset);
      await withTransaction(db, (tx) => shiftOperatorJobs(tx, operatorId, offset));
      lockyard.services.contexts.forget(operatorId);
      await drain();
    }
    const yearS = (performance.now() - y0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    if (store === 'postgres') {
      for (const c of await Promise.all(children.map(stopWorker))) {
        counted.lifecycle += c.lifecycle;
        counted.noop += c.noop;
      }
      children = [];
    }

    const count = async (q: ReturnType<typeof sql<{ k: string; n: number }>>) =>
      (await q.execute(db)).rows.map((r) => `${r.k} ${r.n}`).join(', ');
    const summary = [
      `invoices: ${await count(sql`SELECT status AS k, count(*)::int AS n FROM invoices WHERE tenancy_id IN (SELECT ua.tenancy_id FROM unit_allocations ua JOIN units u ON u.id = ua.unit_id WHERE u.reference_id LIKE 'BENCH-%') GROUP BY status ORDER BY status`)}`,
      `bench units: ${await count(sql`SELECT status AS k, count(*)::int AS n FROM units WHERE reference_id LIKE 'BENCH-%' GROUP BY status ORDER BY status`)}`,
      `doors: ${await count(sql`SELECT state AS k, count(*)::int AS n FROM access_grants WHERE unit_id IN (SELECT id FROM units WHERE reference_id LIKE 'BENCH-%') GROUP BY state ORDER BY state`)}`,
      `failed jobs: ${(await count(sql`SELECT kind AS k, count(*)::int AS n FROM jobs WHERE state = 'failed' GROUP BY kind`)) || 'none'}`,
      ...(
        await sql<{
          e: string;
          n: number;
        }>`SELECT split_part(last_error, E'\n', 1) AS e, count(*)::int AS n FROM jobs WHERE state = 'failed' GROUP BY 1`.execute(
          db,
        )
      ).rows.map((r) => `  ${r.n} × ${r.e}`),
    ].join('\n  ');
    return {
      label: store === 'postgres' ? `postgres, ${WORKERS} worker processes` : 'pglite, in-process runner',
      setupS,
      bare,
      yearS,
      cpuS,
      jobs: counted.lifecycle,
      summary,
    };
  } finally {
    await Promise.all(children.map(stopWorker));
    if (store === 'postgres') await db.schema.dropSchema(schema).ifExists().cascade().execute();
    await lockyard.close();
  }
}

export async function benchLifecycle(stores: Array<'pglite' | 'postgres'> = ['pglite', 'postgres']) {
  console.log(
    `\nLifecycle: ${TENANCIES} tenancies (monthly, 1 contact in ${FAILING_EVERY} with a declining card) through one simulated year, ${WEEKS} weekly clock moves`,
  );
  for (const store of stores) {
    const r = await run(store);
    const rate = r.jobs / r.yearS;
    console.log(
      `${r.label.padEnd(34)} setup ${r.setupS.toFixed(1)} s | year ${r.yearS.toFixed(1)} s (main process CPU ${r.cpuS.toFixed(1)} s), ${r.jobs} lifecycle jobs, ` +
        `${rate.toFixed(0)} jobs/s vs bare claim ${r.bare.toFixed(0)} jobs/s (${((rate / r.bare) * 100).toFixed(0)} %)`,
    );
    console.log(`  ${r.summary}`);
    if (store === 'pglite')
      console.log(
        `  target: the year in < 60 s on PGlite: ${r.yearS < 60 ? 'MET' : 'NOT MET'} (${r.yearS.toFixed(1)} s)`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv[2];
  await benchLifecycle(arg === 'pglite' || arg === 'postgres' ? [arg] : undefined);
}
