import type { ContractTemplate } from '../../domain/contracts/contract-template.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toTemplate(r: Row<'contract_templates'>): ContractTemplate {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    body: r.body,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertContractTemplate(tx: Tx, t: ContractTemplate): Promise<void> {
  await tx
    .insertInto('contract_templates')
    .values({
      id: t.id,
      operator_id: t.operatorId,
      name: t.name,
      body: t.body,
      created_at: t.createdAt,
      updated_at: t.updatedAt,
    })
    .execute();
}

export async function findContractTemplates(
  tx: Handle,
  operatorId: string,
  ids: string[],
): Promise<ContractTemplate[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('contract_templates')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toTemplate);
}

export async function listContractTemplates(
  tx: Handle,
  operatorId: string,
  page: Page,
): Promise<PageOf<ContractTemplate>> {
  const qb = tx
    .selectFrom('contract_templates')
    .selectAll('contract_templates')
    .where('contract_templates.operator_id', '=', operatorId);
  return paginate(qb, page, { created_at: 'contract_templates.created_at' }, toTemplate, 'contract_templates');
}
