/** The complete catalogue of webhook event types (the API index's list). */
export const EVENT_TYPES = [
  'contact.created', 'contact.updated',
  'contract.created', 'contract.signed',
  'coupon.created', 'coupon.updated',
  'credit_note.created', 'credit_note.updated',
  'deal.created', 'deal.lost', 'deal.reopened', 'deal.updated', 'deal.won',
  'identity_verification.cancelled', 'identity_verification.failed', 'identity_verification.processing', 'identity_verification.succeeded',
  'invoice.created', 'invoice.finalized', 'invoice.marked_uncollectible', 'invoice.paid', 'invoice.updated',
  'note.created', 'note.updated',
  'order.completed', 'order.created', 'order.finalized',
  'protection_level.created', 'protection_level.updated',
  'subscription.cancelled', 'subscription.created', 'subscription.ended', 'subscription.started',
  'task.completed', 'task.created', 'task.reopened', 'task.updated',
  'tenancy.created', 'tenancy.started',
  'unit_type.created', 'unit_type.updated',
  'unit.available', 'unit.created', 'unit.deallocated', 'unit.occupied', 'unit.overlocked', 'unit.repossessed', 'unit.reserved', 'unit.unavailable', 'unit.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** `unit_type.updated` → `unit_type`: the key under `data` holding the resource. */
export function dataKeyOf(type: EventType): string {
  return type.slice(0, type.indexOf('.'));
}
