import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { OperatorClock, type Clock } from './kernel/clock.ts';
import { openDatabase, type Database, type DatabaseOptions } from './storage/database.ts';
import { initSetting } from './storage/repos/images.repo.ts';
import { createServices, type Services } from './domain/services.ts';
import type { IdempotencyFaults } from './domain/access/idempotency.service.ts';
import { buildApp, type HttpConfig } from './http/app.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './http/middleware/rate-limit.ts';
import { apiModules } from './resources/index.ts';
import { oauthPlugin } from './oauth/oauth.plugin.ts';
import { backofficePlugin } from './web/backoffice/backoffice.plugin.ts';
import { checkoutPlugin } from './web/checkout/checkout.plugin.ts';
import type { FastifyInstance } from 'fastify';
import type { WebhookNetwork } from './domain/webhooks/webhook-endpoint.ts';

export interface LockyardOptions {
  database: DatabaseOptions | Database;
  publicUrl?: string;
  sandbox?: boolean;
  redisUrl?: string;
  clock?: Clock;
  logLevel?: string | false;
  /** Webhook network settings: the operator allow-list (`--webhook-allow`) and, in tests, a resolver. */
  webhookNetwork?: WebhookNetwork;
  onProgress?: (message: string) => void;
  /** Crash-safety tests only: pauses or failures around the Idempotency-Key's commit. */
  idempotencyFaults?: IdempotencyFaults;
}

export interface Lockyard {
  app: FastifyInstance;
  database: Database;
  services: Services;
  clock: Clock;
  config: HttpConfig;
  /** Background work (webhook delivery, scheduler) registers here and runs from `start()`. */
  background: BackgroundTask[];
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface BackgroundTask {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires storage, domain and HTTP into one running platform (the CLI and the tests both start here). */
export async function createLockyard(opts: LockyardOptions): Promise<Lockyard> {
  const database = 'db' in opts.database ? opts.database : await openDatabase({ ...opts.database, onProgress: opts.onProgress });
  const clock = opts.clock ?? new OperatorClock();
  const imageSecret = await initSetting(database.db, 'image_secret', randomBytes(32).toString('hex'));
  const config: HttpConfig = { publicUrl: (opts.publicUrl ?? 'http://localhost:4000').replace(/\/$/, ''), sandbox: opts.sandbox ?? true };
  const renderers = Object.assign({}, ...apiModules.map((m) => m.renderers ?? {}));
  const services: Services = createServices({
    db: database.db,
    clock,
    imageSecret,
    sandbox: config.sandbox,
    webhookNetwork: opts.webhookNetwork,
    idempotencyFaults: opts.idempotencyFaults,
    renderEvent: (ctx, key, entity) => {
      const render = renderers[key];
      if (!render) throw new Error(`No renderer for event data '${key}'`);
      return render({ publicUrl: config.publicUrl, operator: ctx.operator, imageUrls: (id: string, image: { filename: string } | null) => services.images.urls(config.publicUrl, id, image) }, entity);
    },
  });
  const rateLimiter: RateLimiter = opts.redisUrl
    ? new RedisRateLimiter(new (await import('ioredis')).Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }))
    : new MemoryRateLimiter();
  const logger = opts.logLevel ? pino({ level: opts.logLevel }) : false;
  const app = await buildApp({ config, services, clock, rateLimiter, logger, onDataChange: database.onChange }, apiModules, [oauthPlugin, backofficePlugin, checkoutPlugin]);
  const background: BackgroundTask[] = [services.jobs.worker({ listen: database.listen })];
  let started: BackgroundTask[] = [];
  return {
    app,
    database,
    services,
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
      await rateLimiter.close?.();
      await database.close();
    },
  };
}
