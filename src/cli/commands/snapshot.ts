import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

/** `lockyard snapshot save|restore|list`: every table's rows, kept under the data dir (docs/decisions/snapshots.md). */
export function snapshotCommand(): Command {
  const snapshot = new Command('snapshot').description(
    'save the store as a named snapshot and restore it later (pg_dump-style, both stores)',
  );
  withServerOptions(
    snapshot
      .command('save')
      .description('copy every table of the store, consistently, into <data dir>/snapshots/NAME')
      .argument('<name>', 'letters, digits, dots, dashes, underscores')
      .option('--force', 'replace a snapshot of the same name'),
  ).action(async (name: string, flags: StoreFlags & { force?: boolean }) => {
    await printAdmin(flags, 'snapshot.save', { name, force: !!flags.force });
  });
  withServerOptions(
    snapshot
      .command('restore')
      .description('sandbox: put the store back exactly as the snapshot holds it (every other record is deleted)')
      .argument('<name>', 'a snapshot from lockyard snapshot list')
      .option('--yes', 'do not ask (required: every record not in the snapshot is deleted)'),
  ).action(async (name: string, flags: StoreFlags & { yes?: boolean }) => {
    if (!flags.yes) throw new Error('restore replaces every record of the store: run it again with --yes');
    await printAdmin(flags, 'snapshot.restore', { name });
  });
  withServerOptions(snapshot.command('list').description('the snapshots of this data dir')).action(
    async (flags: StoreFlags) => {
      await printAdmin(flags, 'snapshot.list', {});
    },
  );
  return snapshot;
}
