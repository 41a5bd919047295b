import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

export function resetCommand(): Command {
  return withServerOptions(
    new Command('reset')
      .description(
        'sandbox: empty the store and seed the demo again; the same seed key gives the same ids, tokens and secrets',
      )
      .option('--seed-key <key>', 'derive the demo ids and credentials from this key (default: the last one used)')
      .option('--yes', 'do not ask (required: every record is deleted)'),
  ).action(async (flags: StoreFlags & { seedKey?: string; yes?: boolean }) => {
    if (!flags.yes) throw new Error('reset deletes every record of the store: run it again with --yes');
    process.stderr.write('Resetting: emptying the store and seeding the demo…\n');
    await printAdmin(flags, 'reset', { seed_key: flags.seedKey });
  });
}
