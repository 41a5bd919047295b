import type { Tx } from '../../storage/database.ts';
import type { EventRow } from '../../storage/repos/events.repo.ts';
import * as addons from '../../storage/repos/addons.repo.ts';
import { tenancyOfAllocation, tenancyOfSubscription } from '../../storage/repos/addon-api.repo.ts';

/** One Storeganise event derived from a Lockyard event: `data` holds ids only, as add-ons expect. */
export interface AddonEvent {
  type: string;
  data: Record<string, unknown>;
  /** Routes it to site-level installs of that site (operator-level ones get every event). */
  siteId: string | null;
}

/** Every Storeganise event type Lockyard sends (docs/addons.md has the mapping). */
export const ADDON_EVENT_TYPES = [
  'job.unit_moveIn.completed',
  'job.unit_moveOut.completed',
  'unitRental.updated',
  'unitRental.markOverdue',
  'unitRental.unmarkOverdue',
  'user.created',
  'user.updated',
  'invoice.created',
  'invoice.state.updated',
  'invoice.payments.updated',
  'unit.updated',
  // Sent at each local midnight of the operator (addon-daily.job.ts), `data: { date }`.
  'addon.dailyEvent.started',
  // Sent by the back office transfer (unitActions.transfer), `data: { oldRentalId, newRentalId, oldUnitId, newUnitId }`.
  'job.unit_transfer.completed',
] as const;

/**
 * The custom-billing request/response events (custom-billing.service.ts): a definition lists them to be the
 * operator's payment method; they are never fanned out, each is one synchronous call whose answer is the result.
 */
export const BILLING_EVENTS = ['billing.list', 'billing.charge', 'billing.checkout'] as const;
export type BillingEvent = (typeof BILLING_EVENTS)[number];

/** Lockyard's invoice statuses as Storeganise names them. */
export const INVOICE_STATE: Record<string, string> = {
  draft: 'draft',
  open: 'sent',
  paid: 'paid',
  uncollectible: 'failed',
  void: 'cancelled',
};

const INVOICE_TRANSITIONS: Record<string, { from: string; to: string }> = {
  'invoice.finalized': { from: 'draft', to: 'sent' },
  'invoice.paid': { from: 'sent', to: 'paid' },
  'invoice.marked_uncollectible': { from: 'sent', to: 'failed' },
};

type Rendered = {
  id: string;
  site?: { id: string } | null;
  unit_allocation?: { id: string } | null;
  status?: string;
  amount_paid?: { amount: number };
};

/**
 * Maps one Lockyard event (as emitted, inside its transaction) onto the Storeganise events add-ons subscribe to.
 * Overdue marks are remembered so that lifting an overlock says `unitRental.unmarkOverdue` once.
 */
export async function addonEventsOf(tx: Tx, event: EventRow): Promise<AddonEvent[]> {
  const e = (event.payload as { event: { data: Record<string, Rendered> } }).event;
  const [entity] = Object.values(e.data);
  if (!entity) return [];
  const op = event.operatorId;
  const siteOf = (r: Rendered) => r.site?.id ?? null;
  switch (event.type) {
    case 'tenancy.started':
      return [
        {
          type: 'job.unit_moveIn.completed',
          data: { jobId: event.id, unitRentalId: entity.id },
          siteId: siteOf(entity),
        },
      ];
    case 'subscription.ended': {
      const t = await tenancyOfSubscription(tx, op, entity.id);
      if (!t) return [];
      await addons.unmarkOverdue(tx, op, t.id);
      return [{ type: 'job.unit_moveOut.completed', data: { jobId: event.id, unitRentalId: t.id }, siteId: t.site_id }];
    }
    case 'contact.created':
      return [{ type: 'user.created', data: { userId: entity.id }, siteId: null }];
    case 'contact.updated':
      return [{ type: 'user.updated', data: { userId: entity.id }, siteId: null }];
    case 'invoice.created':
      return [{ type: 'invoice.created', data: { invoiceId: entity.id }, siteId: siteOf(entity) }];
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.marked_uncollectible': {
      const out: AddonEvent[] = [
        {
          type: 'invoice.state.updated',
          data: { invoiceId: entity.id, ...INVOICE_TRANSITIONS[event.type] },
          siteId: siteOf(entity),
        },
      ];
      if (event.type === 'invoice.paid')
        out.push({ type: 'invoice.payments.updated', data: { invoiceId: entity.id }, siteId: siteOf(entity) });
      return out;
    }
    case 'invoice.updated':
      // A part payment (an add-on's POST invoices/{id}/payments) leaves the invoice open with more paid.
      return (entity.status === 'open' || entity.status === 'uncollectible') && (entity.amount_paid?.amount ?? 0) > 0
        ? [{ type: 'invoice.payments.updated', data: { invoiceId: entity.id }, siteId: siteOf(entity) }]
        : [];
    case 'unit.overlocked':
    case 'unit.occupied': {
      const out: AddonEvent[] = [
        { type: 'unit.updated', data: { unitId: entity.id, changedKeys: ['state'] }, siteId: siteOf(entity) },
      ];
      const alloc = entity.unit_allocation?.id;
      const t = alloc ? await tenancyOfAllocation(tx, op, alloc) : undefined;
      if (!t) return out;
      if (event.type === 'unit.overlocked' && (await addons.markOverdue(tx, op, t.id)))
        out.push({
          type: 'unitRental.markOverdue',
          data: { unitRentalId: t.id, changedKeys: ['overdue'] },
          siteId: t.site_id,
        });
      if (event.type === 'unit.occupied' && (await addons.unmarkOverdue(tx, op, t.id)))
        out.push({
          type: 'unitRental.unmarkOverdue',
          data: { unitRentalId: t.id, changedKeys: ['overdue'] },
          siteId: t.site_id,
        });
      return out;
    }
    case 'unit.updated':
    case 'unit.available':
    case 'unit.reserved':
    case 'unit.deallocated':
    case 'unit.repossessed':
    case 'unit.unavailable':
      return [
        {
          type: 'unit.updated',
          data: { unitId: entity.id, changedKeys: event.type === 'unit.updated' ? [] : ['state'] },
          siteId: siteOf(entity),
        },
      ];
    default:
      return [];
  }
}
