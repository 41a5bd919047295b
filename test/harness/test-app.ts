import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLockyard, type EmailOptions, type Lockyard } from '../../src/main.ts';
import { seedDemo, type DemoCredentials } from '../../src/sandbox/seed/demo.ts';
import { loadPgTemplate, loadTemplate, withDatabase } from './template.ts';

/** One statement on the PostgreSQL server at `url` (CREATE/DROP DATABASE and the like). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
import { updateOperatorRateLimits } from '../../src/storage/repos/operators.repo.ts';
import { SCOPES, type Scope } from '../../src/kernel/scopes.ts';
import type { Clock } from '../../src/kernel/clock.ts';
import type { LoadSheddingOptions } from '../../src/http/middleware/load-shedding.ts';
import type { WebhookNetwork } from '../../src/domain/webhooks/webhook-endpoint.ts';
import type { IdempotencyFaults } from '../../src/domain/access/idempotency.service.ts';
import type { LandingCredentials } from '../../src/web/landing/landing.view.ts';
import { systemPrincipal, type OperatorContext } from '../../src/domain/context.ts';
import type { AccessControlProvider } from '../../src/domain/access-control/access-grant.ts';

/** Which store this run uses: TEST_DATABASE_URL selects PostgreSQL, otherwise in-memory PGlite. */
export const STORE = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestApp {
  lockyard: Lockyard;
  /** Acme (full demo data) and Harbour (small), each with an all-scopes token. */
  a: { id: string; token: string };
  b: { id: string; token: string };
  creds: DemoCredentials;
  /** How this app opened its store, for a second process on the same data (PostgreSQL runs). */
  databaseOptions: { url?: string; schema?: string };
  request(method: string, url: string, opts?: RequestOptions): Promise<TestResponse>;
  get(url: string, opts?: RequestOptions): Promise<TestResponse>;
  post(url: string, body?: unknown, opts?: RequestOptions): Promise<TestResponse>;
  patch(url: string, body?: unknown, opts?: RequestOptions): Promise<TestResponse>;
  del(url: string, opts?: RequestOptions): Promise<TestResponse>;
  /** The context the CLI would act with for operator A (or `operatorId`), built by `contexts.contextFor`. */
  ctx(operatorId?: string): Promise<OperatorContext>;
  /** A token for operator A (or `operatorId`) with exactly these scopes. */
  tokenWith(scopes: Scope[] | 'all', operatorId?: string): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** A raw body string, sent as is (for malformed-JSON tests). */
  raw?: string;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/**
 * A fresh platform per test file: its own in-memory PGlite, or its own PostgreSQL schema,
 * seeded with the demo operators. Rate limits are lifted unless `rateLimits` says otherwise.
 */
export async function createTestApp(
  opts: {
    rateLimits?: 'default' | 'lifted';
    publicUrl?: string;
    clock?: Clock;
    sandbox?: boolean;
    webhookNetwork?: WebhookNetwork;
    idempotencyFaults?: IdempotencyFaults;
    email?: EmailOptions;
    loadShedding?: LoadSheddingOptions;
    redisUrl?: string;
    /** Access-control add-ons registered next to the built-in simulated provider. */
    accessProviders?: AccessControlProvider[];
  } = {},
): Promise<TestApp> {
  let dropSchema: (() => Promise<void>) | undefined;
  const url = process.env.TEST_DATABASE_URL;
  const template = url ? undefined : loadTemplate();
  let database: Parameters<typeof createLockyard>[0]['database'] = template ? { loadDataDir: template.dump } : {};
  const pgTemplate = url ? loadPgTemplate() : undefined;
  if (url && pgTemplate) {
    // A copy of the seeded template database, dropped when the file is done.
    const name = `t_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE "${name}" TEMPLATE "${pgTemplate.database}"`);
    database = { url: withDatabase(url, name) };
    // Plain DROP when every connection is closed (the normal case); FORCE only for a straggler.
    dropSchema = () =>
      adminQuery(url, `DROP DATABASE IF EXISTS "${name}"`).catch(() =>
        adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
  } else if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    database = { url, schema };
    dropSchema = () => adminQuery(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
  const lockyard = await createLockyard({
    database,
    publicUrl: opts.publicUrl ?? 'http://lockyard.test',
    sandbox: opts.sandbox ?? true,
    clock: opts.clock,
    webhookNetwork: opts.webhookNetwork,
    logLevel: false,
    idempotencyFaults: opts.idempotencyFaults,
    demoCredentials: () => creds as unknown as LandingCredentials,
    email: opts.email,
    loadShedding: opts.loadShedding,
    redisUrl: opts.redisUrl,
    accessProviders: opts.accessProviders,
  });
  const creds =
    template?.creds ??
    pgTemplate?.creds ??
    (await seedDemo({
      db: lockyard.database.db,
      clock: lockyard.clock,
      tokens: lockyard.services.tokens,
      events: lockyard.services.events,
    }));
  const [opA, opB] = creds.operators;
  if (opts.rateLimits !== 'default') {
    for (const o of creds.operators) await updateOperatorRateLimits(lockyard.database.db, o.id, 100_000, 1_000_000);
  }
  const a = { id: opA.id, token: opA.access_token };
  const b = { id: opB.id, token: opB.access_token };

  const request = async (
    method: string,
    path: string,
    o: RequestOptions = {},
    body?: unknown,
  ): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const token = o.token === undefined ? a.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = o.raw;
    if (body !== undefined && payload === undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const res = await lockyard.app.inject({ method: method as 'GET', url: path, headers, payload });
    let parsed: unknown = undefined;
    if (String(res.headers['content-type'] ?? '').includes('json')) parsed = res.json();
    return { status: res.statusCode, headers: res.headers as TestResponse['headers'], body: parsed, text: res.body };
  };

  return {
    lockyard,
    a,
    b,
    creds,
    databaseOptions: database as { url?: string; schema?: string },
    request: (m, u, o) => request(m, u, o),
    get: (u, o) => request('GET', u, o),
    post: (u, body, o) => request('POST', u, o, body),
    patch: (u, body, o) => request('PATCH', u, o, body),
    del: (u, o) => request('DELETE', u, o),
    ctx: (operatorId = a.id) => lockyard.services.contexts.contextFor(operatorId, systemPrincipal('cli')),
    async tokenWith(scopes, operatorId = a.id) {
      const { token } = await lockyard.services.tokens.create({
        operatorId,
        scopes: scopes === 'all' ? [...SCOPES] : scopes,
      });
      return token;
    },
    async close() {
      await lockyard.close();
      await dropSchema?.();
    },
  };
}
