import type { Tx } from '../../storage/database.ts';
import { cancelGroup } from '../../storage/repos/jobs.repo.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import { disableEndpointsOf, type AuthorityMatch } from '../../storage/repos/webhook-endpoints.repo.ts';
import { DISABLED_REASON_WORDS, type DisabledReason } from './webhook-endpoint.ts';

/** Ends endpoints' pending deliveries and their queued attempts, in the caller's transaction, saying why. */
export async function cancelPendingDeliveries(tx: Tx, endpointIds: string[], reason: string, at: Date): Promise<void> {
  await deliveries.cancelPendingForEndpoints(tx, endpointIds, reason, at);
  for (const id of endpointIds) await cancelGroup(tx, id);
}

/**
 * Revocation stops data: called in the revoking transaction (token revoke, grant revoke, application delete),
 * it disables every endpoint answering to what was revoked and cancels their pending deliveries.
 */
export async function disableEndpointsOnRevocation(
  tx: Tx,
  match: AuthorityMatch,
  reason: DisabledReason,
  at: Date,
): Promise<string[]> {
  const ids = await disableEndpointsOf(tx, match, reason, at);
  await cancelPendingDeliveries(tx, ids, `cancelled: ${DISABLED_REASON_WORDS[reason]}`, at);
  return ids;
}
