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
      .option('--log-level <level>', 'pino log level', 'warn'),
  ).action(async (flags: StartFlags) => {
    if (flags.seed !== 'demo' && flags.seed !== 'none') throw new Error('--seed must be demo or none');
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
      onProgress: log,
      idempotencyFaults: idempotencyFaultsFromEnv(process.env),
      demoCredentials: () => creds$.readCredentials(dataDir) as LandingCredentials | undefined,
      email: { smtpUrl: flags.smtpUrl, from: flags.mailFrom },
    });
    const credentialsFile = creds$.credentialsPath(dataDir);
    const creds =
      flags.seed === 'demo' && (await needsSeed(lockyard.database.db))
        ? await creds$.seedAndRecord(lockyard, dataDir, flags.seedKey, log)
        : creds$.readCredentials(dataDir);

    // The admin API: on the API port in sandbox mode, only on an explicit loopback listener in production mode.
    const adminToken = randomBytes(32).toString('base64url');
    const admin = adminRoutes(lockyard, { dataDir }, adminToken, requestLog(lockyard.app, lockyard.clock));
    let adminApp:
      { listen: (o: { port: number; host: string }) => Promise<string>; close: () => Promise<unknown> } | undefined;
    if (lockyard.config.sandbox) await lockyard.app.register(admin);
    else if (flags.adminPort !== undefined) {
      const { default: Fastify } = await import('fastify');
      const app = Fastify({ logger: false });
      await app.register(admin);
      adminApp = app;
    }
    await lockyard.start();
    const address = await lockyard.app.listen({ port: flags.port, host: flags.host });
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
      `Lockyard is running (${lockyard.database.kind}${lockyard.config.sandbox ? ', sandbox mode' : ', production mode'}) on ${address}`,
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
    banner.push('');
    process.stdout.write(`${banner.join('\n')}\n`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal} received, shutting down…`);
      removeServerFile(dataDir);
      await adminApp?.close();
      await lockyard.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}
