import { binaryResult, defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import { PDF_CONTENT_TYPE } from '../../http/conventions/pdf.ts';
import { CONTRACT_STATUSES } from '../../domain/contracts/contract.ts';
import type { ResourceModule } from '../module.ts';
import { ContractEnvelope, ContractParams, ContractsEnvelope, ContractsQuery } from './contracts.schemas.ts';
import { serializeContract } from './contracts.serialize.ts';
import { contractPdf } from './contracts.pdf.ts';
import { signContractInSandbox } from './contracts-sandbox.routes.ts';

const scope = 'public.contract:read';
const tag = 'Contracts';

const listContracts = defineRoute({
  method: 'GET',
  path: '/contracts',
  scope,
  operationId: 'listContracts',
  summary: 'List all Contracts',
  tag,
  query: ContractsQuery,
  response: ContractsEnvelope,
  envelope: { kind: 'list', key: 'contracts', type: 'contract' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', CONTRACT_STATUSES) as (typeof CONTRACT_STATUSES)[number][] | undefined,
      siteIds: multi(query, 'site_id'),
      contactIds: multi(query, 'contact_id'),
      contractTemplateIds: multi(query, 'contract_template_id'),
      tenancyIds: multi(query, 'tenancy_id'),
    };
    const { items, total } = await ctx.services.contracts.list(ctx, pageOf(query), filter);
    return { items: items.map((c) => serializeContract(ctx, c)), total };
  },
});

/** Only a signed contract has a PDF; asking for one of any other status is 406 invalid_format. */
const showContract = defineRoute({
  method: 'GET',
  path: '/contracts/:contract_id',
  scope,
  operationId: 'showContract',
  summary: 'Show a Contract',
  tag,
  params: ContractParams,
  query: ShowQuery,
  response: ContractEnvelope,
  envelope: { kind: 'one', key: 'contract', type: 'contract' },
  formats: ['application/pdf'],
  handler: async (ctx, { params, format }) => {
    if (format !== PDF_CONTENT_TYPE)
      return serializeContract(ctx, await ctx.services.contracts.get(ctx, params.contract_id));
    const doc = await ctx.services.contracts.document(ctx, params.contract_id);
    return binaryResult(PDF_CONTENT_TYPE, await contractPdf(ctx.operator, ctx.now(), doc), `${doc.contract.id}.pdf`);
  },
});

export const contractsModule: ResourceModule = {
  routes: [listContracts, showContract, signContractInSandbox],
  types: [
    {
      name: 'contract',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.contracts.findMany(ctx, ids), (c) => serializeContract(ctx, c)),
      relations: {
        contact: { type: 'contact' },
        contract_template: { type: 'contract_template' },
        tenancy: { type: 'tenancy' },
      },
    },
  ],
  renderers: { contract: serializeContract },
};
