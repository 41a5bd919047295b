import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  CreateTimelineEventBody,
  TimelineEventDeletedEnvelope,
  TimelineEventEnvelope,
  TimelineEventParams,
  UpdateTimelineEventBody,
  timelineEventInputOf,
} from './timeline-events.schemas.ts';
import { serializeTimelineEvent } from './timeline-events.serialize.ts';

const one = { kind: 'one', key: 'event', type: 'timeline_event' } as const;
const tag = 'Timeline Events';
const write = 'public.timeline_event:write';

const createEvent = defineRoute({
  method: 'POST',
  path: '/timeline/events',
  scope: write,
  operationId: 'createTimelineEvent',
  summary: 'Create an Event',
  tag,
  query: ShowQuery,
  body: CreateTimelineEventBody,
  response: TimelineEventEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeTimelineEvent(
      ctx,
      await ctx.services.timelineEvents.create(ctx, {
        ...timelineEventInputOf(body),
        sourceId: body.source.id,
        templateId: body.template.id,
      }),
    ),
});

const updateEvent = defineRoute({
  method: 'PATCH',
  path: '/timeline/events/:event_id',
  scope: write,
  operationId: 'updateTimelineEvent',
  summary: 'Update an Event',
  tag,
  params: TimelineEventParams,
  query: ShowQuery,
  body: UpdateTimelineEventBody,
  response: TimelineEventEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeTimelineEvent(
      ctx,
      await ctx.services.timelineEvents.update(ctx, params.event_id, timelineEventInputOf(body)),
    ),
});

const deleteEvent = defineRoute({
  method: 'DELETE',
  path: '/timeline/events/:event_id',
  scope: write,
  operationId: 'deleteTimelineEvent',
  summary: 'Delete an Event',
  tag,
  params: TimelineEventParams,
  response: TimelineEventDeletedEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.timelineEvents.remove(ctx, params.event_id);
    return { message: 'Timeline event deleted successfully.' };
  },
});

export const timelineEventsModule: ResourceModule = {
  routes: [createEvent, updateEvent, deleteEvent],
  types: [
    {
      name: 'timeline_event',
      // No read endpoint exists: expanding the relations of a written event needs their own scopes.
      scope: write,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.timelineEvents.findMany(ctx, ids), (e) => serializeTimelineEvent(ctx, e)),
      relations: {
        contact: { type: 'contact' },
        invoice: { type: 'invoice' },
        site: { type: 'site' },
        source: { type: 'timeline_source' },
        subscription: { type: 'subscription' },
        template: { type: 'timeline_template' },
        tenancy: { type: 'tenancy' },
        unit: { type: 'unit' },
        unit_type: { type: 'unit_type' },
      },
    },
  ],
};
