import { conflict, DomainError, invalidContent, notFound } from '../../kernel/errors.ts';
import { newId, randomBytes } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { addressPolicy, type AddressPolicy } from '../../kernel/net/address-guard.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/webhook-endpoints.repo.ts';
import { findApplication } from '../../storage/repos/oauth-applications.repo.ts';
import { findRefreshTokenByAccessToken } from '../../storage/repos/oauth-grants.repo.ts';
import type { OperatorContext, Principal } from '../context.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import { cancelPendingDeliveries } from './endpoint-revocation.ts';
import { eventsBeyondScopes } from './event-scopes.ts';
import {
  endpointUrlProblem,
  WEBHOOK_API_VERSIONS,
  type EndpointAuthority,
  type Visibility,
  type WebhookEndpoint,
  type WebhookNetwork,
} from './webhook-endpoint.ts';

export interface CreateEndpointInput {
  name: string;
  api_version: string;
  url: string;
  event_types: string[];
  description?: string | null;
  metadata?: unknown;
}

export interface UpdateEndpointInput {
  name?: string;
  url?: string;
  event_types?: string[];
  description?: string | null;
  metadata?: unknown;
}

/** An OAuth application sees only the endpoints it created; other principals see the operator's own. */
export function visibilityOf(ctx: OperatorContext): Visibility {
  return { applicationId: ctx.principal.applicationId };
}

