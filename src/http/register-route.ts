import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';
import type { OperatorContext } from '../domain/context.ts';
import type { RequestContext } from './context.ts';
import { negotiate } from './middleware/accept.ts';
import { applyExpand, checkExpand, parseExpand } from './conventions/expand.ts';
import { curies, pagination } from './conventions/envelope.ts';
import { toCsv } from './conventions/csv.ts';
import { isBinaryResult, type ListResult, type RouteSpec, type SuccessResult, type Wire } from './route.ts';
import type { CachedResponse } from './middleware/response-cache.ts';
import { idempotencyHooks, respondIdempotently } from './middleware/idempotency.ts';
import { describeRoute, securityOf } from './openapi-describe.ts';
import { applyFaults } from './middleware/faults.ts';

export const API_PREFIX = '/2025-09';

/** Mounts one declared route with the full pipeline: accept → auth → rate limit → sandbox faults → scope → idempotency → handler → envelope. */
export function registerRoute(app: FastifyInstance, spec: RouteSpec) {
  const formats = spec.formats ?? (spec.envelope.kind === 'list' ? ['text/csv' as const] : []);
  // Plain reads of API resources may be served from the response cache; sandbox and public routes never are.
  const cacheable =
    spec.method === 'GET' &&
    !spec.prefix &&
    !spec.public &&
    (spec.envelope.kind === 'one' || spec.envelope.kind === 'list');
  app.route({
    method: spec.method,
    url: (spec.prefix ?? API_PREFIX) + spec.path,
    config: { spec },
    schema: {
      operationId: spec.operationId,
      summary: spec.summary,
      description: describeRoute(spec),
      tags: [spec.tag],
      ...securityOf(spec),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { querystring: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.response ? { response: { [spec.status ?? 200]: spec.response } } : {}),
      // Lists the CSV/PDF renderings in the OpenAPI document too, so generated clients offer downloads.
      ...(formats.length ? { produces: ['application/json', ...formats] } : {}),
    },
    onRequest: async (request, reply) => {
      reply.header('X-Request-Id', request.id);
      request.format = negotiate(request.headers.accept, formats);
      if (spec.public) return;
      await authenticate(app, request, reply, spec);
    },
    ...(spec.method === 'POST' ? postHooks(app, spec) : {}),
    handler: async (request, reply) => {
      const ctx = request.ctx ?? publicContext(app);
      const query = (request.query ?? {}) as Record<string, unknown>;
      if (spec.envelope.kind === 'one' || spec.envelope.kind === 'list') {
        ctx.expand = parseExpand(query.expand as string | undefined);
        checkExpand(app.lockyard.types, spec.envelope.type, ctx.expand, ctx);
      }
      const cacheKey = cacheable
        ? `${ctx.operator.id}|${ctx.principal.applicationId ?? ''}|${request.format}|${request.url}`
        : '';
      const { cache, clock, sharedVersion } = app.lockyard;
      const version = cache.current();
      // Read before computing, like `version`: a write committed meanwhile leaves the entry unusable, never stale.
      const shared = cacheable && sharedVersion ? await sharedVersion.read() : '';
      if (cacheable) {
        const hit = cache.get(cacheKey, clock.now().getTime(), shared);
        if (hit) return replay(reply, request, hit);
      }
      const input = {
        params: request.params as never,
        query: query as never,
        body: request.body as never,
        format: request.format,
      };
      if (request.idempotency) {
        return respondIdempotently(app, spec, request, reply, async () =>
          render(app, spec, ctx, request, reply, await spec.handler(ctx, input)),
        );
      }
      const result = await spec.handler(ctx, input);
      const body = await render(app, spec, ctx, request, reply, result);
      if (cacheable && !Buffer.isBuffer(body))
        cache.set(
          cacheKey,
          version,
          clock.now().getTime(),
          cacheValue(request, reply.getHeader('content-type') as string | undefined, body),
          shared,
        );
      return body;
    },
  });
}

/**
 * A route that declares `bodyOptional` may be sent with no body at all: it is read as `{}`. A body that is there
 * is validated as sent (`null` stays a 422).
 */
function postHooks(app: FastifyInstance, spec: RouteSpec) {
  const idem = idempotencyHooks(app);
  if (!spec.bodyOptional) return idem;
  const noBody = async (request: FastifyRequest) => {
    if (request.body === undefined) request.body = {};
  };
  return { ...idem, preValidation: [noBody, idem.preValidation] };
}

const REQUEST_ID_SLOT = '00000000-0000-4000-8000-request-slot';

