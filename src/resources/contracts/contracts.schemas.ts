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
import { filterEnum, listQuery } from '../../http/conventions/list-query.ts';
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

const ids = (what: string) =>
  Type.String({ description: `Filter by ${what} IDs. Supports multiple values separated by a comma.` });

export const ContractParams = Type.Object({ contract_id: Type.String({ description: 'The ID of the contract' }) });
export const ContractsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    status: filterEnum(CONTRACT_STATUSES, 'Filter by status'),
    site_id: ids('Site'),
    contact_id: ids('Contact'),
    contract_template_id: ids('Contract Template'),
    tenancy_id: ids('Tenancy'),
  },
});
export const ContractEnvelope = oneEnvelope('contract', ContractSchema);
export const ContractsEnvelope = listEnvelope('contracts', ContractSchema);
