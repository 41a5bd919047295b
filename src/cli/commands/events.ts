import { Command, InvalidArgumentError } from 'commander';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

interface OperatorFlags extends StoreFlags {
  operator?: string;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('a number from 1 to 100');
  return n;
}

export function eventsCommand(): Command {
  const events = new Command('events').description('webhook events and their deliveries');

  withServerOptions(
    events
      .command('list')
      .description('list recent events, newest first, with how their deliveries went')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--type <type>', 'only this event type')
      .option('--limit <n>', 'how many events (1-100)', positiveInt, 20)
      .option('--deliveries', 'show each delivery and its last attempt'),
  ).action(async (flags: OperatorFlags & { type?: string; limit: number; deliveries?: boolean }) => {
    if (flags.type && !(EVENT_TYPES as readonly string[]).includes(flags.type))
      throw new Error(`unknown event type ${flags.type}`);
    await printAdmin(flags, 'events.list', {
      operator: flags.operator,
      type: flags.type,
      limit: flags.limit,
      deliveries: !!flags.deliveries,
    });
  });

  withServerOptions(
    events
      .command('resend')
      .description('send again: a delivery (wdlv_…), or every endpoint an event (evt_…) was delivered to')
      .argument('<id>', 'delivery id (wdlv_…) or event id (evt_…)')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--no-wait', 'only queue the resend for the running workers'),
  ).action(async (id: string, flags: OperatorFlags & { wait: boolean }) => {
    await printAdmin(flags, 'events.resend', { id, operator: flags.operator, wait: flags.wait });
  });
  return events;
}
