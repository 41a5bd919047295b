import { notFound } from '../../kernel/errors.ts';
import { operatorTime, type Clock } from '../../kernel/clock.ts';
import type { Db, Handle } from '../../storage/database.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import type { Operator, OperatorContext, Principal } from '../context.ts';

// Operators are read on every request, so they are cached, but only while no process has written since
// (`onChange`: this process's writes at once, other processes' through the change triggers' NOTIFY) and
// for at most MAX_AGE_MS of real time in case a notification is lost. A restarted process starts empty.
const MAX_AGE_MS = 2000;

export interface ContextsDeps {
  db: Db;
  /** Real time; business time is derived from it and the operator's stored offset. */
  clock: Clock;
  /** Fires after any write by any process (database.onChange). Without it nothing is cached. */
  onChange?: (listener: () => void) => () => void;
}

/** The one home of operator contexts: the operator (with its sandbox clock) loaded from storage, and who acts. */
export function contextsService({ db, clock, onChange }: ContextsDeps) {
  let version = 0;
  const cache = new Map<string, { version: number; at: number; operator: Operator }>();
  const unsubscribe = onChange?.(() => {
    version++;
    cache.clear();
  });

  async function loadOperator(operatorId: string, tx: Handle): Promise<Operator | undefined> {
    const at = clock.now().getTime();
    const hit = onChange && cache.get(operatorId);
    if (hit && hit.version === version && at - hit.at <= MAX_AGE_MS) return hit.operator;
    const seen = version; // read before loading: a write while loading leaves the entry stale, so it is not kept
    const operator = await findOperator(tx, operatorId);
    if (operator && onChange && seen === version) {
      cache.set(operatorId, { version: seen, at, operator });
      if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    }
    return operator;
  }

  return {
    /**
     * The context every entry point hands the domain: the API pipeline, the OAuth endpoints, the back office,
     * the hosted checkout and portal, the job worker and the CLI. Pass `tx` when called inside a transaction
     * (on PGlite a query on `db` there waits forever). Throws `resource_not_found` for an unknown operator.
     */
    async contextFor(operatorId: string, principal: Principal, tx: Handle = db): Promise<OperatorContext> {
      const operator = (await loadOperator(operatorId, tx)) ?? notFound('operator', operatorId);
      return { operator, principal, now: operatorTime(clock, operator.clockOffsetMs) };
    },

    /** Drops a cached operator at once (the writer's own process; others follow through `onChange`). */
    forget(operatorId: string) {
      cache.delete(operatorId);
      version++;
    },

    close() {
      unsubscribe?.();
    },
  };
}

export type ContextsService = ReturnType<typeof contextsService>;
