import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { systemClock, type Clock } from './kernel/clock.ts';
import { openDatabase, type Database, type DatabaseOptions } from './storage/database.ts';
import { initSetting } from './storage/repos/images.repo.ts';
import { createServices, type Services } from './domain/services.ts';
import type { IdempotencyFaults } from './domain/access/idempotency.service.ts';
import { buildApp, type HttpConfig } from './http/app.ts';
import type { LoadSheddingOptions } from './http/middleware/load-shedding.ts';
import { SharedDataVersion } from './http/middleware/shared-version.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './http/middleware/rate-limit.ts';
import { apiModules } from './resources/index.ts';
import { oauthPlugin } from './oauth/oauth.plugin.ts';
import { backofficePlugin } from './web/backoffice/backoffice.plugin.ts';
import { checkoutPlugin } from './web/checkout/checkout.plugin.ts';
import { landingPlugin } from './web/landing/landing.plugin.ts';
import type { LandingCredentials } from './web/landing/landing.view.ts';
import { addonApiPlugin } from './web/addon-api/addon-api.plugin.ts';
import { builtinAddonsPlugin } from './web/builtin-addons/builtin-addons.plugin.ts';
import { BUILTIN_PATH, builtinAddons } from './addons-builtin/builtin-addons.ts';
import type { HttpExchange } from './kernel/net/http-exchange.ts';
import { portalPlugin } from './web/portal/portal.plugin.ts';
import { portalBillingPlugin } from './web/portal/portal-billing.plugin.ts';
import { storefrontPlugin } from './web/storefront/storefront.plugin.ts';
import { checkEventRenderers } from './domain/events/event-map.ts';
import { createJobRunner, type JobRunner } from './engines/jobs/job-runner.ts';
import { deliveryJobHandler, type DeliverySettings } from './engines/webhooks/delivery.job.ts';
import { PRUNE_RECURRING, pruneJobHandler } from './engines/webhooks/prune.job.ts';
import { LIFECYCLE_SETTLE_CHUNK_POSTGRES, lifecycleJobHandler } from './domain/lifecycle/lifecycle.job.ts';
import { billingChargeJobHandler } from './domain/addons/billing-collection.ts';
import { emailJobHandler, type EmailSettings } from './engines/email/email.job.ts';
import { smtpTransport } from './engines/email/mail-transport.ts';
import { addressPolicy } from './kernel/net/address-guard.ts';
import type { FastifyInstance } from 'fastify';
import type { WebhookNetwork } from './domain/webhooks/webhook-endpoint.ts';
import type { AccessControlProvider } from './domain/access-control/access-grant.ts';
import { sealer } from './domain/addons/sealing.ts';
import { addonSecretsKey } from './storage/secrets-key.ts';
import {
  addonCaller,
  addonDeliveryJobHandler,
  type AddonDeliverySettings,
} from './engines/addons/addon-delivery.job.ts';
import { addonDailyJobHandler } from './engines/addons/addon-daily.job.ts';
import { runWebtask } from './engines/addons/webtask-runner.ts';
import { ADDON_DELIVERY_TIMEOUT_MS } from './domain/addons/addon.ts';

export interface LockyardOptions {
  database: DatabaseOptions | Database;
  publicUrl?: string;
  sandbox?: boolean;
  redisUrl?: string;
  /** Real time (tests inject a ManualClock); each operator's business time is derived from it. */
  clock?: Clock;
  logLevel?: string | false;
  /** Webhook network settings: the operator allow-list (`--webhook-allow`) and, in tests, a resolver. */
  webhookNetwork?: WebhookNetwork;
  onProgress?: (message: string) => void;
  /** Crash-safety tests only: pauses or failures around the Idempotency-Key's commit. */
  idempotencyFaults?: IdempotencyFaults;
  /** The demo seed's credentials (read from the data dir), shown on the landing page in sandbox mode only. */
  demoCredentials?: () => LandingCredentials | undefined;
  /** Access-control add-ons (third-party providers), registered by name next to the built-in simulated one. */
  accessProviders?: AccessControlProvider[];
  /**
   * The AES-256-GCM key for add-on secrets (32 bytes, or any string hashed to 32). Default: LOCKYARD_SECRETS_KEY,
   * else `secrets.key` next to a PGlite data dir, else one kept in the database (docs/addons.md).
   */
  secretsKey?: string | Buffer;
  /** Overload protection: 503 + Retry-After past these limits (http/middleware/load-shedding.ts). Default: off. */
  loadShedding?: LoadSheddingOptions;
  /** Customer email: SMTP (`smtp://user:pass@host:port`) and the sender. Sandbox mode keeps a mailbox either way. */
  email?: EmailOptions;
}

