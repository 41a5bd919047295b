import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../kernel/clock.ts';
import type { BuiltinAddons } from '../addons-builtin/builtin-addons.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Services } from '../domain/services.ts';
import type { RequestContext } from './context.ts';
import { sendError, toDomainError } from './errors.ts';
import { negotiate, type Format } from './middleware/accept.ts';
import type { RateLimiter } from './middleware/rate-limit.ts';
import { ResourceTypes } from './conventions/resource-types.ts';
import { registerRoute } from './register-route.ts';
import { createValidatorCompiler } from './validation.ts';
import type { RouteSpec } from './route.ts';
import type { ResourceType } from './conventions/resource-types.ts';
import { registerOpenApi } from './openapi.ts';
import { INPUT_LIMITS } from './input-limits.ts';
import { parseQueryString } from './conventions/query-string.ts';
import { guardInput } from './middleware/input-guard.ts';
import { badUrlError, clientErrorHandler, surfaceOf, type ErrorSurface } from './middleware/bad-requests.ts';
import { ResponseCache } from './middleware/response-cache.ts';
import type { SharedDataVersion } from './middleware/shared-version.ts';
import { recordRequests } from './middleware/request-record.ts';
import { loadShedding, type LoadSheddingOptions } from './middleware/load-shedding.ts';
import type { IdempotentRequest } from './middleware/idempotency.ts';

export interface HttpConfig {
  /** Base URL clients reach this server at (links, curies, image URLs). */
  publicUrl: string;
  /** Sandbox mode: movable clocks, /sandbox endpoints, http webhook URLs allowed. */
  sandbox: boolean;
  /**
   * First run (docs/decisions/onboarding.md): set by `lockyard start` when the store has no operator; the
   * back office's setup page asks for it, so whoever reaches the URL first cannot claim the install. Cleared once
   * an operator is set up.
   */
  setupCode?: string;
}

export interface AppDeps {
  config: HttpConfig;
  services: Services;
  clock: Clock;
  rateLimiter: RateLimiter;
  logger?: Logger | false;
  /** Subscribes to data changes (any write, any process), to drop cached reads. */
  onDataChange?: (listener: () => void) => () => void;
  /** With several API processes (Redis): the fleet-wide data version that makes cached reads read-your-writes. */
  sharedVersion?: SharedDataVersion;
  /** Refuse new requests with 503 + Retry-After under overload (absent: never). */
  loadShedding?: LoadSheddingOptions;
  /** Lockyard's own add-ons (src/addons-builtin): their webhooks, and the CSV export's download. */
  builtinAddons?: BuiltinAddons;
}

export interface ApiModule {
  routes: RouteSpec[];
  types: ResourceType[];
}

declare module 'fastify' {
  interface FastifyInstance {
    lockyard: AppDeps & {
      types: ResourceTypes;
      cache: ResponseCache;
      surfaces: ErrorSurface[];
      /** Every route registered, API and web pages alike (the generated input tests walk it). */
      routeTable: ReadonlyArray<{ method: string; url: string }>;
    };
  }
  interface FastifyRequest {
    ctx?: RequestContext;
    format: Format;
    idempotency?: IdempotentRequest;
  }
  interface FastifyContextConfig {
    spec?: RouteSpec;
  }
}

/** Builds the HTTP app: every cross-cutting API convention is wired here, once. */
export async function buildApp(
  deps: AppDeps,
  modules: ApiModule[],
  extras: Array<(app: FastifyInstance) => Promise<void> | void> = [],
) {
  // Route templates, for naming the parameter in a URL the router refuses (bad-requests.ts).
  const templates: string[] = [];
  const routeTable: Array<{ method: string; url: string }> = [];
  const surfaces: ErrorSurface[] = [];
  const app: FastifyInstance = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger as unknown as FastifyBaseLogger } : { logger: false }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: INPUT_LIMITS.bodyBytes,
    http: { maxHeaderSize: INPUT_LIMITS.headerBytes },
    clientErrorHandler: clientErrorHandler(deps.config.publicUrl),
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: INPUT_LIMITS.paramChars,
      querystringParser: parseQueryString,
    },
    // A URL the router refuses matches no route, so no plugin's error handler: the surface that owns
    // the path (OAuth, back office, checkout) answers in its own format, anything else in the envelope.
    frameworkErrors: (err, request, reply) => {
      const refused =
        err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? badUrlError(request.raw.url ?? '', templates)
          : toDomainError(err, request);
      const surface = surfaceOf(surfaces, request.raw.url ?? '');
      if (surface) return surface.handle(refused, request, reply);
      return sendError(reply.header('X-Request-Id', request.id), refused);
    },
  });
  app.addHook('onRoute', (route) => {
    templates.push(route.url);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  // First of all hooks: a request refused for overload costs as little as possible.
  loadShedding(app, deps.loadShedding ?? {});
  const types = new ResourceTypes();
  for (const m of modules) for (const t of m.types) types.add(t);
  const cache = new ResponseCache();
  const unsubscribe = deps.onDataChange?.(cache.invalidate);
  const unbump = deps.sharedVersion && deps.onDataChange?.(deps.sharedVersion.bump);
  app.addHook('onClose', async () => {
    unsubscribe?.();
    unbump?.();
  });
  // A write's response waits until the fleet's data version has moved past it (middleware/shared-version.ts).
  const shared = deps.sharedVersion;
  if (shared)
    app.addHook('onSend', async (request, _reply, payload) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') await shared.settled();
      return payload;
    });
  app.decorate('lockyard', { ...deps, types, cache, surfaces, routeTable });
  if (deps.config.sandbox) recordRequests(app);
  app.decorateRequest('format', 'application/json');
  app.decorateRequest('ctx', undefined);
  app.decorateRequest('idempotency', undefined);

  app.setValidatorCompiler(createValidatorCompiler());
  // Responses are plain JSON.stringify: response schemas document the API and drive contract tests.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (!text) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new DomainError('invalid_request', 'The request body is not valid JSON.'), undefined);
    }
  });

  // Every route, including the OAuth and web ones registered as extras, refuses unstorable input first.
  app.addHook('preValidation', guardInput);

  app.setErrorHandler((err, request, reply) =>
    sendError(reply.header('X-Request-Id', request.id), toDomainError(err, request)),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(reply.header('X-Request-Id', request.id), new DomainError('invalid_endpoint')),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));

  await registerOpenApi(app, modules);
  for (const m of modules) for (const spec of m.routes) registerRoute(app, spec);
  for (const extra of extras) await extra(app);
  return app;
}

export function requireCtx(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new DomainError('invalid_token');
  return request.ctx;
}
