import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { parseScopes } from '../scopes-option.ts';
import { printAdmin } from '../admin-client.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function appsCommand(): Command {
  const apps = new Command('apps').description('manage OAuth partner applications (platform level)');
  withServerOptions(
    apps
      .command('create')
      .description('register a partner application any operator can authorise; the client secret is printed once')
      .requiredOption('--partner', 'a partner application (Authorization Code flow)')
      .requiredOption('--name <name>', 'the name operators see on the consent page')
      .requiredOption('--redirect-uri <uri>', 'an exact redirect URI (repeatable)', collect, [])
      .requiredOption('--scopes <list>', 'comma-separated scopes, or "all"', parseScopes),
  ).action(async (flags: StoreFlags & { name: string; redirectUri: string[]; scopes: string[] }) => {
    await printAdmin(flags, 'apps.create', {
      name: flags.name,
      redirect_uris: flags.redirectUri,
      scopes: flags.scopes,
    });
  });
  withServerOptions(apps.command('list').description('list partner applications')).action(async (flags: StoreFlags) => {
    await printAdmin(flags, 'apps.list', {});
  });
  withServerOptions(
    apps
      .command('rotate-secret')
      .description("replace a partner application's client secret; the new one is printed once")
      .argument('<client_id>'),
  ).action(async (clientId: string, flags: StoreFlags) => {
    await printAdmin(flags, 'apps.rotate-secret', { client_id: clientId });
  });
  return apps;
}
