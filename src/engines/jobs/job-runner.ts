import { randomBytes } from 'node:crypto';
import { operatorTime, type Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/jobs.repo.ts';
import { systemPrincipal, type OperatorContext } from '../../domain/context.ts';
import type { ContextsService } from '../../domain/operators/contexts.service.ts';
import {
  JOBS_CHANNEL,
  type Job,
  type JobHandler,
  type JobOutcome,
  type RecurringJob,
  type Settled,
} from '../../domain/jobs/job.ts';

export interface WorkerOptions {
  /** Poll fallback when no NOTIFY arrives (and how often expired leases are looked for). */
  pollMs?: number;
  /** How long a claim is held before it must be renewed; the worker renews its running jobs' leases every third of it. */
  leaseMs?: number;
  /** Jobs run at once by this worker: one slow endpoint occupies one slot, not the worker. */
  concurrency?: number;
  /** Most jobs claimed in one statement. */
  batchSize?: number;
  /** Wake-up subscription (database.listen). Without it the worker only polls. */
  /** How long finished results wait to be settled together. */
  settleDelayMs?: number;
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  onError?: (err: unknown) => void;
}

interface Running {
  job: Job;
  leaseToken: string;
  handler: JobHandler;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface JobRunnerDeps {
  db: Db;
  /** Real time: leases, polling and due times (stored in real time, shifted when an operator's clock moves). */
  clock: Clock;
  /** Each job's operator context comes from here, as every entry point's does. */
  contexts: ContextsService;
  /** Every kind of job this process runs, listed where the platform is wired (main.ts). */
  handlers: JobHandler[];
  /** Maintenance jobs ensured when a worker starts. */
  recurring?: RecurringJob[];
}

/**
 * Runs jobs: claim (FOR UPDATE SKIP LOCKED, with a lease) → load per batch → run with bounded
 * concurrency outside transactions → settle finished results in batched transactions.
 */
export function createJobRunner({ db, clock, contexts, handlers, recurring = [] }: JobRunnerDeps) {
  const kinds = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (kinds.has(h.kind)) throw new Error(`job kind ${h.kind} has two handlers`);
    kinds.set(h.kind, h);
  }
  for (const r of recurring)
    if (!kinds.has(r.kind)) throw new Error(`recurring job ${r.id} has no handler for ${r.kind}`);

  /** What a handler gets with each job: operator time from the claim, and the operator's context on demand. */
  function withContexts(claimed: Awaited<ReturnType<typeof repo.claimJobs>>): Job[] {
    const byOperator = new Map<string, Promise<OperatorContext | null>>();
    const ctxOf = (operatorId: string) => {
      if (!byOperator.has(operatorId))
        byOperator.set(operatorId, contexts.contextFor(operatorId, systemPrincipal('jobs')));
      return byOperator.get(operatorId)!;
    };
    return claimed.map((j) => ({
      ...j,
      operatorNow: operatorTime(clock, j.operatorOffsetMs),
      context: async () => (j.operatorId ? ctxOf(j.operatorId) : null),
    }));
  }

  async function claim(limit: number, leaseMs: number, operatorId?: string): Promise<Running[]> {
    if (!kinds.size || limit <= 0) return [];
    const now = clock.now();
    if (!(await repo.hasDueJobs(db, now, [...kinds.keys()], operatorId))) return [];
    const leaseToken = randomBytes(8).toString('hex');
    const claimed = await repo.claimJobs(db, {
      now,
      limit,
      kinds: [...kinds.keys()],
      leaseToken,
      lockedUntil: new Date(now.getTime() + leaseMs),
      operatorId,
    });
    const jobs = withContexts(claimed);
    return jobs.map((job) => ({ job, leaseToken, handler: kinds.get(job.kind)! }));
  }

  /** Loads each kind's batch; yields [running, loaded] pairs and drops jobs with nothing to do. */
  async function load(batch: Running[]): Promise<{ ready: Array<[Running, unknown]>; gone: Running[] }> {
    const ready: Array<[Running, unknown]> = [];
    const gone: Running[] = [];
    const groups = new Map<JobHandler, Running[]>();
    for (const r of batch) groups.set(r.handler, [...(groups.get(r.handler) ?? []), r]);
    for (const [handler, rs] of groups) {
      const loaded = await handler.load(
        db,
        rs.map((r) => r.job),
      );
      for (const r of rs) {
        if (loaded.has(r.job.id)) ready.push([r, loaded.get(r.job.id)]);
        else gone.push(r);
      }
    }
    return { ready, gone };
  }

  type Finished = { running: Running; loaded: unknown; result: unknown };

  /**
   * Writes results and job outcomes, only for jobs whose lease still holds: in one transaction, or in several when
   * a kind asks for smaller ones (`settleChunk`).
   */
  async function settle(items: Finished[], gone: Running[] = []) {
    const chunked = items.filter((i) => i.running.handler.settleChunk);
    const whole = items.filter((i) => !i.running.handler.settleChunk);
    if (whole.length || gone.length) await settleTogether(whole, gone);
    for (let i = 0; i < chunked.length;) {
      const size = chunked[i].running.handler.settleChunk!;
      await settleTogether(chunked.slice(i, i + size));
      i += size;
    }
  }

  async function settleTogether(items: Finished[], gone: Running[] = []) {
    if (!items.length && !gone.length) return;
    await withTransaction(db, async (tx) => {
      const held = await repo.lockHeld(
        tx,
        [...items.map((i) => i.running), ...gone].map((r) => ({ id: r.job.id, leaseToken: r.leaseToken })),
      );
      const outcomes = new Map<string, JobOutcome>();
      for (const r of gone) if (held.has(r.job.id)) outcomes.set(r.job.id, { type: 'done' });
      const groups = new Map<JobHandler, Settled<unknown, unknown>[]>();
      for (const i of items) {
        if (!held.has(i.running.job.id)) continue;
        groups.set(i.running.handler, [
          ...(groups.get(i.running.handler) ?? []),
          { job: i.running.job, loaded: i.loaded, result: i.result },
        ]);
      }
      for (const [handler, settled] of groups) {
        const res = await handler.settle(tx, settled);
        for (const s of settled) outcomes.set(s.job.id, res.get(s.job.id) ?? { type: 'done' });
      }
      const done: string[] = [];
      const retry: Array<{ id: string; runAt: Date; error?: string }> = [];
      const failed: Array<{ id: string; error: string }> = [];
      for (const [id, o] of outcomes) {
        if (o.type === 'done') done.push(id);
        else if (o.type === 'retry') retry.push({ id, runAt: o.runAt, error: o.error });
        else failed.push({ id, error: o.error });
      }
      await repo.deleteJobs(tx, done);
      await repo.rescheduleJobs(tx, retry);
      await repo.failJobs(tx, failed);
      if (retry.length) await repo.notifyJobs(tx, JOBS_CHANNEL);
    });
  }

  async function runOne(r: Running, loaded: unknown, signal: AbortSignal): Promise<unknown> {
    return r.handler.run(r.job, loaded, signal);
  }

  /**
   * Runs every job due now (optionally one operator's) and waits for the results: the sandbox
   * clock calls this after moving time, so due retries happen before the response.
   */
  async function runDue(opts: { operatorId?: string; leaseMs?: number; limit?: number } = {}): Promise<number> {
    const leaseMs = opts.leaseMs ?? 60_000;
    let total = 0;
    // Until nothing is due: a clock moved a year ahead runs every step that fell due, successors included (a
    // renewal's next renewal is due at once when it is behind the clock). Each round claims the earliest due,
    // so steps run in due order across rounds; every chain ends once its next step is ahead of the clock. The cap
    // only stops a handler that re-queues itself at once forever.
    for (let round = 0; round < 10_000; round++) {
      const batch = await claim(opts.limit ?? 100, leaseMs, opts.operatorId);
      if (!batch.length) break;
      total += batch.length;
      const { ready, gone } = await load(batch);
      const signal = new AbortController().signal;
      const items = await Promise.all(
        ready.map(async ([running, loaded]) => ({ running, loaded, result: await runOne(running, loaded, signal) })),
      );
      await settle(items, gone);
    }
    return total;
  }

  return {
    runDue,

    /** An operator's clock moved: its pending jobs fall due in operator time, and what is due runs now. */
    async catchUp(ctx: OperatorContext, waitMs = 10_000): Promise<void> {
      await withTransaction(db, (tx) => repo.shiftOperatorJobs(tx, ctx.operator.id, ctx.operator.clockOffsetMs));
      await runDue({ operatorId: ctx.operator.id });
      // A background worker may have claimed some of them first: the move answers once those settled too (and
      // whatever they made due has run), so what the clock passed has happened when the caller looks.
      // Counted in rounds, not clock reads: a test's manual clock does not move while it waits. A job such a
      // worker settles may enqueue one due at once (a collection's add-on charge): the last round finds none.
      for (let round = 0; round < waitMs / 20; round++) {
        const running = await repo.hasRunningJobs(db, clock.now(), ctx.operator.id);
        if (running) await sleep(20);
        if (!(await runDue({ operatorId: ctx.operator.id })) && !running) break;
      }
    },

    /** A long-running worker: a background task for `lockyard.start()`. */
    worker(opts: WorkerOptions = {}) {
      const pollMs = opts.pollMs ?? 1000;
      const leaseMs = opts.leaseMs ?? 60_000;
      const concurrency = opts.concurrency ?? 64;
      const batchSize = opts.batchSize ?? 100;
      const settleDelayMs = opts.settleDelayMs ?? 5;
      const onError =
        opts.onError ?? ((err: unknown) => process.stderr.write(`jobs worker: ${(err as Error)?.stack ?? err}\n`));
      let stopped = true;
      let loop: Promise<void> | undefined;
      let unlisten: (() => Promise<void>) | undefined;
      let wake: (() => void) | undefined;
      let woken = false;
      const inflight = new Set<Promise<void>>();
      const running = new Map<string, Running>();
      let abort = new AbortController();
      let buffer: Finished[] = [];
      let flushing: Promise<void> | undefined;

      const poke = () => {
        woken = true;
        wake?.();
      };
      const waitForWake = (ms: number) =>
        new Promise<void>((resolve) => {
          if (woken) return resolve();
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });

      const flush = (): Promise<void> => {
        if (flushing) return flushing;
        flushing = (async () => {
          while (buffer.length) {
            // A few milliseconds' wait lets results pile up: one transaction settles many.
            if (buffer.length < batchSize / 2 && !stopped) await sleep(settleDelayMs);
            const items = buffer;
            buffer = [];
            try {
              await settle(items);
            } catch (err) {
              // Unsettled jobs keep their lease and are retried after it expires: at-least-once.
              onError(err);
            } finally {
              for (const i of items) running.delete(i.running.job.id);
            }
          }
        })().finally(() => {
          flushing = undefined;
          poke(); // settled jobs free their slots: claim more now, not at the next poll
        });
        return flushing;
      };

      const dispatch = (batch: Running[]) => {
        for (const r of batch) running.set(r.job.id, r);
        const task = (async () => {
          const { ready, gone } = await load(batch);
          if (gone.length) await settle([], gone);
          for (const r of gone) running.delete(r.job.id);
          await Promise.all(
            ready.map(async ([r, loaded]) => {
              let result: unknown;
              try {
                result = await runOne(r, loaded, abort.signal);
              } catch (err) {
                if (abort.signal.aborted) return; // stopping: handed back in stop(), not settled
                onError(err);
                running.delete(r.job.id);
                return; // the lease runs out and the job is tried again
              }
              buffer.push({ running: r, loaded, result });
              void flush();
            }),
          );
        })()
          .catch(onError)
          .finally(() => {
            inflight.delete(task);
            poke();
          });
        inflight.add(task);
      };

      const activeJobs = () => running.size;

      /**
       * A job still running when a third of its lease is gone gets a fresh lease: a handler whose run outlives the
       * lease (a slow add-on endpoint, a large export) keeps its job instead of another worker running it twice.
       * A worker that dies stops renewing, and its jobs fall due again when the last lease runs out.
       */
      let lastRenewal = 0;
      async function renewLeases(t: number) {
        if (t - lastRenewal < leaseMs / 3 || !running.size) return;
        lastRenewal = t;
        await repo.renewLeases(
          db,
          [...running.values()].map((r) => ({ id: r.job.id, leaseToken: r.leaseToken })),
          new Date(t + leaseMs),
        );
      }

      async function mainLoop() {
        let lastReclaim = 0;
        while (!stopped) {
          woken = false;
          try {
            const t = clock.now().getTime();
            await renewLeases(t);
            if (t - lastReclaim >= pollMs) {
              lastReclaim = t;
              if (await repo.hasExpiredLeases(db, clock.now())) await repo.reclaimExpired(db, clock.now());
            }
            const free = concurrency - activeJobs();
            if (free > 0) {
              const batch = await claim(Math.min(free, batchSize), leaseMs);
              if (batch.length) {
                dispatch(batch);
                if (batch.length === Math.min(free, batchSize)) continue; // more may be due
              }
            }
          } catch (err) {
            onError(err);
          }
          if (!stopped) await waitForWake(pollMs);
        }
      }

      return {
        name: 'jobs',
        async start() {
          if (!stopped) return;
          const now = clock.now();
          await withTransaction(db, async (tx) => {
            for (const r of recurring) await repo.ensureJob(tx, { ...r, runAt: now }, now);
          });
          stopped = false;
          abort = new AbortController();
          if (opts.listen) {
            try {
              unlisten = await opts.listen(JOBS_CHANNEL, poke);
            } catch (err) {
              onError(err); // polling still works
            }
          }
          loop = mainLoop();
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          poke();
          await loop;
          // In-flight runs are abandoned and handed back, so a restart picks them up at once.
          abort.abort();
          await Promise.allSettled([...inflight]);
          await flush();
          const left = [...running.values()].map((r) => ({ id: r.job.id, leaseToken: r.leaseToken }));
          running.clear();
          if (left.length) await withTransaction(db, (tx) => repo.releaseJobs(tx, left)).catch(onError);
          await unlisten?.();
          unlisten = undefined;
        },
        /** Wakes the loop now (tests; the in-process path when NOTIFY is not available). */
        poke,
        /** Resolves when nothing is claimed or running (tests and benchmarks). */
        async idle(timeoutMs = 10_000) {
          const started = clock.now().getTime();
          while (activeJobs() || inflight.size || flushing) {
            if (clock.now().getTime() - started > timeoutMs) throw new Error('jobs worker did not go idle');
            await sleep(10);
          }
        },
      };
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
export type JobWorker = ReturnType<JobRunner['worker']>;
