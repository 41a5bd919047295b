import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conflict, DomainError, invalidContent } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { UNIT_STATUSES, type UnitStatus } from '../../domain/catalogue/unit.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import { unitPage, unitsPage, type GridFilters, type UnitPage } from './units.views.ts';
import { form, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const GRID_PAGE = 240;

const NOTICES: Record<string, string> = {
  available: 'The unit is available again.',
  unavailable: 'The unit is out of service (unavailable).',
  repossess: 'The unit is repossessed; the tenant’s access is revoked.',
  notice: 'Notice given: the tenancy ends on the move-out date, and the unit is freed then.',
  'custom-fields': 'The custom fields were saved.',
};

/**
 * Units in the back office: the list, a unit's page (status, door access from the simulated provider, tenancy),
 * and the operator's actions — make unavailable / available, repossess, give notice — with the API's rules
 * (a forbidden transition is a 409 page naming the unit's status and what the action requires).
 */
export function unitsRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  async function render(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    unitId: string,
    extra: Pick<UnitPage, 'notice' | 'error'> = {},
    status = 200,
  ) {
    const unit = await services.units.get(ctx, unitId);
    const [[site], [unitType], door, [allocation]] = await Promise.all([
      services.sites.findMany(ctx, [unit.siteId]),
      services.unitTypes.findMany(ctx, [unit.unitTypeId]),
      services.accessControl.simulatedOfUnit(ctx, unit.id),
      unit.unitAllocationId ? services.unitAllocations.findMany(ctx, [unit.unitAllocationId]) : [],
    ]);
    const [tenancy] = allocation ? await services.tenancies.findMany(ctx, [allocation.tenancyId]) : [];
    const [[subscription], [contact]] = tenancy
      ? await Promise.all([
          tenancy.subscriptionId ? services.subscriptions.findMany(ctx, [tenancy.subscriptionId]) : [],
          services.contacts.findMany(ctx, [tenancy.contactId]),
        ])
      : [[], []];
    const [unitFields, rentalFields] = await Promise.all([
      services.addons.recordFields(ctx, 'unit', unit.id),
      tenancy ? services.addons.recordFields(ctx, 'unitRental', tenancy.id) : null,
    ]);
    const page = unitPage({
      session,
      csrf: reply.generateCsrf(),
      unit,
      siteName: site?.name ?? unit.siteId,
      unitTypeName: unitType?.name ?? unit.unitTypeId,
      door,
      tenancy: tenancy ?? null,
      subscription: subscription ?? null,
      contact: contact ?? null,
      customFields: { unit: unitFields, rental: rentalFields },
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  /** A refused action re-renders the page with the rule that refused it, at the API's status for it. */
  async function attempt(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    unitId: string,
    done: string,
    act: () => Promise<unknown>,
  ) {
    try {
      await act();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'resource_not_found') throw err;
      const message = err.details.map((d) => d.message).join('; ') || err.message;
      return render(reply, session, ctx, unitId, { error: message }, statusOf(err));
    }
    return reply.redirect(`/backoffice/units/${unitId}?done=${done}`, 303);
  }

  /**
   * The unit grid: units per site as tiles coloured by status, filtered by GET parameters (site, unit type, status,
   * reference search) so a filtered view is a link; a page of GRID_PAGE units at a time (the scale bench has 1M).
   */
  app.get('/backoffice/units', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const q = request.query as Record<string, string | string[] | undefined>;
    const wanted = one(q.status);
    const filters: GridFilters = {
      status: (UNIT_STATUSES as readonly string[]).includes(wanted) ? (wanted as UnitStatus) : '',
      siteId: one(q.site_id).trim(),
      unitTypeId: one(q.unit_type_id).trim(),
      search: one(q.search).trim().slice(0, 64),
    };
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(one(q.page), 10) || 1));
    const byName = { page: 1, limit: 100, sortBy: 'name', direction: 'asc' } as const;
    const [sites, unitTypes] = await Promise.all([
      services.sites.list(ctx, byName, {}),
      services.unitTypes.list(
        ctx,
        { ...byName, sortBy: 'created_at' },
        filters.siteId ? { siteIds: [filters.siteId] } : {},
      ),
    ]);
    const { items, total } = await services.units.list(
      ctx,
      { page: pageNo, limit: GRID_PAGE, sortBy: 'created_at', direction: 'asc' },
      {
        ...(filters.status ? { statuses: [filters.status] } : {}),
        ...(filters.siteId ? { siteIds: [filters.siteId] } : {}),
        ...(filters.unitTypeId ? { unitTypeIds: [filters.unitTypeId] } : {}),
        ...(filters.search ? { search: filters.search } : {}),
      },
    );
    const known = new Set(unitTypes.items.map((u) => u.id));
    const missing = [...new Set(items.map((u) => u.unitTypeId))].filter((id) => !known.has(id));
    const extraTypes = missing.length ? await services.unitTypes.findMany(ctx, missing) : [];
    return reply.type('text/html; charset=utf-8').send(
      unitsPage({
        session,
        csrf: reply.generateCsrf(),
        units: items,
        total,
        page: pageNo,
        pageSize: GRID_PAGE,
        filters,
        sites: sites.items,
        unitTypes: [...unitTypes.items, ...extraTypes],
      }),
    );
  });

  app.get<{ Params: { unit_id: string } }>('/backoffice/units/:unit_id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return render(reply, session, await staffContext(services, session), request.params.unit_id, { notice });
  });

  /** The unit actions: any signed-in role (day-to-day work), the CSRF token checked, then the action. */
  function action<P extends Record<string, string>>(
    path: string,
    handle: (
      request: FastifyRequest<{ Params: P }>,
      reply: FastifyReply,
      session: StaffSession,
      ctx: OperatorContext,
    ) => Promise<unknown>,
  ) {
    app.post<{ Params: P }>(path, { preHandler: app.csrfProtection }, async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'staff'); // day-to-day work: any role
      return handle(request, reply, session, await staffContext(services, session));
    });
  }

  const unitActions: Record<string, (ctx: OperatorContext, id: string) => Promise<unknown>> = {
    available: (ctx, id) => services.unitActions.setAvailability(ctx, id, 'available'),
    unavailable: (ctx, id) => services.unitActions.setAvailability(ctx, id, 'unavailable'),
    repossess: (ctx, id) => services.unitActions.repossess(ctx, id),
  };
  for (const [done, run] of Object.entries(unitActions)) {
    action<{ unit_id: string }>(`/backoffice/units/:unit_id/${done}`, (request, reply, session, ctx) => {
      const id = request.params.unit_id;
      return attempt(reply, session, ctx, id, done, () => run(ctx, id));
    });
  }

  /**
   * Notice on a tenancy, from its unit's page: the subscription is cancelled from the end of the move-out day,
   * site time (00:00 the next day), announced now; the lifecycle's move-out step runs then.
   */
  action<{ tenancy_id: string }>('/backoffice/tenancies/:tenancy_id/notice', async (request, reply, session, ctx) => {
    const f = form(request);
    const tenancy = await services.tenancies.get(ctx, request.params.tenancy_id);
    const [allocation] = tenancy.unitAllocationIds.length
      ? await services.unitAllocations.findMany(ctx, [tenancy.unitAllocationIds[0]])
      : [];
    const unitId = one(f.unit_id) || allocation?.unitId;
    const day = one(f.ends_on).match(/^(\d{4})-(\d{2})-(\d{2})$/);
    const act = async () => {
      if (!day) throw invalidContent('/ends_on', 'choose a move-out date');
      if (!tenancy.subscriptionId) throw conflict(`Tenancy '${tenancy.id}' has no subscription to give notice on.`);
      const [site] = await services.sites.findMany(ctx, [tenancy.siteId]);
      const next = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1, 12));
      const endsAt = localHourOn(next, site?.timezone ?? 'UTC', 0);
      const reason = one(f.reason).trim().slice(0, 500) || null;
      return services.lifecycle.giveNotice(ctx, tenancy.subscriptionId, { endsAt, reason });
    };
    if (!unitId) {
      await act();
      return reply.redirect('/backoffice/units', 303);
    }
    return attempt(reply, session, ctx, unitId, 'notice', act);
  });
}
