import type { EventType } from '../../domain/events/event-types.ts';
import type { IdentityOutcome } from '../../domain/identity/identity-verification.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import type { TriggerKit } from './trigger-kit.ts';

/**
 * How `lockyard trigger <type>` (and POST /sandbox/trigger) produces each event: through the flow that really causes
 * it — the domain services the API and back office call, the booking and the sandbox clock — creating what it needs.
 * `fields` are the `--override field=value` names it takes. To cover a new event type, add its entry here (the
 * trigger test lists the types covered and fails when an entry stops producing its event).
 */
export interface Trigger {
  summary: string;
  fields: string[];
  run(k: TriggerKit): Promise<void>;
}

const CONTACT = ['email', 'full_name'];
const BOOKING = [...CONTACT, 'unit_type_id', 'starts_at', 'contract_template_id'];
const DAY = 86_400_000;

async function deal(k: TriggerKit) {
  const contactId = await k.contact();
  const d = await k.services.deals.create(k.ctx, { name: k.o.get('name', 'Trigger deal'), contactId });
  return k.remember('deal', d.id);
}

async function task(k: TriggerKit) {
  const t = await k.services.tasks.create(k.ctx, { title: k.o.get('title', 'Trigger task') });
  return k.remember('task', t.id);
}

async function note(k: TriggerKit) {
  const contactId = await k.contact();
  const n = await k.services.notes.create(k.ctx, {
    content: k.o.get('content', 'Trigger note'),
    resourceId: contactId,
  });
  return k.remember('note', n.id);
}

function identity(outcome?: IdentityOutcome): Trigger {
  return {
    summary: outcome
      ? `a contact's identity check, decided ${outcome} by the sandbox provider`
      : "a contact's identity check, started",
    fields: CONTACT,
    async run(k) {
      const v = await k.services.identityVerifications.start(k.ctx, await k.contact());
      k.remember('identity_verification', v.id);
      if (outcome)
        await k.services.identityVerifications.decide(
          k.ctx,
          v.id,
          outcome,
          outcome === 'failed' ? 'document_expired' : undefined,
        );
    },
  };
}

const booking: Trigger = {
  summary: 'a booking: a finalized order paid with test card 4242 (tenancy, subscription, contract, unit reserved)',
  fields: BOOKING,
  run: async (k) => void (await k.booking()),
};

const moveIn: Trigger = {
  summary: 'a booking moved in: the sandbox clock goes to move-in day 06:00 site time, the first invoice is paid',
  fields: BOOKING,
  run: async (k) => void (await k.movedIn()),
};

const moveOut: Trigger = {
  summary: 'a tenant moved in, gives notice and moves out a minute later on the sandbox clock (pro-rated credit)',
  fields: BOOKING,
  async run(k) {
    const b = await k.movedIn();
    const endsAt = new Date(k.ctx.now().getTime() + 60_000);
    await k.services.lifecycle.giveNotice(k.ctx, b.subscriptionId, { endsAt, reason: 'Triggered move-out' });
    await k.advanceTo(endsAt);
  },
};

const overlock: Trigger = {
  summary: "a tenant moved in, then the operator overlocks the contact's unit",
  fields: BOOKING,
  async run(k) {
    const b = await k.movedIn();
    await k.services.unitActions.overlockContact(k.ctx, b.contactId);
  },
};

const FIRST = { page: 1, limit: 1, sortBy: 'created_at', direction: 'desc' as const };

async function newUnitType(k: TriggerKit) {
  const site = (await k.unitType()).siteId;
  const ut = await k.services.unitTypes.create(k.ctx, {
    siteId: site,
    name: k.o.get('name', `Trigger locker ${k.ctx.now().getTime().toString(36)}`),
    prices: { monthly: { amount: Number(k.o.get('monthly_amount', '4500')) } },
  });
  return k.remember('unit_type', ut.id);
}

async function newUnit(k: TriggerKit) {
  const unitTypeId = k.o.opt('unit_type_id') ?? (await k.unitType()).id;
  const unit = await k.services.units.create(k.ctx, {
    unitTypeId,
    referenceId: k.o.get('reference_id', `TRG-${k.ctx.now().getTime().toString(36).toUpperCase()}`),
  });
  return k.remember('unit', unit.id);
}

async function newProtectionLevel(k: TriggerKit) {
  const pl = await k.services.protectionLevels.create(k.ctx, {
    coverLevel: Number(k.o.get('cover_level', '750000')),
    prices: { monthly: { amount: Number(k.o.get('monthly_amount', '900')) } },
  });
  return k.remember('protection_level', pl.id);
}

async function newCoupon(k: TriggerKit) {
  const coupon = await k.services.coupons.create(k.ctx, {
    name: k.o.get('name', 'Trigger coupon'),
    type: 'percentage',
    percent: Number(k.o.get('percent', '10')),
    duration: 'once',
  });
  return k.remember('coupon', coupon.id);
}

/** A move-out's pro-rated credit note (the refund of the unused days). */
async function creditNote(k: TriggerKit) {
  await moveOut.run(k);
  const contactId = k.created.contact;
  const [note] = (await k.services.creditNotes.list(k.ctx, FIRST, { contactIds: [contactId] }, {})).items;
  if (!note) throw new Error('the move-out made no credit note');
  return k.remember('credit_note', note.id);
}

