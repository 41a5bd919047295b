import type { Scope } from '../../kernel/scopes.ts';

/**
 * Receiving an event is reading its resource: `contact.created` carries the whole contact, so it needs
 * `public.contact:read` (the event catalogue's data key is the scope's resource).
 */
export function readScopeOf(eventType: string): Scope {
  return `public.${eventType.slice(0, eventType.indexOf('.'))}:read` as Scope;
}

/** The entries of `eventTypes` whose read scope is not among `scopes`, with their index (for the pointer). */
export function eventsBeyondScopes(
  eventTypes: readonly string[],
  scopes: { has(scope: string): boolean },
): Array<{ index: number; type: string; scope: Scope }> {
  return eventTypes.flatMap((type, index) => {
    const scope = readScopeOf(type);
    return scopes.has(scope) ? [] : [{ index, type, scope }];
  });
}
