import { DomainError } from '../../kernel/errors.ts';
import { randomToken } from '../../kernel/ids.ts';
import type { Services } from '../../domain/services.ts';
import type { OperatorContext } from '../../domain/context.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import { attachableCard } from '../../domain/lifecycle/payment-method.ts';
import type { UnitType } from '../../domain/catalogue/unit-type.ts';

const PAGE = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };
const MOVE_IN_HOUR = 6;

/** `--override field=value`: the fields a trigger accepts, each used where that trigger creates its record. */
export class Overrides {
  constructor(private readonly values: Record<string, string>) {}
  get(field: string, fallback: string): string {
    return this.values[field] ?? fallback;
  }
  opt(field: string): string | undefined {
    return this.values[field];
  }
}

/**
 * What a trigger works with: the domain services the API routes call (so every event comes from its real flow,
 * in the change's own transaction), the acting context (moved on when the trigger moves the sandbox clock) and
 * `created`, the records made on the way (printed by `lockyard trigger`).
 */
export class TriggerKit {
  readonly created: Record<string, string> = {};
  clockAdvancedSeconds = 0;
  constructor(
    readonly services: Services,
    public ctx: OperatorContext,
    readonly o: Overrides,
  ) {}

  private note(kind: string, id: string) {
    this.created[kind] = id;
    return id;
  }

  async contact(): Promise<string> {
    const c = await this.services.contacts.create(this.ctx, {
      email: this.o.get(
        'email',
        `trigger.${randomToken(6)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'x')}@example.com`,
      ),
      fullName: this.o.get('full_name', 'Trigger Test'),
    });
    return this.note('contact', c.id);
  }

  /**
   * A bookable unit type with a monthly price (`unit_type_id` overrides); for a booking, one with an available
   * unit, so the booking holds a unit as a real one would.
   */
  async unitType(needsUnit = false): Promise<UnitType & { monthly: number }> {
    const wanted = this.o.opt('unit_type_id');
    const all = wanted
      ? [await this.services.unitTypes.get(this.ctx, wanted)]
      : (await this.services.unitTypes.list(this.ctx, PAGE, {})).items;
    for (const ut of all) {
      const monthly = ut.prices.find((p) => p.billingPeriod === 'monthly');
      if (ut.status !== 'bookable' || !monthly) continue;
      if (needsUnit && !wanted) {
        const free = await this.services.units.list(
          this.ctx,
          { ...PAGE, limit: 1 },
          { statuses: ['available'], unitTypeIds: [ut.id] },
        );
        if (!free.items.length) continue;
      }
      return { ...ut, monthly: monthly.amount };
    }
    throw new DomainError(
      'conflict',
      needsUnit
        ? 'No bookable unit type with a monthly price has an available unit (lockyard reset brings the demo back).'
        : 'No bookable unit type with a monthly price.',
    );
  }

  async order(finalize: boolean): Promise<string> {
    const ut = await this.unitType(true);
    const contactId = await this.contact();
    const [template] = (await this.services.contractTemplates.list(this.ctx, { ...PAGE, limit: 1 })).items;
    const view = await this.services.orders.create(this.ctx, {
      contractTemplateId: this.o.opt('contract_template_id') ?? template?.id ?? null,
      siteId: ut.siteId,
      contact: { id: contactId },
      billingPeriod: 'monthly',
      paymentMethod: 'card',
      startsAt: this.o.get('starts_at', this.tomorrowNoon()),
      lineItems: [{ type: 'unit_type', quantity: 1, unitAmount: ut.monthly, itemId: ut.id }],
      finalize: finalize ? { cancelRedirectUrl: 'https://partner.example.com/cancelled' } : undefined,
    });
    this.note('unit_type', ut.id);
    return this.note('order', view.order.id);
  }

  /** Bookings start tomorrow at 12:00 UTC by default: the unit is reserved until move-in day. */
  private tomorrowNoon(): string {
    const now = this.ctx.now();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 12)).toISOString();
  }

  /** A booking: a finalized order paid as the sandbox checkout would (card 4242 kept on file). */
  async booking(card = '4242424242424242') {
    const orderId = await this.order(true);
    const { view } = await this.services.orders.complete(this.ctx, orderId, attachableCard(card));
    const o = view.order;
    this.note('tenancy', o.tenancyId!);
    this.note('subscription', o.subscriptionId!);
    const [tenancy] = await this.services.tenancies.findMany(this.ctx, [o.tenancyId!]);
    const [allocation] = tenancy.unitAllocationIds.length
      ? await this.services.unitAllocations.findMany(this.ctx, [tenancy.unitAllocationIds[0]])
      : [];
    if (allocation) this.note('unit', allocation.unitId);
    return { contactId: o.contactId!, tenancyId: o.tenancyId!, subscriptionId: o.subscriptionId!, tenancy };
  }

  /** Moves the operator's sandbox clock (never back) and runs what fell due, as POST /sandbox/clock/advance. */
  async advanceTo(to: Date) {
    const from = this.ctx.now();
    this.ctx = await this.services.clock.advance(this.ctx, to > from ? { to } : { seconds: 0 });
    this.clockAdvancedSeconds += Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  }

  /** A booking moved in: the clock goes to move-in day 06:00 site time (at once when that has passed). */
  async movedIn(card?: string) {
    const b = await this.booking(card);
    const site = await this.services.sites.get(this.ctx, b.tenancy.siteId);
    await this.advanceTo(localHourOn(b.tenancy.startsAt, site.timezone, MOVE_IN_HOUR));
    return b;
  }

  /** The first invoice of a subscription. */
  async invoiceOf(subscriptionId: string) {
    const { items } = await this.services.invoices.list(this.ctx, PAGE, { subscriptionIds: [subscriptionId] }, {});
    if (!items[0]) throw new DomainError('conflict', `Subscription '${subscriptionId}' has no invoice yet.`);
    return this.note('invoice', items[0].id);
  }

  async availableUnit(): Promise<string> {
    const { items } = await this.services.units.list(this.ctx, { ...PAGE, limit: 1 }, { statuses: ['available'] });
    if (!items[0]) throw new DomainError('conflict', 'No available unit.');
    return this.note('unit', items[0].id);
  }

  remember(kind: string, id: string) {
    return this.note(kind, id);
  }
}
