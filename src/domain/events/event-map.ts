import type { Contact } from '../contacts/contact.ts';
import type { Contract } from '../contracts/contract.ts';
import type { Deal } from '../deals/deal.ts';
import type { IdentityVerification } from '../identity/identity-verification.ts';
import type { Note } from '../notes/note.ts';
import type { Task } from '../tasks/task.ts';
import type { Coupon } from '../catalogue/coupon.ts';
import type { CreditNote } from '../billing/credit-note.ts';
import type { Invoice } from '../billing/invoice.ts';
import type { PricedOrderView } from '../orders/order.ts';
import type { ProtectionLevel } from '../catalogue/protection-level.ts';
import type { Subscription } from '../billing/subscription.ts';
import type { Tenancy } from '../billing/tenancy.ts';
import type { Unit } from '../catalogue/unit.ts';
import type { UnitType } from '../catalogue/unit-type.ts';
import { dataKeyOf, type EventType } from './event-types.ts';

/**
 * The events Lockyard emits, each with the entity its payload is rendered from (by the resource module's
 * `renderers[dataKeyOf(type)]`, as the show endpoint renders it). `events.emit` accepts only these types, each
 * with its entity; `checkEventRenderers` refuses to start without a renderer for every one. To emit a new type,
 * add it here (and to EMITTED below, which the compiler keeps equal) and give its resource a renderer.
 */
export interface EventPayloads {
  'contact.created': Contact;
  'contact.updated': Contact;
  'contract.created': Contract;
  'contract.signed': Contract;
  'coupon.created': Coupon;
  'coupon.updated': Coupon;
  'credit_note.created': CreditNote;
  'credit_note.updated': CreditNote;
  'deal.created': Deal;
  'deal.lost': Deal;
  'deal.reopened': Deal;
  'deal.updated': Deal;
  'deal.won': Deal;
  'identity_verification.cancelled': IdentityVerification;
  'identity_verification.failed': IdentityVerification;
  'identity_verification.processing': IdentityVerification;
  'identity_verification.succeeded': IdentityVerification;
  'invoice.created': Invoice;
  'invoice.finalized': Invoice;
  'invoice.marked_uncollectible': Invoice;
  'invoice.paid': Invoice;
  'invoice.updated': Invoice;
  'note.created': Note;
  'note.updated': Note;
  'order.completed': PricedOrderView;
  'order.created': PricedOrderView;
  'order.finalized': PricedOrderView;
  'protection_level.created': ProtectionLevel;
  'protection_level.updated': ProtectionLevel;
  'subscription.cancelled': Subscription;
  'subscription.created': Subscription;
  'subscription.ended': Subscription;
  'subscription.started': Subscription;
  'task.completed': Task;
  'task.created': Task;
  'task.reopened': Task;
  'task.updated': Task;
  'tenancy.created': Tenancy;
  'tenancy.started': Tenancy;
  'unit_type.created': UnitType;
  'unit_type.updated': UnitType;
  'unit.available': Unit;
  'unit.created': Unit;
  'unit.deallocated': Unit;
  'unit.occupied': Unit;
  'unit.overlocked': Unit;
  'unit.repossessed': Unit;
  'unit.reserved': Unit;
  'unit.unavailable': Unit;
  'unit.updated': Unit;
}

export type EmittedEventType = keyof EventPayloads & EventType;

/** The event types whose payload is an `E` (e.g. `EventOf<Deal>`: deal.created … deal.won). */
export type EventOf<E> = { [K in EmittedEventType]: EventPayloads[K] extends E ? K : never }[EmittedEventType];

// The run-time list of EventPayloads' keys: `satisfies` fails to compile on a missing or an extra key.
const EMITTED = {
  'contact.created': true,
  'contact.updated': true,
  'contract.created': true,
  'contract.signed': true,
  'coupon.created': true,
  'coupon.updated': true,
  'credit_note.created': true,
  'credit_note.updated': true,
  'deal.created': true,
  'deal.lost': true,
  'deal.reopened': true,
  'deal.updated': true,
  'deal.won': true,
  'identity_verification.cancelled': true,
  'identity_verification.failed': true,
  'identity_verification.processing': true,
  'identity_verification.succeeded': true,
  'invoice.created': true,
  'invoice.finalized': true,
  'invoice.marked_uncollectible': true,
  'invoice.paid': true,
  'invoice.updated': true,
  'note.created': true,
  'note.updated': true,
  'order.completed': true,
  'order.created': true,
  'order.finalized': true,
  'protection_level.created': true,
  'protection_level.updated': true,
  'subscription.cancelled': true,
  'subscription.created': true,
  'subscription.ended': true,
  'subscription.started': true,
  'task.completed': true,
  'task.created': true,
  'task.reopened': true,
  'task.updated': true,
  'tenancy.created': true,
  'tenancy.started': true,
  'unit_type.created': true,
  'unit_type.updated': true,
  'unit.available': true,
  'unit.created': true,
  'unit.deallocated': true,
  'unit.occupied': true,
  'unit.overlocked': true,
  'unit.repossessed': true,
  'unit.reserved': true,
  'unit.unavailable': true,
  'unit.updated': true,
} satisfies Record<keyof EventPayloads, true>;

export const EMITTED_EVENT_TYPES = Object.keys(EMITTED) as EmittedEventType[];

/** Fails at boot, not inside a transaction, when an emitted event type has no renderer for its data key. */
export function checkEventRenderers(renderers: Record<string, unknown>): void {
  const missing = EMITTED_EVENT_TYPES.filter((type) => typeof renderers[dataKeyOf(type)] !== 'function');
  if (missing.length)
    throw new Error(
      `No renderer for the payload of event type(s): ${missing.join(', ')} (see domain/events/event-map.ts)`,
    );
}
