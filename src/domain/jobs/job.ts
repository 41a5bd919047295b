import type { Db, Tx } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';

/** A job row as a claim returns it. */
export interface ClaimedJob {
  id: string;
  kind: string;
  operatorId: string | null;
  groupKey: string | null;
  payload: Record<string, unknown>;
  /** Claims so far, this one included. */
  attempts: number;
  /** The operator's sandbox clock offset (0 without an operator), read from storage by the claim itself. */
  operatorOffsetMs: number;
}

/** A claimed job, as a handler sees it. */
export interface Job extends ClaimedJob {
  /** The operator's time, from the offset the claim read: for stamping what a run writes. */
  operatorNow(): Date;
  /**
   * The operator's full context for calling domain services, acting as the `jobs` system principal, built by
   * contexts.contextFor on first use (handlers that only need time do not pay for it); null without an operator.
   */
  context(): Promise<OperatorContext | null>;
}

export interface NewJob {
  kind: string;
  operatorId?: string | null;
  groupKey?: string | null;
  payload?: Record<string, unknown>;
  /** Machine time at which it is due. */
  runAt: Date;
  /** The operator clock offset `runAt` was computed with (sandbox clock moves shift it). */
  clockOffsetMs?: number;
  id?: string;
}

/** What happens to a job once its result is settled. */
export type JobOutcome =
  { type: 'done' } | { type: 'retry'; runAt: Date; error?: string } | { type: 'failed'; error: string };

export interface Settled<L, R> {
  job: Job;
  loaded: L;
  result: R;
}

/** A job created when a worker starts unless it exists; its handler keeps it going by answering `retry`. */
export interface RecurringJob {
  id: string;
  kind: string;
}

/**
 * One kind of background work. The slow part (`run`) happens outside any transaction;
 * `settle` writes the results of a whole batch, and the job updates, in one transaction.
 */
export interface JobHandler<L = any, R = any> {
  kind: string;
  /** Loads what a batch needs in one go; a job absent from the map is dropped as done. */
  load(db: Db, jobs: Job[]): Promise<Map<string, L>>;
  /** The work itself. No database access; must honour `signal` (worker shutdown). */
  run(job: Job, loaded: L, signal: AbortSignal): Promise<R>;
  settle(tx: Tx, items: Settled<L, R>[]): Promise<Map<string, JobOutcome>>;
  /**
   * Most jobs of this kind settled in one transaction (default: the whole batch). A kind whose settle takes a lock
   * other workers need until commit (the lifecycle's invoice numbers) settles in small transactions, so the lock
   * is held for one job, not for a hundred.
   */
  settleChunk?: number;
}

/** The NOTIFY channel that wakes workers. */
export const JOBS_CHANNEL = 'lockyard_jobs';
