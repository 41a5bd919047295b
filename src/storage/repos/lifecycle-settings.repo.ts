import { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleSettings } from '../../domain/operators/lifecycle-settings.ts';
import type { Handle } from '../database.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

/** Read by every lifecycle step: inside a transaction, once (storage/tx-memo.ts). A copy, so callers may not share it. */
export async function findLifecycleSettings(tx: Handle, operatorId: string): Promise<LifecycleSettings> {
  const s = await memoInTx(tx, `lifecycle_settings:${operatorId}`, () => readLifecycleSettings(tx, operatorId));
  return { ...s, dunningRetryDays: [...s.dunningRetryDays] };
}

async function readLifecycleSettings(tx: Handle, operatorId: string): Promise<LifecycleSettings> {
  const r = await tx
    .selectFrom('lifecycle_settings')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_LIFECYCLE_SETTINGS };
  return {
    autoReservation: r.auto_reservation,
    autoDeallocation: r.auto_deallocation,
    dunningRetryDays: (r.dunning_retry_days as number[]).map(Number),
    overlockAfterDays: r.overlock_after_days,
  };
}

export async function saveLifecycleSettings(
  tx: Handle,
  operatorId: string,
  s: LifecycleSettings,
  at: Date,
): Promise<void> {
  const row = {
    auto_reservation: s.autoReservation,
    auto_deallocation: s.autoDeallocation,
    dunning_retry_days: s.dunningRetryDays,
    overlock_after_days: s.overlockAfterDays,
    updated_at: at,
  };
  forgetInTx(tx, 'lifecycle_settings:');
  await tx
    .insertInto('lifecycle_settings')
    .values({ operator_id: operatorId, ...row })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(row))
    .execute();
}
