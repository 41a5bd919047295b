import type { Handle, Tx } from '../database.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

/**
 * The operator's access-control provider by name; null when none was chosen (the built-in `simulated`). Read on
 * every unit change: inside a transaction, once (storage/tx-memo.ts).
 */
export function findAccessProviderName(h: Handle, operatorId: string): Promise<string | null> {
  return memoInTx(h, `access_control_settings:${operatorId}`, async () => {
    const r = await h
      .selectFrom('access_control_settings')
      .select('provider')
      .where('operator_id', '=', operatorId)
      .executeTakeFirst();
    return r?.provider ?? null;
  });
}

export async function saveAccessProviderName(tx: Tx, operatorId: string, provider: string, at: Date): Promise<void> {
  forgetInTx(tx, 'access_control_settings:');
  await tx
    .insertInto('access_control_settings')
    .values({ operator_id: operatorId, provider, updated_at: at })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet({ provider, updated_at: at }))
    .execute();
}