export const TRIGGERS: Partial<Record<EventType, Trigger>> = {
  'contact.created': { summary: 'a contact is created', fields: CONTACT, run: async (k) => void (await k.contact()) },
  'contact.updated': {
    summary: 'a contact is created, then its phone number changes',
    fields: [...CONTACT, 'phone_number'],
    async run(k) {
      const id = await k.contact();
      await k.services.contacts.update(k.ctx, id, { phoneNumber: k.o.get('phone_number', '+44 20 7946 0000') });
    },
  },
  'deal.created': {
    summary: 'a deal for a new contact',
    fields: [...CONTACT, 'name'],
    run: async (k) => void (await deal(k)),
  },
  'deal.updated': {
    summary: 'a deal whose note changes',
    fields: [...CONTACT, 'name', 'note'],
    async run(k) {
      await k.services.deals.update(k.ctx, await deal(k), { note: k.o.get('note', 'Updated by lockyard trigger') });
    },
  },
  'deal.won': {
    summary: 'a deal, won',
    fields: [...CONTACT, 'name'],
    run: async (k) => void (await k.services.deals.win(k.ctx, await deal(k))),
  },
  'deal.lost': {
    summary: 'a deal, lost (reason overridable)',
    fields: [...CONTACT, 'name', 'lost_reason'],
    async run(k) {
      await k.services.deals.lose(k.ctx, await deal(k), k.o.get('lost_reason', 'other') as never);
    },
  },
  'deal.reopened': {
    summary: 'a deal, lost, then reopened',
    fields: [...CONTACT, 'name'],
    async run(k) {
      const id = await deal(k);
      await k.services.deals.lose(k.ctx, id, 'other');
      await k.services.deals.reopen(k.ctx, id, {});
    },
  },
  'task.created': { summary: 'a task', fields: ['title'], run: async (k) => void (await task(k)) },
  'task.updated': {
    summary: 'a task whose description changes',
    fields: ['title', 'description'],
    async run(k) {
      await k.services.tasks.update(k.ctx, await task(k), {
        description: k.o.get('description', 'Updated by lockyard trigger'),
      });
    },
  },
  'task.completed': {
    summary: 'a task, completed',
    fields: ['title'],
    run: async (k) => void (await k.services.tasks.complete(k.ctx, await task(k))),
  },
  'task.reopened': {
    summary: 'a task, completed, then reopened',
    fields: ['title'],
    async run(k) {
      const id = await task(k);
      await k.services.tasks.complete(k.ctx, id);
      await k.services.tasks.open(k.ctx, id);
    },
  },
  'note.created': {
    summary: 'a note on a new contact',
    fields: [...CONTACT, 'content'],
    run: async (k) => void (await note(k)),
  },
  'note.updated': {
    summary: 'a note on a new contact, edited',
    fields: [...CONTACT, 'content'],
    async run(k) {
      await k.services.notes.update(k.ctx, await note(k), { content: 'Edited by lockyard trigger' });
    },
  },
  'identity_verification.processing': identity(),
  'identity_verification.succeeded': identity('succeeded'),
  'identity_verification.failed': identity('failed'),
  'identity_verification.cancelled': identity('cancelled'),
  'order.created': {
    summary: 'a draft order for a new contact',
    fields: BOOKING,
    run: async (k) => void (await k.order(false)),
  },
  'order.finalized': {
    summary: 'an order finalized on creation (checkout link issued)',
    fields: BOOKING,
    run: async (k) => void (await k.order(true)),
  },
  'order.completed': booking,
  'contract.created': booking,
  'subscription.created': booking,
  'tenancy.created': booking,
  'unit.reserved': booking,
  'contract.signed': {
    summary: 'a booking, then the tenant signs its contract',
    fields: BOOKING,
    async run(k) {
      const b = await k.booking();
      const page = { page: 1, limit: 1, sortBy: 'created_at', direction: 'asc' as const };
      const [contract] = (await k.services.contracts.list(k.ctx, page, { tenancyIds: [b.tenancyId] })).items;
      if (!contract) throw new Error('the booking made no contract (no contract template at its site)');
      k.remember('contract', contract.id);
      await k.services.contracts.sign(k.ctx, contract.id);
    },
  },
  'tenancy.started': moveIn,
  'subscription.started': moveIn,
  'unit.occupied': moveIn,
  'invoice.created': moveIn,
  'invoice.finalized': moveIn,
  'invoice.paid': moveIn,
  'subscription.cancelled': {
    summary: 'a tenant moved in gives 30 days notice',
    fields: BOOKING,
    async run(k) {
      const b = await k.movedIn();
      const endsAt = new Date(k.ctx.now().getTime() + 30 * DAY);
      await k.services.lifecycle.giveNotice(k.ctx, b.subscriptionId, { endsAt, reason: 'Triggered notice' });
    },
  },
  'subscription.ended': moveOut,
  'unit.deallocated': moveOut,
  'credit_note.created': moveOut,
  'invoice.marked_uncollectible': {
    summary:
      'a booking whose card (4000 0000 0000 0341) declines at move-in; the sandbox clock runs through the dunning retries',
    fields: BOOKING,
    async run(k) {
      const b = await k.booking();
      await k.services.lifecycle.attachCard(k.ctx, b.contactId, '4000000000000341');
      const site = await k.services.sites.get(k.ctx, b.tenancy.siteId);
      const moveInAt = localHourOn(b.tenancy.startsAt, site.timezone, 6);
      await k.advanceTo(moveInAt);
      // A day at a time, so each retry the last one scheduled runs before the next move (at most 30 days).
      const invoiceId = await k.invoiceOf(b.subscriptionId);
      for (let day = 0; day < 30; day++) {
        const [inv] = await k.services.invoices.findMany(k.ctx, [invoiceId]);
        if (inv.status !== 'open') break;
        await k.advanceTo(new Date(k.ctx.now().getTime() + DAY));
      }
    },
  },
  'unit.overlocked': overlock,
  'unit.repossessed': {
    summary: "a tenant's unit, overlocked, then repossessed by the operator",
    fields: BOOKING,
    async run(k) {
      await overlock.run(k);
      await k.services.unitActions.repossess(k.ctx, k.created.unit);
    },
  },
  'unit.unavailable': {
    summary: 'an available unit taken out of use',
    fields: [],
    run: async (k) =>
      void (await k.services.unitActions.setAvailability(k.ctx, await k.availableUnit(), 'unavailable')),
  },
  'unit.available': {
    summary: 'an available unit taken out of use, then back in use',
    fields: [],
    async run(k) {
      const id = await k.availableUnit();
      await k.services.unitActions.setAvailability(k.ctx, id, 'unavailable');
      await k.services.unitActions.setAvailability(k.ctx, id, 'available');
    },
  },
  'unit_type.updated': {
    summary: "a unit type's base prices saved again (unchanged amounts)",
    fields: ['unit_type_id'],
    async run(k) {
      const ut = await k.unitType();
      k.remember('unit_type', ut.id);
      await k.services.unitTypes.setBasePrices(
        k.ctx,
        ut.id,
        Object.fromEntries(ut.prices.map((p) => [p.billingPeriod, { amount: p.amount }])),
      );
    },
  },
  'protection_level.updated': {
    summary: "a protection level's base prices saved again (unchanged amounts)",
    fields: [],
    async run(k) {
      const page = { page: 1, limit: 1, sortBy: 'created_at', direction: 'asc' as const };
      const [pl] = (await k.services.protectionLevels.list(k.ctx, page)).items;
      if (!pl) throw new Error('the operator has no protection level');
      k.remember('protection_level', pl.id);
      await k.services.protectionLevels.setBasePrices(
        k.ctx,
        pl.id,
        Object.fromEntries(pl.prices.map((p) => [p.billingPeriod, { amount: p.amount }])),
      );
    },
  },
  'unit_type.created': {
    summary: 'the operator adds a unit type (with a monthly base price) to a site',
    fields: ['name', 'monthly_amount', 'unit_type_id'],
    run: async (k) => void (await newUnitType(k)),
  },
  'unit.created': {
    summary: 'the operator adds a unit of a bookable unit type',
    fields: ['unit_type_id', 'reference_id'],
    run: async (k) => void (await newUnit(k)),
  },
  'unit.updated': {
    summary: 'the operator adds a unit, then changes its reference',
    fields: ['unit_type_id', 'reference_id'],
    async run(k) {
      const id = await newUnit(k);
      await k.services.units.update(k.ctx, id, { referenceId: `TRG-${k.ctx.now().getTime().toString(36)}-B` });
    },
  },
  'protection_level.created': {
    summary: 'the operator adds a protection level (cover and monthly price)',
    fields: ['cover_level', 'monthly_amount'],
    run: async (k) => void (await newProtectionLevel(k)),
  },
  'coupon.created': {
    summary: 'the operator creates a 10 % coupon',
    fields: ['name', 'percent'],
    run: async (k) => void (await newCoupon(k)),
  },
  'coupon.updated': {
    summary: 'the operator creates a coupon, then renames it',
    fields: ['name', 'percent'],
    async run(k) {
      const id = await newCoupon(k);
      await k.services.coupons.update(k.ctx, id, { name: `${k.o.get('name', 'Trigger coupon')} (renamed)` });
    },
  },
  'credit_note.updated': {
    summary: "a move-out's pro-rated credit note, then voided by the operator",
    fields: BOOKING,
    async run(k) {
      await k.services.creditNotes.void(k.ctx, await creditNote(k));
    },
  },
  'invoice.updated': {
    summary: "a moved-in tenant's first invoice gets a purchase order number",
    fields: [...BOOKING, 'purchase_order_number'],
    async run(k) {
      const b = await k.movedIn();
      const invoiceId = await k.invoiceOf(b.subscriptionId);
      await k.services.invoices.setPurchaseOrderNumber(
        k.ctx,
        invoiceId,
        k.o.get('purchase_order_number', 'PO-TRIGGER-1'),
      );
    },
  },
};
