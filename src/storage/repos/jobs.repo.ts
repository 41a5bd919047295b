import { sql } from 'kysely';
import type { ClaimedJob, NewJob } from '../../domain/jobs/job.ts';
import { newId } from '../../kernel/ids.ts';
import type { Handle, Tx } from '../database.ts';
import { memoInTx } from '../tx-memo.ts';

const iso = (d: Date) => d.toISOString();

export async function insertJobs(tx: Tx, jobs: NewJob[], createdAt: Date): Promise<void> {
  if (!jobs.length) return;
  await tx
    .insertInto('jobs')
    .values(
      jobs.map((j) => ({
        id: j.id ?? newId('job'),
        kind: j.kind,
        operator_id: j.operatorId ?? null,
        group_key: j.groupKey ?? null,
        payload: JSON.stringify(j.payload ?? {}),
        state: 'pending',
        run_at: j.runAt,
        clock_offset_ms: Math.round(j.clockOffsetMs ?? 0),
        created_at: createdAt,
      })),
    )
    .execute();
}

/** Inserts a job with a fixed id unless it already exists (recurring maintenance jobs). */
export async function ensureJob(tx: Tx, job: NewJob & { id: string }, createdAt: Date): Promise<void> {
  await tx
    .insertInto('jobs')
    .values({
      id: job.id,
      kind: job.kind,
      operator_id: job.operatorId ?? null,
      group_key: job.groupKey ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      state: 'pending',
      run_at: job.runAt,
      clock_offset_ms: 0,
      created_at: createdAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * A read-only probe before claiming: an idle worker's poll then never writes (and so never
 * counts as a data change for the response cache, which watches every write).
 */
export async function hasDueJobs(tx: Handle, now: Date, kinds: string[], operatorId?: string): Promise<boolean> {
  const operatorFilter = operatorId ? sql`AND operator_id = ${operatorId}` : sql``;
  const res = await sql<{ due: boolean }>`
    SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'pending' AND run_at <= ${iso(now)}::timestamptz
      AND kind = ANY(${kinds}::text[]) ${operatorFilter}) AS due`.execute(tx);
  return Boolean(res.rows[0]?.due);
}

/** Whether another worker holds a live lease on one of the operator's jobs (a clock move waits for those). */
export async function hasRunningJobs(tx: Handle, now: Date, operatorId: string): Promise<boolean> {
  const res = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'running' AND operator_id = ${operatorId}
      AND locked_until >= ${iso(now)}::timestamptz) AS any`.execute(tx);
  return Boolean(res.rows[0]?.any);
}

export async function hasExpiredLeases(tx: Handle, now: Date): Promise<boolean> {
  const res = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'running' AND locked_until < ${iso(now)}::timestamptz) AS any`.execute(
    tx,
  );
  return Boolean(res.rows[0]?.any);
}

/**
 * Claims up to `limit` due jobs for one lease. SKIP LOCKED lets any number of workers claim
 * concurrently without ever handing the same job to two of them.
 */
export async function claimJobs(
  tx: Handle,
  opts: { now: Date; limit: number; kinds: string[]; leaseToken: string; lockedUntil: Date; operatorId?: string },
): Promise<ClaimedJob[]> {
  const operatorFilter = opts.operatorId ? sql`AND operator_id = ${opts.operatorId}` : sql``;
  const res = await sql<any>`
    WITH picked AS (
      SELECT id FROM jobs
      WHERE state = 'pending' AND run_at <= ${iso(opts.now)}::timestamptz AND kind = ANY(${opts.kinds}::text[]) ${operatorFilter}
      ORDER BY run_at
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs j
    SET state = 'running', lease_token = ${opts.leaseToken}, locked_until = ${iso(opts.lockedUntil)}::timestamptz, attempts = j.attempts + 1
    FROM picked
    WHERE j.id = picked.id
    RETURNING j.id, j.kind, j.operator_id, j.group_key, j.payload, j.attempts,
      (SELECT o.clock_offset_ms FROM operators o WHERE o.id = j.operator_id) AS operator_offset_ms`.execute(tx);
  return res.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    operatorId: r.operator_id,
    groupKey: r.group_key,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    attempts: r.attempts,
    operatorOffsetMs: Number(r.operator_offset_ms ?? 0),
  }));
}

/** Leases that ran out (a killed or stuck worker) make their jobs claimable again. */
export async function reclaimExpired(tx: Handle, now: Date): Promise<number> {
  const res = await sql`
    UPDATE jobs SET state = 'pending', lease_token = NULL, locked_until = NULL
    WHERE state = 'running' AND locked_until < ${iso(now)}::timestamptz`.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

/** Locks the given jobs and returns the ids this lease still holds (a lost lease is never settled). */
export async function lockHeld(tx: Tx, held: Array<{ id: string; leaseToken: string }>): Promise<Set<string>> {
  if (!held.length) return new Set();
  const tokens = new Map(held.map((h) => [h.id, h.leaseToken]));
  const rows = await sql<{ id: string; lease_token: string | null; state: string }>`
    SELECT id, lease_token, state FROM jobs WHERE id = ANY(${[...tokens.keys()]}::text[]) ORDER BY id FOR UPDATE`.execute(
    tx,
  );
  return new Set(rows.rows.filter((r) => r.state === 'running' && r.lease_token === tokens.get(r.id)).map((r) => r.id));
}

export async function deleteJobs(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length) await sql`DELETE FROM jobs WHERE id = ANY(${ids}::text[])`.execute(tx);
}

