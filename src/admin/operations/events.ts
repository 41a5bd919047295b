import { isoSeconds } from '../../kernel/clock.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import type { WebhookDelivery } from '../../domain/webhooks/delivery.ts';
import { AdminError, operatorContext, optInt, optStr, str, type AdminOperation } from '../admin-operation.ts';

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

/** `lockyard events list`: recent events, newest first, with how their deliveries went. */
export const listEvents: AdminOperation = async (lockyard, input) => {
  const type = optStr(input, 'type');
  if (type && !(EVENT_TYPES as readonly string[]).includes(type)) throw new AdminError(`unknown event type ${type}`);
  const limit = optInt(input, 'limit') ?? 20;
  if (limit < 1 || limit > 100) throw new AdminError('limit: a number from 1 to 100');
  const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
  const page = { page: 1, limit, sortBy: 'created_at', direction: 'desc' as const };
  const { items, total } = await lockyard.services.webhooks.listEvents(ctx, page, {
    types: type ? [type] : undefined,
  });
  let stdout = '';
  for (const e of items) {
    const ds = (await lockyard.services.webhooks.listDeliveries(ctx, 'all', { ...page, limit: 100 }, { eventId: e.id }))
      .items;
    stdout += `${e.id}  ${e.type}  ${isoSeconds(e.createdAt)}  ${summary(ds)}\n`;
    if (input.deliveries === true) for (const d of ds) stdout += `    ${describeDelivery(d)}\n`;
  }
  return {
    stdout,
    stderr: `${items.length} of ${total} event(s) for ${ctx.operator.name} (${ctx.operator.id})\n`,
  };
};

/** `lockyard events resend`: a delivery (wdlv_…), or every endpoint an event (evt_…) was delivered to. */
export const resendEvent: AdminOperation = async (lockyard, input) => {
  const id = str(input, 'id');
  const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
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
    if (!targets.length) throw new AdminError(`event ${id} has no deliveries to resend`);
  } else {
    targets = [id];
  }
  const created: string[] = [];
  for (const t of targets) created.push((await svc.resend(ctx, 'all', t)).id);
  // Deliver now (SKIP LOCKED keeps the running worker from doing it twice).
  if (input.wait !== false) await lockyard.engines.jobs.runDue({ operatorId: ctx.operator.id });
  let stdout = '';
  for (const d of created) stdout += `${describeDelivery(await svc.getDelivery(ctx, 'all', d))}\n`;
  return { stdout };
};
