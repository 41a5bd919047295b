import { DomainError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import * as operators from '../../storage/repos/operators.repo.ts';
import type { TokensService } from '../access/tokens.service.ts';
import type { OperatorContext } from '../context.ts';

type AdvanceListener = (operatorId: string, now: Date) => Promise<void>;

/** The sandbox clock: each operator's time is machine time plus a stored offset that only moves forward. */
export function clockService({ db, clock, tokens }: { db: Db; clock: Clock; tokens: TokensService }) {
  const listeners: AdvanceListener[] = [];
  return {
    machineNow: () => clock.now(),

    /** Later modules (webhook retries, billing) run their due work when time moves. */
    onAdvance(listener: AdvanceListener) {
      listeners.push(listener);
    },

    async advance(ctx: OperatorContext, by: { seconds?: number; to?: Date }): Promise<Date> {
      const current = clock.now(ctx.operator.id);
      const target = by.to ?? new Date(current.getTime() + (by.seconds ?? 0) * 1000);
      if (target.getTime() < current.getTime()) {
        throw new DomainError('invalid_content', 'The sandbox clock only moves forward.', [
          { pointer: by.to ? '/to' : '/seconds', message: 'value must not move the clock backwards' },
        ]);
      }
      const offset = clock.offsetMs(ctx.operator.id) + (target.getTime() - current.getTime());
      await operators.updateOperatorClock(db, ctx.operator.id, offset);
      clock.setOffset(ctx.operator.id, offset);
      tokens.forgetOperator(ctx.operator.id);
      for (const l of listeners) await l(ctx.operator.id, clock.now(ctx.operator.id));
      return clock.now(ctx.operator.id);
    },
  };
}