/** Cached JSON is kept serialised with a slot where each replay writes its own request id. */
function cacheValue(request: FastifyRequest, contentType: string | undefined, body: unknown): CachedResponse {
  if (typeof body === 'string') return { contentType, body };
  const b = body as { meta: Record<string, unknown> };
  return { contentType, body: JSON.stringify({ ...b, meta: { ...b.meta, request_id: REQUEST_ID_SLOT } }), json: true };
}

function replay(reply: FastifyReply, request: FastifyRequest, hit: CachedResponse) {
  reply.type(hit.contentType ?? 'application/json; charset=utf-8');
  const body = hit.body as string;
  return hit.json ? body.replace(REQUEST_ID_SLOT, request.id) : body;
}

async function authenticate(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, spec: RouteSpec) {
  const { services, rateLimiter, clock } = app.lockyard;
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const { operatorId, principal } = await services.tokens.authenticate(bearer);
  const ctx = await services.contexts.contextFor(operatorId, principal);
  const { operator } = ctx;
  const decision = await rateLimiter.hit(
    operator.id,
    { perSecond: operator.rateLimitPerSecond, perMinute: operator.rateLimitPerMinute },
    clock.now().getTime(),
  );
  reply.headers({
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.reset),
  });
  if (!decision.allowed) {
    reply.header('Retry-After', String(decision.retryAfter));
    throw new DomainError('too_many_requests');
  }
  await applyFaults(app, reply, operator.id, principal);
  if (spec.scope && !principal.scopes.has(spec.scope)) {
    throw new DomainError('forbidden', `This endpoint requires the ${spec.scope} scope.`);
  }
  request.ctx = requestContext(app, ctx, request.id);
}

/** The domain context plus what the HTTP layer adds for this request. */
export function requestContext(app: FastifyInstance, ctx: OperatorContext, requestId: string): RequestContext {
  const { services, config } = app.lockyard;
  return {
    ...ctx,
    requestId,
    services,
    expand: new Map(),
    publicUrl: config.publicUrl,
    imageUrls: (ownerId, image) => services.images.urls(config.publicUrl, ownerId, image),
    sandbox: config.sandbox,
  };
}

/** Public routes (no token) have no operator: nothing there may read `operator` or business time. */
function publicContext(app: FastifyInstance): RequestContext {
  return requestContext(
    app,
    {
      operator: null as never,
      principal: {
        kind: 'access_token',
        tokenId: null,
        applicationId: null,
        grantId: null,
        staffId: null,
        staffUserId: null,
        system: null,
        scopes: new Set(),
      },
      now: () => {
        throw new Error('a public route has no operator clock');
      },
    },
    '',
  );
}

async function render(
  app: FastifyInstance,
  spec: RouteSpec,
  ctx: RequestContext,
  request: FastifyRequest,
  reply: FastifyReply,
  result: unknown,
) {
  const meta: Record<string, unknown> = { request_id: request.id, curies: curies(ctx.publicUrl, ctx.operator) };
  reply.code(spec.status ?? 200);
  switch (spec.envelope.kind) {
    case 'one': {
      if (isBinaryResult(result)) {
        const { contentType, data, filename } = result.binary;
        reply.type(contentType).header('Content-Disposition', `inline${filename ? `; filename="${filename}"` : ''}`);
        return Buffer.from(data);
      }
      // A route that declares a document format but answered with the resource cannot produce it.
      if (request.format !== 'application/json') throw new DomainError('invalid_format');
      const obj = result as Wire;
      await applyExpand(app.lockyard.types, spec.envelope.type, [obj], ctx.expand, ctx);
      return { [spec.envelope.key]: obj, meta };
    }
    case 'list': {
      const { items, total } = result as ListResult;
      await applyExpand(app.lockyard.types, spec.envelope.type, items, ctx.expand, ctx);
      if (request.format === 'text/csv') {
        reply.type('text/csv; charset=utf-8');
        return toCsv(items);
      }
      const q = request.query as { page?: number; limit?: number };
      return {
        [spec.envelope.key]: items,
        meta: { ...meta, pagination: pagination(total, q.page ?? 1, q.limit ?? 50) },
      };
    }
    case 'success': {
      const r = result as SuccessResult;
      // Extra meta (e.g. `unit_ids`) sits between request_id and curies, as the reference's examples show.
      return {
        success: { message: r.message },
        meta: { request_id: meta.request_id, ...(r.meta ?? {}), curies: meta.curies },
      };
    }
    case 'raw':
      return result;
    case 'redirect':
      reply.header('Cache-Control', 'no-store');
      return reply.redirect(result as string, 302);
    case 'file': {
      const f = result as { contentType: string; data: Uint8Array; cacheSeconds?: number };
      reply.type(f.contentType).header('Cache-Control', `private, max-age=${f.cacheSeconds ?? 60}`);
      return Buffer.from(f.data);
    }
  }
}
