import type { Tx } from '../../storage/database.ts';
import { findContacts, moveContactStatus } from '../../storage/repos/contacts.repo.ts';
import { hasRunningSubscription } from '../../storage/repos/subscriptions.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';

type Emitter = Pick<EventsService, 'emit'>;

/**
 * A contact's `status` follows their bookings (docs/decisions/contacts.md): a completed booking makes a lead or a
 * churned contact a `customer`; the end of their last running subscription makes a customer `churned`. Each move is
 * announced as `contact.updated` in the transaction of the change that caused it.
 */
export async function becameCustomer(tx: Tx, ctx: OperatorContext, events: Emitter, contactId: string) {
  if (await moveContactStatus(tx, ctx.operator.id, contactId, ['lead', 'churned'], 'customer', ctx.now()))
    await announce(tx, ctx, events, contactId);
}

export async function maybeChurned(tx: Tx, ctx: OperatorContext, events: Emitter, contactId: string) {
  if (await hasRunningSubscription(tx, ctx.operator.id, contactId)) return;
  if (await moveContactStatus(tx, ctx.operator.id, contactId, ['customer'], 'churned', ctx.now()))
    await announce(tx, ctx, events, contactId);
}

async function announce(tx: Tx, ctx: OperatorContext, events: Emitter, contactId: string) {
  const [contact] = await findContacts(tx, ctx.operator.id, [contactId]);
  await events.emit(tx, ctx, 'contact.updated', contact);
}
