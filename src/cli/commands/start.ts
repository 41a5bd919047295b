import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { databaseOptions, storeFingerprint, withStoreOptions, type StoreFlags } from '../store-options.ts';
import { removeServerFile, writeServerFile } from '../server-file.ts';
import { idempotencyFaultsFromEnv } from '../test-faults.ts';
import type { LandingCredentials } from '../../web/landing/landing.view.ts';

interface StartFlags extends StoreFlags {
  port: number;
  host: string;
  seed: 'demo' | 'none';
  seedKey?: string;
  production?: boolean;
  adminPort?: number;
  redisUrl?: string;
  publicUrl?: string;
  webhookAllow?: string;
  smtpUrl?: string;
  mailFrom?: string;
  logLevel: string;
  /** Commander's negations: `--no-api` (a worker: background jobs only) and `--no-jobs` (API only). */
  api: boolean;
  jobs: boolean;
  apiProcesses: number;
  maxInFlight: number;
  maxEventLoopDelay: number;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a whole number');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

/** A URL this machine's CLI can call: a wildcard listen address means loopback. */
function localUrl(host: string, listening: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${listening}`;
}

export function startCommand(): Command {
  return withStoreOptions(
    new Command('start')
      .description('run the platform: API, back office, checkout and background workers')
      .option('--port <port>', 'HTTP port', port, 4000)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--seed <seed>', 'seed on first start: demo | none', 'demo')
      .option(
        '--seed-key <key>',
        'sandbox demo seed key: the same key gives the same ids, tokens and secrets (default $LOCKYARD_SEED_KEY)',
        process.env.LOCKYARD_SEED_KEY,
      )
      .option('--production', 'production mode: no sandbox clock or /sandbox endpoints, https webhooks only')
      .option(
        '--admin-port <port>',
        'production mode: serve the CLI admin API on this loopback port (in sandbox mode it shares --port)',
        port,
      )
      .option('--redis-url <url>', 'share rate-limit counters across API processes through Redis')
      .option('--public-url <url>', 'base URL clients use (default http://localhost:<port>)')
      .option(
        '--webhook-allow <list>',
        'comma-separated IP addresses or CIDR ranges webhooks may reach although internal (default $LOCKYARD_WEBHOOK_ALLOW)',
        process.env.LOCKYARD_WEBHOOK_ALLOW,
      )
      .option(
        '--smtp-url <url>',
        'SMTP server customer emails go out through, e.g. smtp://user:pass@host:587 (default $LOCKYARD_SMTP_URL)',
        process.env.LOCKYARD_SMTP_URL,
      )
      .option(
        '--mail-from <address>',
        'sender of customer emails, e.g. "Acme Storage <no-reply@acme.example>" (default $LOCKYARD_MAIL_FROM)',
        process.env.LOCKYARD_MAIL_FROM,
      )
      .option('--log-level <level>', 'pino log level', 'warn')
      .option('--no-api', 'run background jobs only (webhook and email delivery, lifecycle): no HTTP listener')
      .option('--no-jobs', 'serve HTTP only: background jobs run in a separate `--no-api` process')
      .option(
        '--api-processes <n>',
        'PostgreSQL: serve the port from this many API processes (Node cluster); pair with --redis-url',
        count,
        1,
      )
      .option(
        '--max-in-flight <n>',
        'answer 503 + Retry-After while this many requests are in flight (0: no limit)',
        count,
        1000,
      )
      .option(
        '--max-event-loop-delay <ms>',
        'answer 503 + Retry-After while the mean event-loop delay exceeds this (0: off)',
        count,
        0,
      ),
  ).action(async (flags: StartFlags) => {
    if (flags.seed !== 'demo' && flags.seed !== 'none') throw new Error('--seed must be demo or none');
    if (!flags.api && flags.apiProcesses > 1) throw new Error('--no-api runs no API process: drop --api-processes');
    if (!flags.api && !flags.jobs) throw new Error('--no-api with --no-jobs would run nothing');
    const cluster = (await import('node:cluster')).default;
    // A process forked by `--api-processes`: the primary has migrated and seeded; this one serves HTTP only.
    const apiChild = cluster.isWorker && process.env.LOCKYARD_API_CHILD === '1';
    // The primary of `--api-processes N`: migrates, seeds and runs the jobs (unless --no-jobs) like a single process,
    // and forks N API processes that share the port instead of listening itself (cli/fleet.ts).
    const fleet = flags.apiProcesses > 1 && !apiChild;
    if (fleet && !(flags.databaseUrl ?? process.env.DATABASE_URL))
      throw new Error('--api-processes needs PostgreSQL (--database-url): the embedded database is one process');
    // Without Redis each process would keep its own rate-limit budget and its cache could not promise read-your-writes.
    if (fleet && !flags.redisUrl)
      throw new Error('--api-processes needs --redis-url (shared rate limits and cache version)');
    const [{ createLockyard }, { needsSeed }, { adminRoutes }, creds$, { requestLog }] = await Promise.all([
      import('../../main.ts'),
      import('../../sandbox/seed/demo.ts'),
      import('../../admin/admin.plugin.ts'),
      import('../../admin/demo-credentials.ts'),
      import('../../admin/request-log.ts'),
    ]);
    const dataDir = resolve(flags.dataDir);
    const log = (m: string) => process.stdout.write(`${m}\n`);
    const lockyard = await createLockyard({
      database: databaseOptions(flags),
      publicUrl: flags.publicUrl ?? `http://localhost:${flags.port}`,
      sandbox: !flags.production,
      redisUrl: flags.redisUrl,
      logLevel: flags.logLevel,
      webhookNetwork: {
        allow: flags.webhookAllow
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      },
      onProgress: apiChild ? undefined : log,
      idempotencyFaults: idempotencyFaultsFromEnv(process.env),
      demoCredentials: () => creds$.readCredentials(dataDir) as LandingCredentials | undefined,
      email: { smtpUrl: flags.smtpUrl, from: flags.mailFrom },
      loadShedding: { maxInFlight: flags.maxInFlight, maxEventLoopDelayMs: flags.maxEventLoopDelay },
    });
    const credentialsFile = creds$.credentialsPath(dataDir);
    const creds =
      flags.seed === 'demo' && !apiChild && (await needsSeed(lockyard.database.db))
        ? await creds$.seedAndRecord(lockyard, dataDir, flags.seedKey, log)
        : creds$.readCredentials(dataDir);

    // First run: no operator and no demo seed. The back office offers its setup page behind a one-time code that
    // only someone who can read this console (or log) has (docs/decisions/onboarding.md).
    // API processes of one fleet share the code their primary chose, as they share the admin credential.
    if ((await lockyard.services.operators.list()).length === 0)
      lockyard.config.setupCode = process.env.LOCKYARD_SETUP_CODE ?? randomBytes(9).toString('base64url');
    let adminApp:
      { listen: (o: { port: number; host: string }) => Promise<string>; close: () => Promise<unknown> } | undefined;
    let children: { stop(): Promise<void> } | undefined;
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      if (!apiChild) log(`${signal} received, shutting down…`);
      if (flags.api && !apiChild) removeServerFile(dataDir);
      await children?.stop();
      await adminApp?.close();
      await lockyard.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));

    if (!flags.api) {
      // A worker process: the job queue in the database is shared, so any number of these can run beside the API.
      await lockyard.start();
      log(`\nLockyard worker is running (${lockyard.database.kind}): background jobs only, no HTTP listener\n`);
      return;
    }

    // The admin API: on the API port in sandbox mode, only on an explicit loopback listener in production mode.
    // API processes of one fleet share the credential their primary chose (cli/fleet.ts).
    const adminToken = process.env.LOCKYARD_ADMIN_CREDENTIAL ?? randomBytes(32).toString('base64url');
    const admin = adminRoutes(lockyard, { dataDir }, adminToken, requestLog(lockyard.app, lockyard.clock));
    if (lockyard.config.sandbox) {
      if (!fleet) await lockyard.app.register(admin);
    } else if (flags.adminPort !== undefined && !apiChild) {
      const { default: Fastify } = await import('fastify');
      const app = Fastify({ logger: false });
      await app.register(admin);
      adminApp = app;
    }
    if (flags.jobs && !apiChild) await lockyard.start();
    let address: string;
    if (fleet) {
      const { forkApiProcesses } = await import('../fleet.ts');
      const forked = await forkApiProcesses(flags.apiProcesses, {
        LOCKYARD_API_CHILD: '1',
        LOCKYARD_ADMIN_CREDENTIAL: adminToken,
        ...(lockyard.config.setupCode ? { LOCKYARD_SETUP_CODE: lockyard.config.setupCode } : {}),
      });
      children = forked;
      address = forked.address;
    } else address = await lockyard.app.listen({ port: flags.port, host: flags.host });
    // In a fleet the primary writes server.json and prints the banner once every API process listens.
    if (apiChild) return;
    const listening = new URL(address).port;
    // With --port 0 the real port is known only now.
    if (!flags.publicUrl) lockyard.config.publicUrl = `http://localhost:${listening}`;
    let adminUrl: string | undefined;
    if (adminApp)
      adminUrl = localUrl(
        '127.0.0.1',
        Number(new URL(await adminApp.listen({ port: flags.adminPort!, host: '127.0.0.1' })).port),
      );
    else if (lockyard.config.sandbox) adminUrl = localUrl(flags.host, Number(listening));
    if (adminUrl)
      writeServerFile(dataDir, {
        url: adminUrl,
        pid: process.pid,
        admin_token: adminToken,
        store: storeFingerprint(flags),
        started_at: lockyard.clock.now().toISOString(),
      });
    const base = lockyard.config.publicUrl;
    // The banner goes out in one write, so a reader never sees half of it.
    const banner: string[] = [''];
    banner.push(
      `Lockyard is running (${lockyard.database.kind}${lockyard.config.sandbox ? ', sandbox mode' : ', production mode'}${fleet ? `, ${flags.apiProcesses} API processes` : ''}${flags.jobs ? '' : ', no jobs'}) on ${address}`,
    );
    banner.push(`  API:          ${base}/2025-09   (reference: ${base}/docs)`);
    banner.push(`  Back office:  ${base}/backoffice`);
    for (const o of creds?.operators ?? []) banner.push(`  ${o.name} (${o.id}) all-scopes token: ${o.access_token}`);
    const login = creds?.staff_login as { email: string; password: string } | undefined;
    if (login) banner.push(`  Staff login:  ${login.email} / ${login.password}   (partner app: see credentials file)`);
    const opApp = creds?.operator_application as { client_id: string; client_secret: string } | undefined;
    if (opApp)
      banner.push(
        `  OAuth client: ${opApp.client_id} / ${opApp.client_secret}   (client_credentials, ${creds!.operators[0].name})`,
      );
    if (creds) banner.push(`  Credentials:  ${credentialsFile}`);
    if (adminUrl) banner.push(`  CLI admin:    ${adminUrl}/_admin   (credential in ${dataDir}/server.json)`);
    if (lockyard.config.setupCode) {
      banner.push(
        `  First run:    no operator yet. Open ${base}/backoffice/setup with setup code ${lockyard.config.setupCode}`,
      );
      banner.push(`                (or run \`lockyard setup\`)`);
      lockyard.app.log.warn(
        { setup_path: '/backoffice/setup' },
        'first run: no operator; the setup code is on the console',
      );
    }
    banner.push('');
    process.stdout.write(`${banner.join('\n')}\n`);
  });
}
