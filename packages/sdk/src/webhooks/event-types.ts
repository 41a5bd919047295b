// The 50 webhook event types of the 2025-09 reference and the `data` key each carries (transcribed from the
// webhooks guide's tables).
import type { Resources } from '../generated/resources.js';

export const EVENT_TYPES = {
  'contact.created': 'contact',
  'contact.updated': 'contact',
  'contract.created': 'contract',
  'contract.signed': 'contract',
  'coupon.created': 'coupon',
  'coupon.updated': 'coupon',
  'credit_note.created': 'credit_note',
  'credit_note.updated': 'credit_note',
  'deal.created': 'deal',
  'deal.lost': 'deal',
  'deal.reopened': 'deal',
  'deal.updated': 'deal',
  'deal.won': 'deal',
  'identity_verification.cancelled': 'identity_verification',
  'identity_verification.failed': 'identity_verification',
  'identity_verification.processing': 'identity_verification',
  'identity_verification.succeeded': 'identity_verification',
  'invoice.created': 'invoice',
  'invoice.finalized': 'invoice',
  'invoice.marked_uncollectible': 'invoice',
  'invoice.paid': 'invoice',
  'invoice.updated': 'invoice',
  'note.created': 'note',
  'note.updated': 'note',
  'order.completed': 'order',
  'order.created': 'order',
  'order.finalized': 'order',
  'protection_level.created': 'protection_level',
  'protection_level.updated': 'protection_level',
  'subscription.cancelled': 'subscription',
  'subscription.created': 'subscription',
  'subscription.ended': 'subscription',
  'subscription.started': 'subscription',
  'task.completed': 'task',
  'task.created': 'task',
  'task.reopened': 'task',
  'task.updated': 'task',
  'tenancy.created': 'tenancy',
  'tenancy.started': 'tenancy',
  'unit_type.created': 'unit_type',
  'unit_type.updated': 'unit_type',
  'unit.available': 'unit',
  'unit.created': 'unit',
  'unit.deallocated': 'unit',
  'unit.occupied': 'unit',
  'unit.overlocked': 'unit',
  'unit.repossessed': 'unit',
  'unit.reserved': 'unit',
  'unit.unavailable': 'unit',
  'unit.updated': 'unit',
} as const;

export type EventType = keyof typeof EVENT_TYPES;
type DataKey<T extends EventType> = (typeof EVENT_TYPES)[T];
/** The resource as its show endpoint renders it; a resource this SDK has no endpoint for yet is an open object. */
type ResourceOf<K extends string> = K extends keyof Resources ? Resources[K] : { id: string; [field: string]: unknown };

/** One webhook event, discriminated on `type`: `if (event.type === 'order.completed') event.data.order.status`. */
export type WebhookEvent = {
  [T in EventType]: {
    id: string;
    type: T;
    api_version: string;
    created_at: string;
    data: { [K in DataKey<T>]: ResourceOf<K> };
  };
}[EventType];

/** The event of one type. */
export type WebhookEventOf<T extends EventType> = Extract<WebhookEvent, { type: T }>;
