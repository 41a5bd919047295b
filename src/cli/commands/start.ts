import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createLockyard } from '../../main.ts';
import { needsSeed, seedDemo, type DemoCredentials } from '../../sandbox/seed/demo.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';
import { idempotencyFaultsFromEnv } from '../test-faults.ts';

interface StartFlags extends StoreFlags {
  port: number;
  host: string;
  seed: 'demo' | 'none';
  production?: boolean;
  redisUrl?: string;
  publicUrl?: string;
  webhookAllow?: string;
  logLevel: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

export function startCommand(): Command {
  return withStoreOptions(
    new Command('start')
      .description('run the platform: API, back office, checkout and background workers')
      .option('--port <port>', 'HTTP port', port, 4000)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--seed <seed>', 'seed on first start: demo | none', 'demo')
      .option('--production', 'production mode: no sandbox clock or /sandbox endpoints, https webhooks only')
      .option('--redis-url <url>', 'share rate-limit counters across API processes through Redis')
      .option('--public-url <url>', 'base URL clients use (default http://localhost:<port>)')
      .option(
        '--webhook-allow <list>',
        'comma-separated IP addresses or CIDR ranges webhooks may reach although internal (default $LOCKYARD_WEBHOOK_ALLOW)',
        process.env.LOCKYARD_WEBHOOK_ALLOW,
      )
      .option('--log-level <level>', 'pino log level', 'warn'),
  ).action(async (flags: StartFlags) => {
    if (flags.seed !== 'demo' && flags.seed !== 'none') throw new Error('--seed must be demo or none');
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
    });
    const credentialsFile = join(dataDir, 'demo-credentials.json');
    let creds: DemoCredentials | undefined;
    if (flags.seed === 'demo' && (await needsSeed(lockyard.database.db))) {
      creds = await seedDemo(
        {
          db: lockyard.database.db,
          clock: lockyard.clock,
          tokens: lockyard.services.tokens,
          events: lockyard.services.events,
        },
        log,
      );
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(credentialsFile, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
    } else if (existsSync(credentialsFile)) {
      creds = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    }
    await lockyard.start();
    const address = await lockyard.app.listen({ port: flags.port, host: flags.host });
    // With --port 0 the real port is known only now.
    if (!flags.publicUrl) lockyard.config.publicUrl = `http://localhost:${new URL(address).port}`;
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
    banner.push('');
    process.stdout.write(`${banner.join('\n')}\n`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal} received, shutting down…`);
      await lockyard.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}
