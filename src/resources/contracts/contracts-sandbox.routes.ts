import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import { DomainError } from '../../kernel/errors.ts';
import { ContractEnvelope, ContractParams } from './contracts.schemas.ts';
import { serializeContract } from './contracts.serialize.ts';

const SignContractBody = Type.Object(
  {
    signed_by: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: "The signer's name; defaults to the contact's name" }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Signs a pending contract as the customer would on the storefront, for scripted tests: emits
 * `contract.signed` and makes the PDF available. Sandbox mode only; any valid token of the operator.
 */
export const signContractInSandbox = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/contracts/:contract_id/sign',
  scope: null,
  operationId: 'signSandboxContract',
  summary: 'Sign a pending contract as the customer',
  tag: 'Sandbox',
  params: ContractParams,
  query: ShowQuery,
  body: SignContractBody,
  response: ContractEnvelope,
  envelope: { kind: 'one', key: 'contract', type: 'contract' },
  handler: async (ctx, { params, body }) => {
    if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
    return serializeContract(ctx, await ctx.services.contracts.sign(ctx, params.contract_id, body?.signed_by));
  },
});
