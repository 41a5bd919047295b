import { randomBytes } from 'node:crypto';
import { DomainError, invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/webhook-endpoints.repo.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import type { OperatorContext } from '../context.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import { endpointUrlProblem, WEBHOOK_API_VERSIONS, type Visibility, type WebhookEndpoint } from './webhook-endpoint.ts';

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
  if (bad >= 0) throw invalidContent(`/event_types/${bad}`, `value at \`/event_types/${bad}\` is not a known event type`);
  if (!types.length) throw invalidContent('/event_types', 'value at `/event_types` must list at least one event type');
  return [...new Set(types)];
}

function checkUrl(url: string | undefined, sandbox: boolean) {
  if (url === undefined) return;
  const problem = endpointUrlProblem(url, sandbox);
  if (problem) throw invalidContent('/url', problem);
}

export function webhookEndpointsService({ db, jobs }: { db: Db; jobs: JobsService }) {
  async function load(tx: Tx, ctx: OperatorContext, id: string): Promise<WebhookEndpoint> {
    return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx), true)) ?? notFound('webhook_endpoint', id);
  }

  /** Ends an endpoint's pending deliveries and their queued retries, in the caller's transaction. */
  async function cancelPending(tx: Tx, endpointId: string, at: Date) {
    await deliveries.cancelPendingForEndpoint(tx, endpointId, at);
    await jobs.cancelGroup(tx, endpointId);
  }

  return {
    list: (ctx: OperatorContext, page: Page, filter: { statuses?: string[]; metadata?: Record<string, string> }): Promise<PageOf<WebhookEndpoint>> =>
      repo.listEndpoints(db, ctx.operator.id, visibilityOf(ctx), page, filter),

    async get(ctx: OperatorContext, id: string): Promise<WebhookEndpoint> {
      return (await repo.findEndpoint(db, ctx.operator.id, id, visibilityOf(ctx))) ?? notFound('webhook_endpoint', id);
    },

    /** The secret is generated here and shown once, in the create response. */
    async create(ctx: OperatorContext, input: CreateEndpointInput, opts: { sandbox: boolean }): Promise<WebhookEndpoint> {
      checkUrl(input.url, opts.sandbox);
      if (!(WEBHOOK_API_VERSIONS as readonly string[]).includes(input.api_version)) {
        throw invalidContent('/api_version', `value at \`/api_version\` is not one of: ${JSON.stringify(WEBHOOK_API_VERSIONS)}`);
      }
      const eventTypes = checkEventTypes(input.event_types)!;
      const metadata = metadataForCreate(input.metadata);
      const p = ctx.principal;
      const creatorId = p.applicationId ?? p.staffId ?? p.tokenId;
      if (!creatorId) throw new DomainError('forbidden', 'Webhook endpoints are created by an access token, an application or staff.');
      const now = ctx.now();
      const endpoint: WebhookEndpoint = {
        id: newId('webhookEndpoint'),
        operatorId: ctx.operator.id,
        applicationId: p.applicationId,
        creatorId,
        name: input.name,
        description: input.description ?? null,
        url: input.url,
        apiVersion: input.api_version,
        eventTypes,
        metadata,
        secret: randomBytes(32).toString('hex'),
        status: 'enabled',
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insertEndpoint(db, endpoint);
      return endpoint;
    },

    update: (ctx: OperatorContext, id: string, input: UpdateEndpointInput, opts: { sandbox: boolean }): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        checkUrl(input.url, opts.sandbox);
        const eventTypes = checkEventTypes(input.event_types);
        const metadata = input.metadata === undefined ? undefined : applyMetadataPatch(current.metadata, input.metadata);
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

    enable: (ctx: OperatorContext, id: string): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        if (current.status !== 'enabled') await repo.updateEndpoint(tx, ctx.operator.id, id, { status: 'enabled', disabledAt: null, updatedAt: ctx.now() });
        return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx)))!;
      }),

    /** Disabling cancels pending retries; deliveries are not resumed on enable. */
    disable: (ctx: OperatorContext, id: string): Promise<WebhookEndpoint> =>
      withTransaction(db, async (tx) => {
        const current = await load(tx, ctx, id);
        const now = ctx.now();
        if (current.status !== 'disabled') await repo.updateEndpoint(tx, ctx.operator.id, id, { status: 'disabled', disabledAt: now, updatedAt: now });
        await cancelPending(tx, id, now);
        return (await repo.findEndpoint(tx, ctx.operator.id, id, visibilityOf(ctx)))!;
      }),

    delete: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        await load(tx, ctx, id);
        const now = ctx.now();
        await repo.updateEndpoint(tx, ctx.operator.id, id, { deletedAt: now, updatedAt: now });
        await cancelPending(tx, id, now);
      }),
  };
}

export type WebhookEndpointsService = ReturnType<typeof webhookEndpointsService>;
