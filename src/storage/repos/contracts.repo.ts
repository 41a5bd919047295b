import type { Contract, ContractStatus } from '../../domain/contracts/contract.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

export interface ContractFilter {
  statuses?: ContractStatus[];
  siteIds?: string[];
  contactIds?: string[];
  contractTemplateIds?: string[];
  tenancyIds?: string[];
}

function toContract(r: Row<'contracts'>): Contract {
  return {
    id: r.id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    contractTemplateId: r.contract_template_id,
    tenancyId: r.tenancy_id,
    siteId: r.site_id,
    name: r.name,
    body: r.body,
    status: r.status as Contract['status'],
    sentAt: r.sent_at,
    signedAt: r.signed_at,
    signedBy: r.signed_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertContract(tx: Tx, c: Contract): Promise<void> {
  await tx
    .insertInto('contracts')
    .values({
      id: c.id,
      operator_id: c.operatorId,
      contact_id: c.contactId,
      contract_template_id: c.contractTemplateId,
      tenancy_id: c.tenancyId,
      site_id: c.siteId,
      name: c.name,
      body: c.body,
      status: c.status,
      sent_at: c.sentAt,
      signed_at: c.signedAt,
      signed_by: c.signedBy,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .execute();
}

export async function findContracts(tx: Handle, operatorId: string, ids: string[]): Promise<Contract[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('contracts')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toContract);
}

export async function listContracts(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: ContractFilter,
): Promise<PageOf<Contract>> {
  let qb = tx.selectFrom('contracts').selectAll('contracts').where('contracts.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('contracts.status', 'in', filter.statuses);
  if (filter.siteIds) qb = qb.where('contracts.site_id', 'in', filter.siteIds);
  if (filter.contactIds) qb = qb.where('contracts.contact_id', 'in', filter.contactIds);
  if (filter.contractTemplateIds) qb = qb.where('contracts.contract_template_id', 'in', filter.contractTemplateIds);
  if (filter.tenancyIds) qb = qb.where('contracts.tenancy_id', 'in', filter.tenancyIds);
  return paginate(qb, page, { created_at: 'contracts.created_at' }, toContract, 'contracts');
}

export async function updateContractStatus(
  tx: Tx,
  operatorId: string,
  id: string,
  change: { status: ContractStatus; signedAt?: Date | null; signedBy?: string | null; at: Date },
): Promise<void> {
  const set: Record<string, unknown> = { status: change.status, updated_at: change.at };
  if (change.signedAt !== undefined) set.signed_at = change.signedAt;
  if (change.signedBy !== undefined) set.signed_by = change.signedBy;
  await tx.updateTable('contracts').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

/** pending → signed as one conditional write: two racing signatures cannot both succeed. */
export async function signPendingContract(
  tx: Tx,
  operatorId: string,
  id: string,
  signedAt: Date,
  signedBy: string,
): Promise<boolean> {
  const r = await tx
    .updateTable('contracts')
    .set({ status: 'signed', signed_at: signedAt, signed_by: signedBy, updated_at: signedAt })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
