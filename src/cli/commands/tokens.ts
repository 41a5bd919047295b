import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { parseDuration } from '../duration.ts';
import { parseScopes } from '../scopes-option.ts';
import { printAdmin } from '../admin-client.ts';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('manage API access tokens');
  withServerOptions(
    tokens
      .command('create')
      .description('create an access token for an operator; the token is printed once')
      .requiredOption('--operator <id>', 'operator id (see demo-credentials.json)')
      .requiredOption('--scopes <list>', 'comma-separated scopes, or "all"', parseScopes)
      .option('--expires-in <duration>', 'lifetime such as 30d, 12h, 90m', parseDuration)
      .option('--name <name>', 'a label for the token', 'CLI token'),
  ).action(async (flags: StoreFlags & { operator: string; scopes: string[]; expiresIn?: number; name: string }) => {
    await printAdmin(flags, 'tokens.create', {
      operator: flags.operator,
      scopes: flags.scopes,
      expires_in: flags.expiresIn,
      name: flags.name,
    });
  });
  return tokens;
}
