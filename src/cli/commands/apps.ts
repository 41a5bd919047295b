import { Command, InvalidArgumentError } from 'commander';
import { createLockyard } from '../../main.ts';
import { isScope, SCOPES, type Scope } from '../../kernel/scopes.ts';
import { DomainError } from '../../kernel/errors.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';

function parseScopes(value: string): Scope[] {
  if (value === 'all') return [...SCOPES];
  const scopes = value.split(/[,\s]+/).filter(Boolean);
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length) throw new InvalidArgumentError(`unknown scope(s): ${bad.join(', ')}`);
  return scopes as Scope[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Wraps a command body: opens the store, prints domain validation errors plainly, always closes. */
async function withLockyard(
  flags: StoreFlags,
  run: (lockyard: Awaited<ReturnType<typeof createLockyard>>) => Promise<void>,
) {
  const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
  try {
    await run(lockyard);
  } catch (err) {
    if (err instanceof DomainError)
      throw new Error(`${err.message} ${err.details.map((d) => `${d.pointer}: ${d.message}`).join('; ')}`.trim());
    throw err;
  } finally {
    await lockyard.close();
  }
}

export function appsCommand(): Command {
  const apps = new Command('apps').description('manage OAuth partner applications (platform level)');
  withStoreOptions(
    apps
      .command('create')
      .description('register a partner application any operator can authorise; the client secret is printed once')
      .requiredOption('--partner', 'a partner application (Authorization Code flow)')
      .requiredOption('--name <name>', 'the name operators see on the consent page')
      .requiredOption('--redirect-uri <uri>', 'an exact redirect URI (repeatable)', collect, [])
      .requiredOption('--scopes <list>', 'comma-separated scopes, or "all"', parseScopes),
  ).action(async (flags: StoreFlags & { name: string; redirectUri: string[]; scopes: Scope[] }) => {
    await withLockyard(flags, async (lockyard) => {
      const { application, clientSecret } = await lockyard.services.oauth.applications.createPartner({
        name: flags.name,
        redirectUris: flags.redirectUri,
        scopes: flags.scopes,
      });
      process.stdout.write(
        `${JSON.stringify({ id: application.id, name: application.name, client_id: application.clientId, client_secret: clientSecret, redirect_uris: application.redirectUris, scopes: application.scopes }, null, 2)}\n`,
      );
      process.stderr.write('Store the client secret now: it is not shown again.\n');
    });
  });
  withStoreOptions(apps.command('list').description('list partner applications')).action(async (flags: StoreFlags) => {
    await withLockyard(flags, async (lockyard) => {
      for (const a of await lockyard.services.oauth.applications.listPartners()) {
        process.stdout.write(`${a.id}  ${a.clientId}  ${a.name}  ${a.redirectUris.join(' ')}\n`);
      }
    });
  });
  withStoreOptions(
    apps
      .command('rotate-secret')
      .description("replace a partner application's client secret; the new one is printed once")
      .argument('<client_id>'),
  ).action(async (clientId: string, flags: StoreFlags) => {
    await withLockyard(flags, async (lockyard) => {
      const { clientSecret } = await lockyard.services.oauth.applications.rotatePartner(clientId);
      process.stdout.write(`${clientSecret}\n`);
    });
  });
  return apps;
}