export interface EmailOptions {
  smtpUrl?: string;
  from?: string;
  /** Tests only: accept the test SMTP server's self-signed certificate. */
  smtpTls?: { rejectUnauthorized?: boolean };
}

export interface Lockyard {
  app: FastifyInstance;
  database: Database;
  services: Services;
  /** Background work, wired here rather than by the services: the job runner and the webhook sender's settings. */
  engines: Engines;
  clock: Clock;
  config: HttpConfig;
  /** Background work (webhook delivery, scheduler) registers here and runs from `start()`. */
  background: BackgroundTask[];
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface Engines {
  /** Runs queued jobs: `worker()` for a long-running process, `runDue()` to run what is due now. */
  jobs: JobRunner;
  /** Webhook delivery settings (tests and benchmarks shorten the guide's 20 s per-attempt timeout). */
  delivery: DeliverySettings;
  /** Add-on delivery settings (the add-on guide's 30 s). */
  addonDelivery: AddonDeliverySettings;
  /** How customer emails leave: the SMTP transport (or none) and the sender. */
  email: EmailSettings;
}

export interface BackgroundTask {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires storage, domain and HTTP into one running platform (the CLI and the tests both start here). */
export async function createLockyard(opts: LockyardOptions): Promise<Lockyard> {
  // A database handed in belongs to the caller (a second instance on one store, as after a restart): not closed here.
  const owned = !('db' in opts.database);
  const database =
    'db' in opts.database ? opts.database : await openDatabase({ ...opts.database, onProgress: opts.onProgress });
  const clock = opts.clock ?? systemClock;
  const imageSecret = await initSetting(database.db, 'image_secret', randomBytes(32).toString('hex'));
  const config: HttpConfig = {
    publicUrl: (opts.publicUrl ?? 'http://localhost:4000').replace(/\/$/, ''),
    sandbox: opts.sandbox ?? true,
  };
  const secrets = sealer(
    await addonSecretsKey(database.db, {
      key: opts.secretsKey ?? process.env.LOCKYARD_SECRETS_KEY,
      dataDir: 'db' in opts.database ? undefined : opts.database.dataDir,
    }),
  );
  // Lockyard's own add-ons speak HTTP to this server: served in process, through the same routes (app, below).
  let ownApp: FastifyInstance | undefined;
  const ownHttp: HttpExchange = async (req) => {
    if (!req.url.startsWith(`${config.publicUrl}/`) || !ownApp)
      throw new Error(`Lockyard's own add-ons call only ${config.publicUrl}`);
    const res = await ownApp.inject({
      method: req.method as 'GET',
      url: req.url.slice(config.publicUrl.length),
      headers: req.headers,
      payload: req.body,
    });
    return { status: res.statusCode, body: res.body };
  };
  const builtins = builtinAddons({ db: database.db, clock, sealer: secrets, http: ownHttp });
  const renderers = Object.assign({}, ...apiModules.map((m) => m.renderers ?? {}));
  checkEventRenderers(renderers);
  const services: Services = createServices({
    db: database.db,
    clock,
    onDataChange: database.onChange,
    imageSecret,
    sandbox: config.sandbox,
    webhookNetwork: opts.webhookNetwork,
    idempotencyFaults: opts.idempotencyFaults,
    accessProviders: opts.accessProviders,
    sealer: secrets,
    addonApiUrl: `${config.publicUrl}/api`,
    onAddonInstalled: builtins.onInstalled,
    // The delivery settings are built below; calls happen only once the platform runs.
    addonCall: (req) => addonCaller(clock, addonDelivery)(req),
    webtaskRunner: runWebtask,
    renderEvent: (ctx, key, entity) => {
      const render = renderers[key];
      if (!render) throw new Error(`No renderer for event data '${key}'`);
      return render(
        {
          publicUrl: config.publicUrl,
          operator: ctx.operator,
          imageUrls: (id: string, image: { filename: string } | null) =>
            services.images.urls(config.publicUrl, id, image),
        },
        entity,
      );
    },
  });
  const delivery: DeliverySettings = {
    timeoutMs: 20_000,
    guard: {
      policy: addressPolicy({ sandbox: config.sandbox, allow: opts.webhookNetwork?.allow }),
      resolve: opts.webhookNetwork?.resolve,
    },
  };
  const addonDelivery: AddonDeliverySettings = {
    timeoutMs: ADDON_DELIVERY_TIMEOUT_MS,
    guard: delivery.guard,
    local: { prefix: `${config.publicUrl}${BUILTIN_PATH}/`, exchange: ownHttp },
  };
  for (const d of builtins.definitions(config.publicUrl)) await services.addons.ensureDefinition(d.id, d.input);
  const email: EmailSettings = {
    sandbox: config.sandbox,
    publicUrl: () => config.publicUrl,
    from: opts.email?.from ?? `Lockyard <no-reply@${new URL(config.publicUrl).hostname}>`,
    transport: opts.email?.smtpUrl ? smtpTransport(opts.email.smtpUrl, { tls: opts.email.smtpTls }) : null,
  };
  const engines: Engines = {
    delivery,
    addonDelivery,
    email,
    jobs: createJobRunner({
      db: database.db,
      clock,
      contexts: services.contexts,
      handlers: [
        deliveryJobHandler(clock, delivery, services.faults),
        pruneJobHandler(clock),
        addonDeliveryJobHandler(clock, services.addons, addonDelivery),
        addonDailyJobHandler(services.addons),
        lifecycleJobHandler({
          contexts: services.contexts,
          lifecycle: services.lifecycle,
          settleChunk: database.kind === 'postgres' ? LIFECYCLE_SETTLE_CHUNK_POSTGRES : undefined,
        }),
        emailJobHandler(clock, email, services.emails.prepare),
        billingChargeJobHandler({
          customBilling: services.customBilling,
          lifecycle: services.lifecycle,
          invoiceActions: services.invoiceActions,
        }),
      ],
      recurring: [PRUNE_RECURRING],
    }),
  };
  // Retry times are operator time: when the sandbox clock moves, due retries run before the response.
  services.clock.onAdvance(engines.jobs.catchUp);
  // One Redis connection for the shared rate-limit counters and the fleet's data version (response cache).
  const redis = opts.redisUrl
    ? new (await import('ioredis')).Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const rateLimiter: RateLimiter = redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter();
  const sharedVersion = redis ? new SharedDataVersion(redis) : undefined;
  const logger = opts.logLevel ? pino({ level: opts.logLevel }) : false;
  const app = await buildApp(
    {
      config,
      services,
      clock,
      rateLimiter,
      logger,
      onDataChange: database.onChange,
      sharedVersion,
      loadShedding: opts.loadShedding,
      builtinAddons: builtins,
    },
    apiModules,
    [
      oauthPlugin,
      backofficePlugin,
      checkoutPlugin,
      landingPlugin({ store: database.kind, demoCredentials: opts.demoCredentials }),
      addonApiPlugin,
      builtinAddonsPlugin,
      portalPlugin,
      portalBillingPlugin,
      storefrontPlugin,
    ],
  );
  ownApp = app;
  const background: BackgroundTask[] = [engines.jobs.worker({ listen: database.listen })];
  let started: BackgroundTask[] = [];
  return {
    app,
    database,
    services,
    engines,
    clock,
    config,
    background,
    async start() {
      for (const task of background) {
        await task.start();
        started.push(task);
      }
    },
    async close() {
      for (const task of started.reverse()) await task.stop();
      started = [];
      await app.close();
      email.transport?.close();
      services.contexts.close();
      await rateLimiter.close?.();
      if (owned) await database.close();
    },
  };
}
