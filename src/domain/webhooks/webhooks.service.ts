import type { Clock } from '../../kernel/clock.ts';
import { conflict, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import * as endpoints from '../../storage/repos/webhook-endpoints.repo.ts';
import { eventsAfter, latestEventSeq, type EventRow } from '../../storage/repos/events.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import { DELIVERY_JOB, DELIVERY_LOG_RETENTION_DAYS, type LoggedEvent, type WebhookDelivery } from './delivery.ts';
import type { Visibility } from './webhook-endpoint.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { readScopeOf } from './event-scopes.ts';

/**
 * Webhooks as the domain sees them: fan-out inside the emitting transaction (a delivery row and a job per
 * subscribed endpoint), the delivery log, resend and its retention. Sending is the engine's
 * (engines/webhooks/delivery.job.ts).
 */
export function webhooksService(deps: { db: Db; clock: Clock; jobs: JobsService }) {
  const { db, clock, jobs } = deps;

  function deliveryJob(ctx: OperatorContext, d: deliveries.NewDelivery) {
    return {
      kind: DELIVERY_JOB,
      operatorId: d.operatorId,
      groupKey: d.endpointId,
      payload: { delivery_id: d.id },
      runAt: clock.now(),
      clockOffsetMs: ctx.operator.clockOffsetMs,
    };
  }

  /** One delivery per enabled endpoint subscribed to the type, in the event's own transaction. */
  async function fanOut(tx: Tx, ctx: OperatorContext, event: EventRow) {
    const ids = await endpoints.subscribedEndpointIds(tx, event.operatorId, event.type);
    if (!ids.length) return;
    await deliveries.insertPayload(tx, {
      eventId: event.id,
      operatorId: event.operatorId,
      body: JSON.stringify(event.payload),
      createdAt: event.createdAt,
    });
    const rows = ids.map((endpointId) => ({
      id: newId('delivery'),
      operatorId: event.operatorId,
      eventId: event.id,
      endpointId,
      createdAt: event.createdAt,
    }));
    await deliveries.insertDeliveries(tx, rows);
    await jobs.enqueue(
      tx,
      rows.map((row) => deliveryJob(ctx, row)),
    );
  }

  async function visibleEndpoint(ctx: OperatorContext, visibility: Visibility, id: string) {
    return (await endpoints.findEndpoint(db, ctx.operator.id, id, visibility)) ?? notFound('webhook_endpoint', id);
  }

  return {
    /** Fan-out, run by the events service inside each emitting transaction (wired in services.ts). */
    fanOut,

    /** Where the event log ends now (its `seq`): a sandbox trigger reports the events written after it. */
    latestSeq: () => latestEventSeq(db),

    /** The operator's events written after `seq`, in the order written (types the caller may read). */
    async eventsAfter(ctx: OperatorContext, seq: number): Promise<Array<EventRow & { seq: number }>> {
      const rows = await eventsAfter(db, seq, { operatorId: ctx.operator.id, limit: 1000 });
      return rows.filter((r) => ctx.principal.scopes.has(readScopeOf(r.type)));
    },

    /** The log carries each event's resource, so it lists only the types the caller may read. */
    async listEvents(
      ctx: OperatorContext,
      page: Page,
      filter: { types?: string[]; range?: TimeRange },
    ): Promise<PageOf<LoggedEvent>> {
      const types = (filter.types ?? EVENT_TYPES).filter((t) => ctx.principal.scopes.has(readScopeOf(t)));
      if (!types.length) return { items: [], total: 0 };
      return deliveries.listLoggedEvents(db, ctx.operator.id, page, { types, range: filter.range });
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
      if (filter.eventId && !(await deliveries.findLoggedEvent(db, ctx.operator.id, filter.eventId)))
        notFound('event', filter.eventId);
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
        if (endpoint.status !== 'enabled')
          throw conflict('The webhook endpoint of this delivery is disabled; enable it to resend.');
        const row = {
          id: newId('delivery'),
          operatorId: ctx.operator.id,
          eventId: original.eventId,
          endpointId: original.endpointId,
          resendOf: original.id,
          createdAt: ctx.now(),
        };
        await deliveries.insertDeliveries(tx, [row]);
        await jobs.enqueue(tx, [deliveryJob(ctx, row)]);
        return row.id;
      });
      return (await deliveries.findDelivery(db, ctx.operator.id, newIdValue, visibility))!;
    },

    /** Retention pass, also run daily by the `webhook.prune` job. */
    prune: () => withTransaction(db, (tx) => deliveries.pruneDeliveryLog(tx, clock.now(), DELIVERY_LOG_RETENTION_DAYS)),
  };
}

export type WebhooksService = ReturnType<typeof webhooksService>;
