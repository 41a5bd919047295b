import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidContent } from '../../kernel/errors.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { OrderContactInput } from '../../domain/orders/order-drafts.service.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import { localDateOf } from '../portal/portal-dates.ts';
import { checkCard } from '../checkout/sandbox-cards.ts';
import { bookingsPage, orderPage, rentalActions, type BookingsPage } from './bookings.views.ts';
import { contactFile } from './contacts.routes.ts';
import { contactPage } from './contacts.views.ts';
import { attemptForm, formatMoney, sendPage, type Banners } from './form-kit.ts';
import { form, one, requireStaff, staffContext } from './web-kit.ts';

const ALL = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };

/**
 * Bookings in the back office: a walk-in's order (contact, unit type, move-in date, protection, coupon) made by the
 * orders service the API uses, with source `backoffice`, finalized at once; then either the hosted checkout link for
 * the customer or the card taken at the desk (sandbox test cards, the checkout's rules), which completes the order
 * as the checkout does. Move-in grants access to the unit (the unit action `grant_access`); transfer moves a tenancy
 * to another unit (`unitActions.transfer`); notice reuses the units section's form.
 */
export function bookingsRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;

  async function page(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    extra: Banners & { typed?: Record<string, string> } = {},
    status = 200,
  ) {
    const [sites, types, levels, coupons, reserved] = await Promise.all([
      services.sites.list(ctx, ALL, {}),
      services.unitTypes.list(ctx, ALL, {}),
      services.protectionLevels.list(ctx, ALL),
      services.coupons.list(ctx, ALL),
      services.units.list(ctx, { ...ALL, limit: 50 }, { statuses: ['reserved'] }),
    ]);
    const siteName = new Map(sites.items.map((s) => [s.id, s.name]));
    const allocations = await services.unitAllocations.findMany(
      ctx,
      reserved.items.flatMap((u) => (u.unitAllocationId ? [u.unitAllocationId] : [])),
    );
    const tenancies = await services.tenancies.findMany(
      ctx,
      allocations.map((a) => a.tenancyId),
    );
    const contacts = await services.contacts.findMany(ctx, [...new Set(tenancies.map((t) => t.contactId))]);
    const arrivals: BookingsPage['arrivals'] = reserved.items.flatMap((unit) => {
      const a = allocations.find((x) => x.unitId === unit.id);
      const t = a && tenancies.find((x) => x.id === a.tenancyId);
      if (!t) return [];
      const c = contacts.find((x) => x.id === t.contactId);
      return [
        {
          unit,
          contactId: t.contactId,
          contactName: c?.fullName ?? c?.email ?? t.contactId,
          tenancyId: t.id,
          startsAt: t.startsAt,
        },
      ];
    });
    arrivals.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const m = (n: number) => formatMoney(n, ctx.operator.currency);
    return sendPage(
      reply,
      bookingsPage({
        session,
        csrf: reply.generateCsrf(),
        unitTypes: types.items.flatMap((u) => {
          const monthly = u.prices.find((p) => p.billingPeriod === 'monthly');
          return u.status === 'bookable' && monthly
            ? [{ value: u.id, label: `${siteName.get(u.siteId) ?? u.siteId} · ${u.name} · ${m(monthly.amount)}/month` }]
            : [];
        }),
        protections: levels.items.flatMap((l) => {
          const monthly = l.prices.find((p) => p.billingPeriod === 'monthly');
          return monthly ? [{ value: l.id, label: `Cover ${m(l.coverLevel)} · ${m(monthly.amount)}/month` }] : [];
        }),
        coupons: coupons.items.map((c) => ({ value: c.id, label: c.code ? `${c.name} (${c.code})` : c.name })),
        today: localDateOf(ctx.now(), ctx.operator.timezone),
        arrivals,
        ...extra,
      }),
      status,
    );
  }

  app.get('/backoffice/bookings', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const contactId = one((request.query as Record<string, string>).contact_id);
    const contact = contactId ? (await services.contacts.findMany(ctx, [contactId]))[0] : undefined;
    const done = one((request.query as Record<string, string>).done);
    return page(reply, session, ctx, {
      typed: contact ? { contact: contact.email } : undefined,
      notice: done === 'moved-in' ? 'Moved in: the door code is active.' : undefined,
    });
  });

  app.post('/backoffice/bookings', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const f = form(request);
    const typed: Record<string, string> = {};
    for (const k of [
      'contact',
      'full_name',
      'phone_number',
      'unit_type_id',
      'starts_on',
      'protection_id',
      'coupon_id',
      'payment',
    ])
      typed[k] = one(f[k]).trim();
    return attemptForm(
      async () => {
        const [unitType] = await services.unitTypes.findMany(ctx, [typed.unit_type_id]);
        if (!unitType) throw invalidContent('/line_items/0/item/id', 'choose a unit type');
        const [site] = await services.sites.findMany(ctx, [unitType.siteId]);
        const today = localDateOf(ctx.now(), site.timezone);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(typed.starts_on) || typed.starts_on < today)
          throw invalidContent('/starts_at', 'choose a move-in date from today on');
        const price = unitType.prices.find((p) => p.billingPeriod === 'monthly');
        if (!price) throw invalidContent('/line_items/0/item/id', 'this unit type has no monthly price');
        const [level] = typed.protection_id ? await services.protectionLevels.findMany(ctx, [typed.protection_id]) : [];
        const levelPrice = level?.prices.find((p) => p.billingPeriod === 'monthly');
        let contact: OrderContactInput = { id: typed.contact };
        if (typed.contact.includes('@')) {
          const found = await services.contacts.list(ctx, { ...ALL, limit: 1 }, { emails: [typed.contact] }, {});
          contact = found.items[0]
            ? { id: found.items[0].id }
            : {
                email: typed.contact,
                ...(typed.full_name ? { fullName: typed.full_name } : {}),
                ...(typed.phone_number ? { phoneNumber: typed.phone_number } : {}),
                source: 'walkin',
              };
        }
        return services.orders.create(ctx, {
          siteId: site.id,
          contact,
          billingPeriod: 'monthly',
          paymentMethod: 'card',
          startsAt:
            typed.starts_on === today
              ? 'now'
              : localHourOn(new Date(`${typed.starts_on}T12:00:00Z`), site.timezone, 0).toISOString(),
          couponId: typed.coupon_id || null,
          source: 'backoffice',
          lineItems: [
            { type: 'unit_type', quantity: 1, unitAmount: price.amount, itemId: unitType.id },
            ...(level && levelPrice
              ? [{ type: 'protection' as const, quantity: 1, unitAmount: levelPrice.amount, itemId: level.id }]
              : []),
            ...(unitType.requireSecurityDeposit && unitType.securityDeposit
              ? [
                  {
                    type: 'security_deposit' as const,
                    quantity: 1,
                    unitAmount: unitType.securityDeposit,
                    itemId: unitType.id,
                  },
                ]
              : []),
          ],
          finalize: { cancelRedirectUrl: `${config.publicUrl}/backoffice/bookings` },
        });
      },
      (view) =>
        reply.redirect(
          `/backoffice/bookings/orders/${view.order.id}${typed.payment === 'card' ? '#card-in-person' : '#checkout-link'}`,
          303,
        ),
      (status, error) => page(reply, session, ctx, { error: `Could not create the booking: ${error}`, typed }, status),
    );
  });

  async function showOrder(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    id: string,
    extra: Banners & { typedName?: string } = {},
    status = 200,
  ) {
    const view = await services.orders.get(ctx, id);
    const [contact] = view.order.contactId ? await services.contacts.findMany(ctx, [view.order.contactId]) : [];
    return sendPage(
      reply,
      orderPage({
        session,
        csrf: reply.generateCsrf(),
        currency: ctx.operator.currency,
        view,
        paymentUrl: view.order.checkoutToken ? `${config.publicUrl}/checkout/${view.order.checkoutToken}` : null,
        contactName: contact?.fullName ?? contact?.email ?? '—',
        ...extra,
      }),
      status,
    );
  }

  app.get<{ Params: { order_id: string } }>('/backoffice/bookings/orders/:order_id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    return showOrder(reply, session, await staffContext(services, session), request.params.order_id);
  });

  /** The card at the desk: the checkout's sandbox rules; success completes the order and keeps the card on file. */
  app.post<{ Params: { order_id: string } }>(
    '/backoffice/bookings/orders/:order_id/card',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      const ctx = await staffContext(services, session);
      const view = await services.orders.get(ctx, request.params.order_id);
      const f = form(request);
      const outcome = checkCard(
        { name: one(f.name), card_number: one(f.card_number), expiry: one(f.expiry), cvc: one(f.cvc) },
        ctx.now(),
      );
      if (!outcome.ok)
        return showOrder(
          reply,
          session,
          ctx,
          view.order.id,
          { error: outcome.message, typedName: one(f.name) },
          /declined/.test(outcome.message) ? 402 : 422,
        );
      return attemptForm(
        () =>
          services.orders.complete(ctx, view.order.id, {
            brand: 'visa',
            last4: outcome.last4,
            behaviour: outcome.later,
          }),
        () => reply.redirect(`/backoffice/contacts/${view.order.contactId}?done=booked#rentals`, 303),
        (status, error) => showOrder(reply, session, ctx, view.order.id, { error }, status),
      );
    },
  );

  type TenancyAction = { Params: { tenancy_id: string } };
  const tenancyAction = (
    path: string,
    done: string,
    run: (ctx: OperatorContext, tenancyId: string, f: ReturnType<typeof form>) => Promise<unknown>,
  ) =>
    app.post<TenancyAction>(
      `/backoffice/tenancies/:tenancy_id/${path}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        const ctx = await staffContext(services, session);
        const tenancy = await services.tenancies.get(ctx, request.params.tenancy_id);
        const f = form(request);
        return attemptForm(
          () => run(ctx, tenancy.id, f),
          () => reply.redirect(`/backoffice/contacts/${tenancy.contactId}?done=${done}#rentals`, 303),
          async (status, error) => {
            const file = await contactFile(services, ctx, tenancy.contactId);
            return sendPage(
              reply,
              contactPage({ session, csrf: reply.generateCsrf(), ...file, rentalActions, error }),
              status,
            );
          },
        );
      },
    );

  tenancyAction('move-in', 'moved-in', (ctx, tenancyId, f) =>
    services.unitActions.grantAccess(ctx, one(f.unit_id), tenancyId),
  );
  tenancyAction('transfer', 'transferred', (ctx, tenancyId, f) =>
    services.unitActions.transfer(ctx, tenancyId, one(f.from_unit_id), one(f.to_unit_id)),
  );
}
