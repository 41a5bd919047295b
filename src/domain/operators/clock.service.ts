import { DomainError } from '../../kernel/errors.ts';
import { isWriteScope } from '../../kernel/scopes.ts';
import type { Db } from '../../storage/database.ts';
import * as operators from '../../storage/repos/operators.repo.ts';
import { pendingJobsDueBy } from '../../storage/repos/jobs.repo.ts';
import { LIFECYCLE_JOB, type LifecycleStep } from '../lifecycle/lifecycle-step.ts';
import { DELIVERY_JOB } from '../webhooks/delivery.ts';
import type { OperatorContext } from '../context.ts';
import type { ContextsService } from './contexts.service.ts';

/** Runs what fell due once an operator's clock moved (wired in main.ts: job catch-up, later the scheduler). */
export type AdvanceListener = (ctx: OperatorContext) => Promise<void>;

/** What a sandbox clock move would run: one pending lifecycle step or webhook delivery attempt. */
export interface DueWork {
  kind: 'move_in' | 'renewal' | 'payment' | 'payment_retry' | 'overlock' | 'move_out' | 'webhook_delivery';
  /** Operator time. */
  dueAt: Date;
  /** The record the work is about (a tenancy, subscription, invoice or webhook delivery). */
  subject: { type: 'tenancy' | 'subscription' | 'invoice' | 'delivery'; id: string };
  /** A payment collection's attempt number. */
  attempt?: number;
}

function dueWorkOf(job: { kind: string; payload: Record<string, unknown>; dueAt: Date }): DueWork | null {
  const { dueAt } = job;
  if (job.kind === DELIVERY_JOB)
    return { kind: 'webhook_delivery', dueAt, subject: { type: 'delivery', id: String(job.payload.delivery_id) } };
  const step = job.payload as unknown as LifecycleStep;
  switch (step.step) {
    case 'move_in':
      return { kind: 'move_in', dueAt, subject: { type: 'tenancy', id: step.tenancy_id } };
    case 'renew':
      return { kind: 'renewal', dueAt, subject: { type: 'subscription', id: step.subscription_id } };
    case 'collect':
      return {
        kind: step.attempt > 1 ? 'payment_retry' : 'payment',
        dueAt,
        subject: { type: 'invoice', id: step.invoice_id },
        attempt: step.attempt,
      };
    case 'overlock':
      return { kind: 'overlock', dueAt, subject: { type: 'invoice', id: step.invoice_id } };
    case 'end':
      return { kind: 'move_out', dueAt, subject: { type: 'subscription', id: step.subscription_id } };
    default:
      return null;
  }
}

/** The sandbox clock: each operator's time is real time plus a stored offset that only moves forward. */
export function clockService({ db, contexts }: { db: Db; contexts: ContextsService }) {
  const listeners: AdvanceListener[] = [];
  return {
    /**
     * What moving the clock to `until` would run, earliest first: the operator's pending move-ins, renewals,
     * payment collections and retries, overlocks, move-outs and webhook delivery attempts due by then (those
     * already due included). Steps those create (a renewal's next invoice) are not known until they run.
     */
    async fallsDue(ctx: OperatorContext, until: Date, limit = 200): Promise<DueWork[]> {
      const jobs = await pendingJobsDueBy(db, ctx.operator.id, [LIFECYCLE_JOB, DELIVERY_JOB], until, limit);
      return jobs.flatMap((j) => dueWorkOf(j) ?? []);
    },

    onAdvance(listener: AdvanceListener) {
      listeners.push(listener);
    },

    /** Moves the operator's clock and runs what fell due; answers the context at the new time. */
    async advance(ctx: OperatorContext, by: { seconds?: number; to?: Date }): Promise<OperatorContext> {
      // Moving time bills, starts tenancies and retries webhooks: a read-only token must not (docs/decisions/clock.md).
      if (![...ctx.principal.scopes].some(isWriteScope)) {
        throw new DomainError(
          'forbidden',
          'Advancing the sandbox clock requires a write scope (any public.*:write); this token can only read.',
        );
      }
      const current = ctx.now();
      const target = by.to ?? new Date(current.getTime() + (by.seconds ?? 0) * 1000);
      if (target.getTime() < current.getTime()) {
        throw new DomainError('invalid_content', 'The sandbox clock only moves forward.', [
          { pointer: by.to ? '/to' : '/seconds', message: 'value must not move the clock backwards' },
        ]);
      }
      // Stored, never held in memory: every process and every restart reads the same offset.
      await operators.advanceOperatorClock(
        db,
        ctx.operator.id,
        ctx.operator.clockOffsetMs + (target.getTime() - current.getTime()),
      );
      contexts.forget(ctx.operator.id);
      const moved = await contexts.contextFor(ctx.operator.id, ctx.principal);
      for (const l of listeners) await l(moved);
      return moved;
    },
  };
}

export type ClockService = ReturnType<typeof clockService>;
