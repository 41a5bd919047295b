import { Type } from '@sinclair/typebox';
import {
  LinkSchema,
  Nullable,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { CONTRACT_STATUSES } from '../../domain/contracts/contract.ts';

export const ContractSchema = Type.Object({
  id: Type.String({ examples: ['ctr_a1b2c3d4e5f6g7h8'] }),
  _links: Type.Object({ 'sf:show_contract': Type.Optional(LinkSchema) }),
  contact: Ref('con'),
  contract_template: Ref('ctpl'),
  created_at: Timestamp,
  name: Type.String(),
  sent_at: Nullable(Timestamp),
  signed_at: Nullable(Timestamp),
  status: StringEnum(CONTRACT_STATUSES),
  tenancy: Ref('ten'),
  updated_at: Timestamp,
});

export const ContractParams = Type.Object({ contract_id: Type.String({ description: 'The ID of the contract' }) });
export const ContractsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    status: filterEnum(CONTRACT_STATUSES, 'Filter by status'),
    site_id: idsFilter('Site'),
    contact_id: idsFilter('Contact'),
    contract_template_id: idsFilter('Contract Template'),
    tenancy_id: idsFilter('Tenancy'),
  },
});
export const ContractEnvelope = oneEnvelope('contract', ContractSchema);
export const ContractsEnvelope = listEnvelope('contracts', ContractSchema);
