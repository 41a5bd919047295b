import type { IdentityVerification } from '../../domain/identity/identity-verification.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

function toVerification(r: any): IdentityVerification {
  return {
    id: r.id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    status: r.status,
    errorCode: r.error_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertIdentityVerification(tx: Tx, v: IdentityVerification): Promise<void> {
  await tx
    .insertInto('identity_verifications')
    .values({
      id: v.id,
      operator_id: v.operatorId,
      contact_id: v.contactId,
      status: v.status,
      error_code: v.errorCode,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })
    .execute();
}

/** Conditional on still processing: two racing decisions cannot both win. */
export async function decideIdentityVerification(tx: Tx, v: IdentityVerification): Promise<boolean> {
  const r = await tx
    .updateTable('identity_verifications')
    .set({ status: v.status, error_code: v.errorCode, updated_at: v.updatedAt })
    .where('id', '=', v.id)
    .where('operator_id', '=', v.operatorId)
    .where('status', '=', 'processing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findIdentityVerifications(
  tx: Handle,
  operatorId: string,
  ids: string[],
): Promise<IdentityVerification[]> {
  if (!ids.length) return [];
  return (
    await tx
      .selectFrom('identity_verifications')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', 'in', ids)
      .execute()
  ).map(toVerification);
}

export async function listIdentityVerifications(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { contactIds?: string[]; statuses?: string[] },
  range: TimeRange,
): Promise<PageOf<IdentityVerification>> {
  let qb = tx
    .selectFrom('identity_verifications')
    .selectAll('identity_verifications')
    .where('identity_verifications.operator_id', '=', operatorId);
  if (filter.contactIds?.length) qb = qb.where('identity_verifications.contact_id', 'in', filter.contactIds);
  if (filter.statuses?.length) qb = qb.where('identity_verifications.status', 'in', filter.statuses);
  qb = whereTimeRange(qb, 'identity_verifications', range);
  return paginate(
    qb,
    page,
    { created_at: 'identity_verifications.created_at', updated_at: 'identity_verifications.updated_at' },
    toVerification,
    'identity_verifications',
  );
}
