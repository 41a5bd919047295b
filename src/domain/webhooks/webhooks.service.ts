import type { Clock } from '../../kernel/clock.ts';
import { conflict, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import * as endpoints from '../../storage/repos/webhook-endpoints.repo.ts';
import type { EventRow } from '../../storage/repos/events.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { JobHandler } from '../jobs/job.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { clockService } from '../operators/clock.service.ts';
import { DELIVERY_JOB, deliveryJobHandler, type DeliverySettings } from './delivery.job.ts';
import { DELIVERY_LOG_RETENTION_DAYS, type LoggedEvent, type WebhookDelivery } from './delivery.ts';
import type { Visibility, WebhookNetwork } from './webhook-endpoint.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { readScopeOf } from './event-scopes.ts';
import { addressPolicy } from '../../kernel/net/address-guard.ts';

export const PRUNE_JOB = 'webhook.prune';
const DAY_MS = 86_400_000;

/**
 * Webhook delivery: fan-out inside the emitting transaction, delivery as a job kind,
 * due retries when the sandbox clock moves, the delivery log, resend and its retention.
 */
export function webhooksService(deps: {
  db: Db;
  clock: Clock;
  events: EventsService;
  jobs: JobsService;
  clockService: ReturnType<typeof clockService>;
  sandbox?: boolean;
  webhookNetwork?: WebhookNetwork;
}) {
  const { db, clock, jobs } = deps;
  const settings: DeliverySettings = {
    timeoutMs: 20_000,
    guard: { policy: addressPolicy({ sandbox: deps.sandbox ?? true, allow: deps.webhookNetwork?.allow }), resolve: deps.webhookNetwork?.resolve },
  };

  function deliveryJob(d: deliveries.NewDelivery) {
    return {
      kind: DELIVERY_JOB,
      operatorId: d.operatorId,
      groupKey: d.endpointId,
      payload: { delivery_id: d.id },
      runAt: clock.now(),
      clockOffsetMs: clock.offsetMs(d.operatorId),
    };
  }

  /** One delivery per enabled endpoint subscribed to the type, in the event's own transaction. */
  async function fanOut(tx: Tx, event: EventRow) {
    const ids = await endpoints.subscribedEndpointIds(tx, event.operatorId, event.type);
    if (!ids.length) return;
    await deliveries.insertPayload(tx, { eventId: event.id, operatorId: event.operatorId, body: JSON.stringify(event.payload), createdAt: event.createdAt });
    const rows = ids.map((endpointId) => ({ id: newId('delivery'), operatorId: event.operatorId, eventId: event.id, endpointId, createdAt: event.createdAt }));
    await deliveries.insertDeliveries(tx, rows);
    await jobs.enqueue(tx, rows.map(deliveryJob));
  }

  const prune: JobHandler<true, null> = {
    kind: PRUNE_JOB,
    load: async (_db, js) => new Map(js.map((j) => [j.id, true as const])),
    run: async () => null,
    async settle(tx, items) {
      await deliveries.pruneDeliveryLog(tx, clock.now(), DELIVERY_LOG_RETENTION_DAYS);
      return new Map(items.map((i) => [i.job.id, { type: 'retry' as const, runAt: new Date(clock.now().getTime() + DAY_MS) }]));
    },
  };

  deps.events.onEmit(fanOut);
  jobs.register(deliveryJobHandler(clock, settings));
  jobs.register(prune);
  jobs.recurring({ id: 'job_webhook_prune', kind: PRUNE_JOB });
  // Retry times are operator time: when the sandbox clock moves, due retries run before the response.
  deps.clockService.onAdvance(async (operatorId) => {
    await withTransaction(db, (tx) => jobs.shiftOperator(tx, operatorId, clock.offsetMs(operatorId)));
    await jobs.runDue({ operatorId });
  });

  async function visibleEndpoint(ctx: OperatorContext, visibility: Visibility, id: string) {
    return (await endpoints.findEndpoint(db, ctx.operator.id, id, visibility)) ?? notFound('webhook_endpoint', id);
  }

  return {
    /** Per-attempt timeout (tests and benchmarks shorten the guide's 20 s). */
    setDeliveryTimeout(ms: number) {
      settings.timeoutMs = ms;
    },

    /** The log carries each event's resource, so it lists only the types the caller may read. */
    async listEvents(ctx: OperatorContext, page: Page, filter: { types?: string[] }): Promise<PageOf<LoggedEvent>> {
      const types = (filter.types ?? EVENT_TYPES).filter((t) => ctx.principal.scopes.has(readScopeOf(t)));
      if (!types.length) return { items: [], total: 0 };
      return deliveries.listLoggedEvents(db, ctx.operator.id, page, { types });
    },

    async getEvent(ctx: OperatorContext, id: string): Promise<LoggedEvent> {
      const event = await deliveries.findLoggedEvent(db, ctx.operator.id, id);
      if (!event || !ctx.principal.scopes.has(readScopeOf(event.type))) notFound('event', id);
      return event;
    },

    async listDeliveries(
      ctx: OperatorContext,
      visibility: Visibility,
      page: Page,
      filter: { endpointId?: string; eventId?: string; statuses?: string[] },
    ): Promise<PageOf<WebhookDelivery>> {
      if (filter.endpointId) await visibleEndpoint(ctx, visibility, filter.endpointId);
      if (filter.eventId && !(await deliveries.findLoggedEvent(db, ctx.operator.id, filter.eventId))) notFound('event', filter.eventId);
      return deliveries.listDeliveries(db, ctx.operator.id, visibility, page, filter);
    },

    async getDelivery(ctx: OperatorContext, visibility: Visibility, id: string): Promise<WebhookDelivery> {
      return (await deliveries.findDelivery(db, ctx.operator.id, id, visibility)) ?? notFound('delivery', id);
    },

    /** Sends the same event to the same endpoint again, as a new delivery with its own retries. */
    async resend(ctx: OperatorContext, visibility: Visibility, id: string): Promise<WebhookDelivery> {
      const original = (await deliveries.findDelivery(db, ctx.operator.id, id, visibility)) ?? notFound('delivery', id);
      const newIdValue = await withTransaction(db, async (tx) => {
        const endpoint = await endpoints.findEndpoint(tx, ctx.operator.id, original.endpointId, 'all', true);
        if (!endpoint) throw conflict('The webhook endpoint of this delivery has been deleted.');
        if (endpoint.status !== 'enabled') throw conflict('The webhook endpoint of this delivery is disabled; enable it to resend.');
        const row = { id: newId('delivery'), operatorId: ctx.operator.id, eventId: original.eventId, endpointId: original.endpointId, resendOf: original.id, createdAt: ctx.now() };
        await deliveries.insertDeliveries(tx, [row]);
        await jobs.enqueue(tx, [deliveryJob(row)]);
        return row.id;
      });
      return (await deliveries.findDelivery(db, ctx.operator.id, newIdValue, visibility))!;
    },

    /** Retention pass, also run daily by the `webhook.prune` job. */
    prune: () => withTransaction(db, (tx) => deliveries.pruneDeliveryLog(tx, clock.now(), DELIVERY_LOG_RETENTION_DAYS)),
  };
}

export type WebhooksService = ReturnType<typeof webhooksService>;
