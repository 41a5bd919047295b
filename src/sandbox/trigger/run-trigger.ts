import { DomainError, invalidContent } from '../../kernel/errors.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { EVENT_TYPES, type EventType } from '../../domain/events/event-types.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { Services } from '../../domain/services.ts';
import { Overrides, TriggerKit } from './trigger-kit.ts';
import { TRIGGERS } from './triggers.ts';

export interface TriggerResult {
  type: EventType;
  /** Records made on the way, by kind (the last of each kind). */
  created: Record<string, string>;
  /** Every event the operator's log gained meanwhile, oldest first (at most 100). */
  events: Array<{ id: string; type: string; created_at: string | null }>;
  clock_advanced_seconds: number;
}

/** `lockyard trigger --list`: each event type with a producer, what it does and the overrides it takes. */
export function triggerList() {
  return {
    triggers: EVENT_TYPES.filter((t) => TRIGGERS[t]).map((t) => ({
      type: t,
      summary: TRIGGERS[t]!.summary,
      fields: TRIGGERS[t]!.fields,
    })),
    not_triggerable: EVENT_TYPES.filter((t) => !TRIGGERS[t]),
  };
}

/** Produces `type` through its real flow for the context's operator; fails if the flow did not emit it. */
export async function runTrigger(
  services: Services,
  ctx: OperatorContext,
  type: string,
  overrides: Record<string, string> = {},
): Promise<TriggerResult> {
  if (!(EVENT_TYPES as readonly string[]).includes(type))
    throw invalidContent('/type', `value at \`/type\` is not an event type`);
  const trigger = TRIGGERS[type as EventType];
  if (!trigger) throw invalidContent('/type', `no flow produces ${type} in this version yet`);
  const unknown = Object.keys(overrides).filter((f) => !trigger.fields.includes(f));
  if (unknown.length)
    throw invalidContent(
      '/overrides',
      `${type} takes no override ${unknown.join(', ')} (it takes: ${trigger.fields.join(', ') || 'none'})`,
    );
  const before = await services.webhooks.latestSeq();
  const kit = new TriggerKit(services, ctx, new Overrides(overrides));
  await trigger.run(kit);
  const gained = await services.webhooks.eventsAfter(kit.ctx, before);
  if (!gained.some((e) => e.type === type))
    throw new DomainError('conflict', `The ${type} flow ran but emitted no ${type} event.`);
  return {
    type: type as EventType,
    created: kit.created,
    events: gained.slice(0, 100).map((e) => ({ id: e.id, type: e.type, created_at: isoSeconds(e.createdAt) })),
    clock_advanced_seconds: kit.clockAdvancedSeconds,
  };
}
