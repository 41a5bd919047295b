import { Command, InvalidArgumentError } from 'commander';
import { createLockyard, type Lockyard } from '../../main.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { systemPrincipal, type OperatorContext } from '../../domain/context.ts';
import type { WebhookDelivery } from '../../domain/webhooks/delivery.ts';
import { findOperator, listOperators } from '../../storage/repos/operators.repo.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';

interface OperatorFlags extends StoreFlags {
  operator?: string;
}

/** The operator's own view from the command line: every endpoint, including OAuth applications' ones. */
async function operatorContext(lockyard: Lockyard, operatorId?: string): Promise<OperatorContext> {
  const operator = operatorId
    ? await findOperator(lockyard.database.db, operatorId)
    : (await listOperators(lockyard.database.db))[0];
  if (!operator)
    throw new Error(operatorId ? `no operator with id ${operatorId}` : 'no operator yet (start once to seed)');
  return lockyard.services.contexts.contextFor(operator.id, systemPrincipal('cli'));
}

function summary(ds: WebhookDelivery[]): string {
  if (!ds.length) return 'no deliveries';
  const counts = new Map<string, number>();
  for (const d of ds) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

function describeDelivery(d: WebhookDelivery): string {
  const last = d.attempts.at(-1);
  const outcome = last ? (last.statusCode ? `HTTP ${last.statusCode}` : last.error) : 'not attempted yet';
  const next = d.nextAttemptAt ? `, next attempt ${isoSeconds(d.nextAttemptAt)}` : '';
  return `${d.id}  ${d.endpointId}  ${d.status}  ${d.attemptCount} attempt(s), last: ${outcome}${next}`;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('a number from 1 to 100');
  return n;
}

export function eventsCommand(): Command {
  const events = new Command('events').description('webhook events and their deliveries');

  withStoreOptions(
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
    const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
    try {
      const ctx = await operatorContext(lockyard, flags.operator);
      const page = { page: 1, limit: flags.limit, sortBy: 'created_at', direction: 'desc' as const };
      const { items, total } = await lockyard.services.webhooks.listEvents(ctx, page, {
        types: flags.type ? [flags.type] : undefined,
      });
      for (const e of items) {
        const ds = (
          await lockyard.services.webhooks.listDeliveries(ctx, 'all', { ...page, limit: 100 }, { eventId: e.id })
        ).items;
        process.stdout.write(`${e.id}  ${e.type}  ${isoSeconds(e.createdAt)}  ${summary(ds)}\n`);
        if (flags.deliveries) for (const d of ds) process.stdout.write(`    ${describeDelivery(d)}\n`);
      }
      process.stderr.write(`${items.length} of ${total} event(s) for ${ctx.operator.name} (${ctx.operator.id})\n`);
    } finally {
      await lockyard.close();
    }
  });

  withStoreOptions(
    events
      .command('resend')
      .description('send again: a delivery (wdlv_…), or every endpoint an event (evt_…) was delivered to')
      .argument('<id>', 'delivery id (wdlv_…) or event id (evt_…)')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--no-wait', 'only queue the resend for the running workers'),
  ).action(async (id: string, flags: OperatorFlags & { wait: boolean }) => {
    const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
    try {
      const ctx = await operatorContext(lockyard, flags.operator);
      const svc = lockyard.services.webhooks;
      let targets: string[];
      if (id.startsWith('evt_')) {
        await svc.getEvent(ctx, id);
        const all = (
          await svc.listDeliveries(
            ctx,
            'all',
            { page: 1, limit: 100, sortBy: 'created_at', direction: 'desc' },
            { eventId: id },
          )
        ).items;
        const latestPerEndpoint = new Map<string, string>();
        for (const d of all) if (!latestPerEndpoint.has(d.endpointId)) latestPerEndpoint.set(d.endpointId, d.id);
        targets = [...latestPerEndpoint.values()];
        if (!targets.length) throw new Error(`event ${id} has no deliveries to resend`);
      } else {
        targets = [id];
      }
      const created: string[] = [];
      for (const t of targets) created.push((await svc.resend(ctx, 'all', t)).id);
      // Deliver now from this process (SKIP LOCKED keeps any running worker from doing it twice).
      if (flags.wait) await lockyard.engines.jobs.runDue({ operatorId: ctx.operator.id });
      for (const d of created) process.stdout.write(`${describeDelivery(await svc.getDelivery(ctx, 'all', d))}\n`);
    } finally {
      await lockyard.close();
    }
  });
  return events;
}
