import { Command, InvalidArgumentError } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

function override(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('field=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function triggerCommand(): Command {
  return withServerOptions(
    new Command('trigger')
      .description('produce a webhook event through the flow that causes it (sandbox), printing what it created')
      .argument('[event_type]', 'e.g. contact.created, invoice.paid (see --list)')
      .option('--list', 'list the event types it can produce and their overrides')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--override <field=value>', 'a field of what it creates (repeatable; see --list)', override, {}),
  ).action(
    async (
      type: string | undefined,
      flags: StoreFlags & { list?: boolean; operator?: string; override: Record<string, string> },
    ) => {
      if (flags.list) return printAdmin(flags, 'trigger.list', {});
      if (!type) throw new Error('name an event type (lockyard trigger --list shows them)');
      await printAdmin(flags, 'trigger', { type, operator: flags.operator, overrides: flags.override });
    },
  );
}
