import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  ContractTemplateEnvelope,
  ContractTemplateParams,
  ContractTemplatesEnvelope,
  ContractTemplatesQuery,
} from './contract-templates.schemas.ts';
import { serializeContractTemplate } from './contract-templates.serialize.ts';

const scope = 'public.contract_template:read';
const tag = 'Contract Templates';

const listContractTemplates = defineRoute({
  method: 'GET',
  path: '/contract_templates',
  scope,
  operationId: 'listContractTemplates',
  summary: 'List all Contract Templates',
  tag,
  query: ContractTemplatesQuery,
  response: ContractTemplatesEnvelope,
  envelope: { kind: 'list', key: 'contract_templates', type: 'contract_template' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.contractTemplates.list(ctx, pageOf(query));
    return { items: items.map((t) => serializeContractTemplate(ctx, t)), total };
  },
});

const showContractTemplate = defineRoute({
  method: 'GET',
  path: '/contract_templates/:contract_template_id',
  scope,
  operationId: 'showContractTemplate',
  summary: 'Show a Contract Template',
  tag,
  params: ContractTemplateParams,
  query: ShowQuery,
  response: ContractTemplateEnvelope,
  envelope: { kind: 'one', key: 'contract_template', type: 'contract_template' },
  handler: async (ctx, { params }) =>
    serializeContractTemplate(ctx, await ctx.services.contractTemplates.get(ctx, params.contract_template_id)),
});

export const contractTemplatesModule: ResourceModule = {
  routes: [listContractTemplates, showContractTemplate],
  types: [
    {
      name: 'contract_template',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.contractTemplates.findMany(ctx, ids), (t) => serializeContractTemplate(ctx, t)),
    },
  ],
};
