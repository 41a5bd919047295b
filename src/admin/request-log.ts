import type { FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/clock.ts';

/** One answered request, as `lockyard logs tail` prints it. */
export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  request_id: string;
  operator_id: string | null;
  /** Who called: `tok_…`, an application id, `staff:<id>` or `system:<name>`; null without credentials. */
  caller: string | null;
}

/**
 * The live request log of a running server (in memory; nothing is stored): every answered request but the admin
 * API's own, to the `logs tail` streams listening now.
 */
export function requestLog(app: FastifyInstance, clock: Clock) {
  const listeners = new Set<(e: RequestLogEntry) => void>();
  app.addHook('onResponse', async (request, reply) => {
    if (!listeners.size || request.url.startsWith('/_admin')) return;
    const ctx = request.ctx;
    const p = ctx?.principal;
    const entry: RequestLogEntry = {
      at: clock.now().toISOString(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime),
      request_id: String(request.id),
      operator_id: ctx?.operator?.id ?? null,
      caller: p
        ? (p.applicationId ?? p.tokenId ?? (p.staffId ? `staff:${p.staffId}` : p.system ? `system:${p.system}` : null))
        : null,
    };
    for (const l of listeners) l(entry);
  });
  return {
    subscribe(listener: (e: RequestLogEntry) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type RequestLog = ReturnType<typeof requestLog>;