/** Puts jobs back in the queue at new due times; the offset is the operator's current one. */
export async function rescheduleJobs(
  tx: Tx,
  items: Array<{ id: string; runAt: Date; error?: string | null }>,
): Promise<void> {
  if (!items.length) return;
  await sql`
    UPDATE jobs j
    SET state = 'pending', lease_token = NULL, locked_until = NULL, run_at = v.run_at, last_error = v.error,
      clock_offset_ms = COALESCE((SELECT o.clock_offset_ms FROM operators o WHERE o.id = j.operator_id), 0)
    FROM unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => iso(i.runAt))}::timestamptz[], ${items.map((i) => i.error ?? null)}::text[])
      AS v(id, run_at, error)
    WHERE j.id = v.id`.execute(tx);
}

export async function failJobs(tx: Tx, items: Array<{ id: string; error: string }>): Promise<void> {
  if (!items.length) return;
  await sql`
    UPDATE jobs j SET state = 'failed', lease_token = NULL, locked_until = NULL, last_error = v.error
    FROM unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => i.error)}::text[]) AS v(id, error)
    WHERE j.id = v.id`.execute(tx);
}

/** Gives jobs back unchanged (worker shutdown): claimable again at once, the claim not counted. */
export async function releaseJobs(tx: Tx, held: Array<{ id: string; leaseToken: string }>): Promise<void> {
  if (!held.length) return;
  await sql`
    UPDATE jobs j SET state = 'pending', lease_token = NULL, locked_until = NULL, attempts = j.attempts - 1
    FROM unnest(${held.map((h) => h.id)}::text[], ${held.map((h) => h.leaseToken)}::text[]) AS v(id, token)
    WHERE j.id = v.id AND j.lease_token = v.token AND j.state = 'running'`.execute(tx);
}

/**
 * Extends the leases this worker still holds (a run longer than a lease: the worker is alive, so no other may
 * claim the job). A lease already lost is left alone; returns how many were extended.
 */
export async function renewLeases(
  h: Handle,
  held: Array<{ id: string; leaseToken: string }>,
  lockedUntil: Date,
): Promise<number> {
  if (!held.length) return 0;
  const res = await sql`
    UPDATE jobs j SET locked_until = ${iso(lockedUntil)}::timestamptz
    FROM unnest(${held.map((h) => h.id)}::text[], ${held.map((h) => h.leaseToken)}::text[]) AS v(id, token)
    WHERE j.id = v.id AND j.lease_token = v.token AND j.state = 'running'`.execute(h);
  return Number(res.numAffectedRows ?? 0);
}

/** Removes the pending jobs of a group (e.g. a disabled webhook endpoint's deliveries). */
export async function cancelGroup(tx: Tx, groupKey: string): Promise<number> {
  const res = await sql`DELETE FROM jobs WHERE group_key = ${groupKey} AND state = 'pending'`.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

/**
 * The operator's sandbox clock moved to `offsetMs`: due times set in operator time come closer
 * by however far the clock moved since each job was scheduled.
 */
export async function shiftOperatorJobs(tx: Tx, operatorId: string, offsetMs: number): Promise<void> {
  await sql`
    UPDATE jobs
    SET run_at = run_at - ((${Math.round(offsetMs)}::bigint - clock_offset_ms) * interval '1 millisecond'), clock_offset_ms = ${Math.round(offsetMs)}::bigint
    WHERE operator_id = ${operatorId} AND state = 'pending' AND clock_offset_ms < ${Math.round(offsetMs)}::bigint`.execute(
    tx,
  );
}

/**
 * Wakes workers when the transaction commits. PostgreSQL folds identical notifications of one transaction into one,
 * so inside a transaction only the first is sent (a step that enqueues three jobs costs one NOTIFY, not three).
 */
export async function notifyJobs(tx: Handle, channel: string): Promise<void> {
  await memoInTx(tx, `notify:${channel}`, () => sql.raw(`NOTIFY ${channel}`).execute(tx));
}

export async function countJobs(tx: Handle, filter: { kind?: string; state?: string } = {}): Promise<number> {
  let qb = tx.selectFrom('jobs').select(sql<number>`count(*)`.as('n'));
  if (filter.kind) qb = qb.where('kind', '=', filter.kind);
  if (filter.state) qb = qb.where('state', '=', filter.state);
  return Number((await qb.executeTakeFirst())?.n ?? 0);
}

/** A pending job as the sandbox clock's preview lists it: when it falls due on the operator's clock. */
export interface DueJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** Operator time: `run_at` plus the offset it was scheduled (or last shifted) with. */
  dueAt: Date;
}

/** An operator's pending jobs of `kinds` falling due by `until` (operator time), earliest first. */
export async function pendingJobsDueBy(
  tx: Handle,
  operatorId: string,
  kinds: string[],
  until: Date,
  limit: number,
): Promise<DueJob[]> {
  const due = sql<Date>`run_at + clock_offset_ms * interval '1 millisecond'`;
  const rows = await tx
    .selectFrom('jobs')
    .select(['id', 'kind', 'payload', due.as('due_at')])
    .where('operator_id', '=', operatorId)
    .where('state', '=', 'pending')
    .where('kind', 'in', kinds)
    .where(due, '<=', until)
    .orderBy(due)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    dueAt: new Date(r.due_at),
  }));
}
