import { isoSeconds } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { Handle, Tx } from '../../storage/database.ts';
import * as events from '../../storage/repos/events.repo.ts';
import type { OperatorContext } from '../context.ts';
import { dataKeyOf } from './event-types.ts';
import type { EmittedEventType, EventPayloads } from './event-map.ts';

export const API_VERSION = '2025-09';

/** Renders a domain entity exactly as its show endpoint does (wired from the resource modules). */
export type EventRenderer = (ctx: OperatorContext, dataKey: string, entity: unknown) => Record<string, unknown>;

/**
 * Hooks that run inside the emitting transaction, e.g. webhook fan-out. `entity` is the domain entity the event
 * renders, as the emitter read it in this transaction (a hook need not read it again).
 */
export type EmitHook = (tx: Tx, ctx: OperatorContext, event: events.EventRow, entity: unknown) => Promise<void>;

/** `hooks` are given at construction (services.ts), never added later by whoever happens to be built. */
export function eventsService({ render, hooks = [] }: { render: EventRenderer; hooks?: EmitHook[] }) {
  return {
    /**
     * The one way to emit an event: written with `tx`, the transaction of the change itself,
     * so there is never an event without its change nor a change without its event.
     */
    async emit<T extends EmittedEventType>(
      tx: Tx,
      ctx: OperatorContext,
      type: T,
      entity: EventPayloads[T],
    ): Promise<events.EventRow> {
      const key = dataKeyOf(type);
      const createdAt = ctx.now();
      const row: events.EventRow = {
        id: newId('event'),
        operatorId: ctx.operator.id,
        type,
        apiVersion: API_VERSION,
        createdAt,
        payload: {},
        requestId: ctx.requestId || null,
      };
      row.payload = {
        event: {
          id: row.id,
          type,
          api_version: API_VERSION,
          created_at: isoSeconds(createdAt),
          data: { [key]: render(ctx, key, entity) },
        },
      };
      await events.insertEvent(tx, row);
      for (const hook of hooks) await hook(tx, ctx, row, entity);
      return row;
    },

    list: (tx: Handle, operatorId: string, filter: { type?: string; limit: number }) =>
      events.listEvents(tx, operatorId, filter),
  };
}

export type EventsService = ReturnType<typeof eventsService>;
