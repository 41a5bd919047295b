import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import { IDENTITY_VERIFICATION_STATUSES } from '../../domain/identity/identity-verification.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { RequestContext } from '../../http/context.ts';
import type { ResourceModule } from '../module.ts';
import {
  ContactIdParams,
  DecideIdentityVerificationBody,
  IdentityVerificationEnvelope,
  IdentityVerificationParams,
  IdentityVerificationsEnvelope,
  IdentityVerificationsQuery,
} from './identity-verifications.schemas.ts';
import { serializeIdentityVerification } from './identity-verifications.serialize.ts';

const one = { kind: 'one', key: 'identity_verification', type: 'identity_verification' } as const;
const tag = 'Identity Verifications';
const read = 'public.identity_verification:read';

function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

const listVerifications = defineRoute({
  method: 'GET',
  path: '/identity_verifications',
  scope: read,
  operationId: 'listIdentityVerifications',
  summary: 'List all Identity Verifications',
  tag,
  query: IdentityVerificationsQuery,
  response: IdentityVerificationsEnvelope,
  envelope: { kind: 'list', key: 'identity_verifications', type: 'identity_verification' },
  handler: async (ctx, { query }) => {
    const filter = {
      contactIds: multi(query, 'contact_id'),
      statuses: multi(query, 'status', IDENTITY_VERIFICATION_STATUSES),
    };
    const { items, total } = await ctx.services.identityVerifications.list(
      ctx,
      pageOf(query),
      filter,
      timeRangeOf(query),
    );
    return { items: items.map((v) => serializeIdentityVerification(ctx, v)), total };
  },
});

const showVerification = defineRoute({
  method: 'GET',
  path: '/identity_verifications/:identity_verification_id',
  scope: read,
  operationId: 'showIdentityVerification',
  summary: 'Show an Identity Verification',
  tag,
  params: IdentityVerificationParams,
  query: ShowQuery,
  response: IdentityVerificationEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeIdentityVerification(
      ctx,
      await ctx.services.identityVerifications.get(ctx, params.identity_verification_id),
    ),
});

/**
 * Sandbox: the contact submits documents as they would from the customer portal; the check starts
 * `processing`. Any valid token of the operator (a sandbox control, like the clock).
 */
const startVerification = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/contacts/:contact_id/identity_verifications',
  scope: null,
  operationId: 'startSandboxIdentityVerification',
  summary: "Start an identity check for a contact (the customer's document upload)",
  tag: 'Sandbox',
  params: ContactIdParams,
  query: ShowQuery,
  response: IdentityVerificationEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { params }) => {
    requireSandbox(ctx);
    return serializeIdentityVerification(ctx, await ctx.services.identityVerifications.start(ctx, params.contact_id));
  },
});

/** Sandbox: decide a processing check as the identity provider would (`succeeded`, `failed` with an error code, `cancelled`). */
const decideVerification = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/identity_verifications/:identity_verification_id/decide',
  scope: null,
  operationId: 'decideSandboxIdentityVerification',
  summary: 'Decide the outcome of a processing identity check',
  tag: 'Sandbox',
  params: IdentityVerificationParams,
  query: ShowQuery,
  body: DecideIdentityVerificationBody,
  response: IdentityVerificationEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) => {
    requireSandbox(ctx);
    return serializeIdentityVerification(
      ctx,
      await ctx.services.identityVerifications.decide(
        ctx,
        params.identity_verification_id,
        body.outcome,
        body.error_code,
      ),
    );
  },
});

export const identityVerificationsModule: ResourceModule = {
  routes: [listVerifications, showVerification, startVerification, decideVerification],
  types: [
    {
      name: 'identity_verification',
      scope: read,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.identityVerifications.findMany(ctx, ids), (v) =>
          serializeIdentityVerification(ctx, v),
        ),
      relations: { contact: { type: 'contact' } },
    },
  ],
  renderers: { identity_verification: serializeIdentityVerification },
};