function checkEventTypes(types: string[] | undefined): string[] | undefined {
  if (types === undefined) return undefined;
  const bad = types.findIndex((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (bad >= 0)
    throw invalidContent(`/event_types/${bad}`, `value at \`/event_types/${bad}\` is not a known event type`);
  if (!types.length) throw invalidContent('/event_types', 'value at `/event_types` must list at least one event type');
  return [...new Set(types)];
}

/** A subscription may only name events whose resource its creator can read (else it would leak, e.g., contacts). */
function checkReadable(types: string[] | undefined, ctx: OperatorContext) {
  if (types === undefined) return;
  const beyond = eventsBeyondScopes(types, ctx.principal.scopes);
  if (!beyond.length) return;
  throw new DomainError(
    'invalid_content',
    'The request body content is not valid.',
    beyond.map(({ index, type, scope }) => ({
      pointer: `/event_types/${index}`,
      message: `value at \`/event_types/${index}\` (${type}) needs the ${scope} scope, which this access token does not have`,
    })),
  );
}

/**
 * The credential the endpoint will answer to: the partner's grant behind an OAuth token, an operator's
 * Client Credentials application, else the access token itself (docs/decisions/webhooks.md).
 */
async function authorityOf(tx: Handle, p: Principal): Promise<EndpointAuthority> {
  if (p.staffId) return { kind: 'staff', id: p.staffId };
  if (p.tokenId) {
    const pair = await findRefreshTokenByAccessToken(tx, p.tokenId);
    if (pair) return { kind: 'grant', id: pair.grantId };
    const app = p.applicationId ? await findApplication(tx, p.applicationId) : undefined;
    if (app?.kind === 'operator') return { kind: 'application', id: app.id };
    return { kind: 'token', id: p.tokenId };
  }
  if (p.applicationId) return { kind: 'application', id: p.applicationId };
  throw new DomainError('forbidden', 'Webhook endpoints are created by an access token, an application or staff.');
}

export function webhookEndpointsService({ db, webhookNetwork }: { db: Db; webhookNetwork?: WebhookNetwork }) {
  const policies = {
    sandbox: addressPolicy({ sandbox: true, allow: webhookNetwork?.allow }),
    production: addressPolicy({ sandbox: false, allow: webhookNetwork?.allow }),
  };
  const policyFor = (sandbox: boolean): AddressPolicy => (sandbox ? policies.sandbox : policies.production);

  function checkUrl(url: string | undefined, sandbox: boolean) {
    if (url === undefined) return;
    const problem = endpointUrlProblem(url, sandbox, policyFor(sandbox));
    if (problem) throw invalidContent('/url', problem);
  }

  async function load(tx: Tx, ctx: OperatorContext, id: string): Promise<WebhookEndpoint> {
    return (
      (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx), true)) ?? notFound('webhook_endpoint', id)
    );
  }

  return {
    list: (
      ctx: OperatorContext,
      page: Page,
      filter: { statuses?: string[]; metadata?: Record<string, string> },
    ): Promise<PageOf<WebhookEndpoint>> => repo.listEndpoints(db, ctx.operator.id, visibilityOf(ctx), page, filter),

    async get(ctx: OperatorContext, id: string): Promise<WebhookEndpoint> {
      return (await repo.findEndpoint(db, ctx.operator.id, id, visibilityOf(ctx))) ?? notFound('webhook_endpoint', id);
    },

    /** The secret is generated here and shown once, in the create response. */
    async create(
      ctx: OperatorContext,
      input: CreateEndpointInput,
      opts: { sandbox: boolean },
    ): Promise<WebhookEndpoint> {
      checkUrl(input.url, opts.sandbox);
      if (!(WEBHOOK_API_VERSIONS as readonly string[]).includes(input.api_version)) {
        throw invalidContent(
          '/api_version',
          `value at \`/api_version\` is not one of: ${JSON.stringify(WEBHOOK_API_VERSIONS)}`,
        );
      }
      const eventTypes = checkEventTypes(input.event_types)!;
      checkReadable(eventTypes, ctx);
      const metadata = metadataForCreate(input.metadata);
      const p = ctx.principal;
      const creatorId = p.applicationId ?? p.staffId ?? p.tokenId;
      if (!creatorId)
        throw new DomainError(
          'forbidden',
          'Webhook endpoints are created by an access token, an application or staff.',
        );
      const authority = await authorityOf(db, p);
      const now = ctx.now();
      const endpoint: WebhookEndpoint = {
        id: newId('webhookEndpoint'),
        operatorId: ctx.operator.id,
        applicationId: p.applicationId,
        creatorId,
        authority,
        name: input.name,
        description: input.description ?? null,
        url: input.url,
        apiVersion: input.api_version,
        eventTypes,
        metadata,
        secret: randomBytes(32).toString('hex'),
        status: 'enabled',
        disabledAt: null,
        disabledReason: null,
        createdAt: now,
        updatedAt: now,
      };
      await withTransaction(db, (tx) => repo.insertEndpoint(tx, endpoint));
      return endpoint;
    },

    update: (
      ctx: OperatorContext,
      id: string,
      input: UpdateEndpointInput,
      opts: { sandbox: boolean },
    ): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        checkUrl(input.url, opts.sandbox);
        const eventTypes = checkEventTypes(input.event_types);
        checkReadable(eventTypes, ctx);
        const metadata =
          input.metadata === undefined ? undefined : applyMetadataPatch(current.metadata, input.metadata);
        await repo.updateEndpoint(tx, ctx.operator.id, id, {
          name: input.name,
          description: input.description,
          url: input.url,
          eventTypes,
          metadata,
          updatedAt: ctx.now(),
        });
        return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx)))!;
      }),

    /**
     * Enabling makes the caller's credential the endpoint's authority, so a partner that reconnected after a
     * revocation can resume. An endpoint the operator disabled stays disabled until the operator enables it.
     */
    enable: (ctx: OperatorContext, id: string): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        if (current.status === 'enabled') return current;
        if (current.disabledReason === 'operator_disabled' && !ctx.principal.staffId) {
          throw conflict('The operator disabled this webhook endpoint; only the operator can enable it again.');
        }
        const authority = await authorityOf(tx, ctx.principal);
        await repo.updateEndpoint(tx, ctx.operator.id, id, {
          status: 'enabled',
          disabledAt: null,
          disabledReason: null,
          authority,
          updatedAt: ctx.now(),
        });
        return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx)))!;
      }),

    /** Disabling cancels pending retries; deliveries are not resumed on enable. */
    disable: (ctx: OperatorContext, id: string): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        const now = ctx.now();
        if (current.status !== 'disabled') {
          await repo.updateEndpoint(tx, ctx.operator.id, id, {
            status: 'disabled',
            disabledAt: now,
            disabledReason: 'disabled',
            updatedAt: now,
          });
        }
        await cancelPendingDeliveries(tx, [id], 'cancelled: the endpoint was disabled', now);
        return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx)))!;
      }),

    delete: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        await load(tx, ctx, id);
        const now = ctx.now();
        await repo.updateEndpoint(tx, ctx.operator.id, id, { deletedAt: now, updatedAt: now });
        await cancelPendingDeliveries(tx, [id], 'cancelled: the endpoint was deleted', now);
      }),

    /** Back office: any endpoint of the operator (not deleted), whoever created it. */
    getForOperator: async (operatorId: string, id: string): Promise<WebhookEndpoint> =>
      (await repo.findEndpoint(db, operatorId, id, 'all')) ?? notFound('webhook_endpoint', id),

    /** Back office: every endpoint of the operator, whoever created it. */
    listForOperator: (operatorId: string, page: Page): Promise<PageOf<WebhookEndpoint>> =>
      repo.listEndpoints(db, operatorId, 'all', page, {}),

    /** Back office: the operator disables any endpoint; its creator cannot enable it again through the API. */
    disableByOperator: (operatorId: string, id: string, now: Date): Promise<void> =>
      withTransaction(db, async (tx) => {
        const current = (await repo.findEndpoint(tx, operatorId, id, 'all', true)) ?? notFound('webhook_endpoint', id);
        if (current.status === 'disabled' && current.disabledReason === 'operator_disabled') return;
        await repo.updateEndpoint(tx, operatorId, id, {
          status: 'disabled',
          disabledAt: current.disabledAt ?? now,
          disabledReason: 'operator_disabled',
          updatedAt: now,
        });
        await cancelPendingDeliveries(tx, [id], 'cancelled: the operator disabled the endpoint', now);
      }),

    /** Back office: the operator enables an endpoint again; it still answers to its creator's credential. */
    enableByOperator: (operatorId: string, id: string, now: Date): Promise<void> =>
      withTransaction(db, async (tx) => {
        const current = (await repo.findEndpoint(tx, operatorId, id, 'all', true)) ?? notFound('webhook_endpoint', id);
        if (current.status === 'enabled') return;
        await repo.updateEndpoint(tx, operatorId, id, {
          status: 'enabled',
          disabledAt: null,
          disabledReason: null,
          updatedAt: now,
        });
      }),

    /** Back office: the operator deletes any endpoint. */
    deleteByOperator: (operatorId: string, id: string, now: Date): Promise<void> =>
      withTransaction(db, async (tx) => {
        (await repo.findEndpoint(tx, operatorId, id, 'all', true)) ?? notFound('webhook_endpoint', id);
        await repo.updateEndpoint(tx, operatorId, id, { deletedAt: now, updatedAt: now });
        await cancelPendingDeliveries(tx, [id], 'cancelled: the operator deleted the endpoint', now);
      }),
  };
}

export type WebhookEndpointsService = ReturnType<typeof webhookEndpointsService>;
