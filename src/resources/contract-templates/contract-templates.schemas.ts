import { Type } from '@sinclair/typebox';
import { Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const ContractTemplateSchema = Type.Object({
  id: Type.String({ examples: ['ctpl_33ae8d0b2b371ba2'] }),
  created_at: Timestamp,
  name: Type.String(),
  updated_at: Timestamp,
});

export const ContractTemplateParams = Type.Object({ contract_template_id: Type.String() });
export const ContractTemplatesQuery = listQuery({ sort: ['created_at'] });
export const ContractTemplateEnvelope = oneEnvelope('contract_template', ContractTemplateSchema);
export const ContractTemplatesEnvelope = listEnvelope('contract_templates', ContractTemplateSchema);
