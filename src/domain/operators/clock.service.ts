import { DomainError } from '../../kernel/errors.ts';
import { isWriteScope } from '../../kernel/scopes.ts';
import type { Db } from '../../storage/database.ts';
import * as operators from '../../storage/repos/operators.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { ContextsService } from './contexts.service.ts';

/** Runs what fell due once an operator's clock moved (wired in main.ts: job catch-up, later the scheduler). */
export type AdvanceListener = (ctx: OperatorContext) => Promise<void>;

/** The sandbox clock: each operator's time is real time plus a stored offset that only moves forward. */
export function clockService({ db, contexts }: { db: Db; contexts: ContextsService }) {
  const listeners: AdvanceListener[] = [];
  return {
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
