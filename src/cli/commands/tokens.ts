import { Command, InvalidArgumentError } from 'commander';
import { createLockyard } from '../../main.ts';
import { isScope, SCOPES, type Scope } from '../../kernel/scopes.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';
import { parseDuration } from '../duration.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';

function parseScopes(value: string): Scope[] {
  if (value === 'all') return [...SCOPES];
  const scopes = value.split(/[,\s]+/).filter(Boolean);
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length) throw new InvalidArgumentError(`unknown scope(s): ${bad.join(', ')}`);
  return scopes as Scope[];
}

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('manage API access tokens');
  withStoreOptions(
    tokens
      .command('create')
      .description('create an access token for an operator; the token is printed once')
      .requiredOption('--operator <id>', 'operator id (see demo-credentials.json)')
      .requiredOption('--scopes <list>', 'comma-separated scopes, or "all"', parseScopes)
      .option('--expires-in <duration>', 'lifetime such as 30d, 12h, 90m', parseDuration)
      .option('--name <name>', 'a label for the token', 'CLI token'),
  ).action(async (flags: StoreFlags & { operator: string; scopes: Scope[]; expiresIn?: number; name: string }) => {
    const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
    try {
      if (!(await findOperator(lockyard.database.db, flags.operator)))
        throw new Error(`no operator with id ${flags.operator}`);
      const { token, record } = await lockyard.services.tokens.create({
        operatorId: flags.operator,
        scopes: flags.scopes,
        expiresInSeconds: flags.expiresIn,
        name: flags.name,
      });
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `token ${record.id} for ${flags.operator}${record.expiresAt ? `, expires ${record.expiresAt.toISOString()}` : ''}\n`,
      );
    } finally {
      await lockyard.close();
    }
  });
  return tokens;
}
