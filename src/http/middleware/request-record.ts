import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Longest path kept per log line (query string included). */
const PATH_CHARS = 2048;
/** Responses larger than this are not parsed for the record they name. */
const RESOURCE_SCAN_BYTES = 256 * 1024;

/** The record a successful write's response names: its first top-level object with a string `id`. */
function namedResource(payload: unknown): { type: string; id: string } | null {
  if (typeof payload !== 'string' || payload.length > RESOURCE_SCAN_BYTES) return null;
  try {
    const body = JSON.parse(payload) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) {
      if (key === 'meta' || !value || typeof value !== 'object' || Array.isArray(value)) continue;
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string') return { type: key, id };
    }
  } catch {
    // not JSON: nothing named
  }
  return null;
}

const resources = new WeakMap<FastifyRequest, { type: string; id: string }>();

/**
 * Sandbox mode: every answered API request of an operator goes to the request log (the inspector's
 * `GET /sandbox/requests/{id}` and Developers → Requests), after the response is sent.
 */
export function recordRequests(app: FastifyInstance) {
  const { services, clock } = app.lockyard;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.ctx?.operator && reply.statusCode < 300) {
      const named = namedResource(payload);
      if (named) resources.set(request, named);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const ctx = request.ctx;
    if (!ctx?.operator || !request.routeOptions.config?.spec) return;
    const named = resources.get(request);
    services.requests.record(
      {
        requestId: String(request.id),
        operatorId: ctx.operator.id,
        method: request.method,
        path: request.url.slice(0, PATH_CHARS),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        tokenId: ctx.principal.tokenId,
        applicationId: ctx.principal.applicationId,
        resourceType: named?.type ?? null,
        resourceId: named?.id ?? null,
        createdAt: clock.now(),
      },
      (err) => request.log.warn({ err }, 'request log line not written'),
    );
  });
}
