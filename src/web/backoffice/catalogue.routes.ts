import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { fieldOf, type Field, type FormError, type Values } from './catalogue-form.ts';
import { KINDS, priceFields, pricesFrom, type Kind, type Lookups } from './catalogue-kinds.ts';
import { catalogueItemPage, catalogueOverview, type OpenForm } from './catalogue.views.ts';
import { form, hasRole, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const NOTICES: Record<string, string> = {
  created: 'Created.',
  updated: 'Saved.',
  prices: 'Base prices saved.',
};

const ALL = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' } as const;

/** A domain refusal as the form shows it: the API's message(s), and the field its pointer names. */
function formError(err: unknown, fields: Field[]): FormError {
  if (!(err instanceof DomainError) || err.code === 'resource_not_found' || err.code === 'forbidden') throw err;
  const first = err.details[0];
  return {
    message: err.details.map((d) => d.message).join('; ') || err.message,
    field: first?.pointer ? fieldOf(first.pointer, fields) : undefined,
  };
}

function typed(request: { body: unknown }): Values {
  const f = form(request as Parameters<typeof form>[0]);
  return Object.fromEntries(
    Object.entries(f)
      .filter(([k]) => k !== '_csrf')
      .map(([k, v]) => [k, one(v)]),
  );
}

/**
 * Back office → Catalogue (docs/decisions/backoffice-catalogue.md): any role may look; creating and editing needs
 * manager (checked on every POST). Each write is the domain service the API and the CLI call, so the events
 * (`unit_type.created`, `unit.updated`, `coupon.created`, …) and the refusals are theirs.
 */
export function catalogueRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  async function lookups(ctx: OperatorContext): Promise<Lookups> {
    const [sites, unitTypes, coupons, categories] = await Promise.all([
      services.sites.list(ctx, { ...ALL, sortBy: 'name' }, {}),
      services.unitTypes.list(ctx, ALL, {}),
      services.coupons.list(ctx, ALL),
      services.productCategories.list(ctx, ALL),
    ]);
    return { sites: sites.items, unitTypes: unitTypes.items, coupons: coupons.items, categories: categories.items };
  }

  async function overview(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    extra: { notice?: string; open?: OpenForm } = {},
    status = 200,
  ) {
    const [l, unitTypes, protectionLevels, products, sites, coupons] = await Promise.all([
      lookups(ctx),
      services.unitTypes.list(ctx, ALL, {}),
      services.protectionLevels.list(ctx, ALL),
      services.products.list(ctx, ALL, {}),
      services.sites.list(ctx, { ...ALL, sortBy: 'name' }, {}),
      services.coupons.list(ctx, ALL),
    ]);
    const page = catalogueOverview({
      session,
      csrf: reply.generateCsrf(),
      canEdit: hasRole(session, 'manager'),
      currency: ctx.operator.currency,
      sites: sites.items,
      unitTypes: unitTypes.items,
      coupons: coupons.items,
      protectionLevels: protectionLevels.items,
      products: products.items,
      createFields: Object.fromEntries(Object.entries(KINDS).map(([k, kind]) => [k, kind.createFields(l)])),
      defaults: Object.fromEntries(Object.entries(KINDS).map(([k, kind]) => [k, kind.defaults ?? {}])),
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  async function item(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    key: string,
    kind: Kind,
    id: string,
    extra: { notice?: string; error?: FormError; failed?: 'edit' | 'prices'; typed?: Values } = {},
    status = 200,
  ) {
    const [loaded, l] = await Promise.all([kind.load(services, ctx, id), lookups(ctx)]);
    const values = { ...loaded.values, ...extra.typed };
    const page = catalogueItemPage({
      session,
      csrf: reply.generateCsrf(),
      canEdit: hasRole(session, 'manager'),
      kind: key,
      label: kind.label,
      id,
      name: loaded.name,
      fields: kind.editFields(l, values),
      values,
      priceFields: kind.setPrices && loaded.periods ? priceFields(loaded.periods, ctx.operator.currency) : undefined,
      notice: extra.notice,
      error: extra.error,
      failed: extra.failed,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  const kindOf = (key: string): Kind | undefined => (Object.hasOwn(KINDS, key) ? KINDS[key] : undefined);

  app.get('/backoffice/catalogue', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return overview(reply, session, await staffContext(services, session), { notice });
  });

  app.get<{ Params: { kind: string; id: string } }>('/backoffice/catalogue/:kind/:id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const kind = kindOf(request.params.kind);
    if (!kind) return reply.callNotFound();
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    const ctx = await staffContext(services, session);
    return item(reply, session, ctx, request.params.kind, kind, request.params.id, { notice });
  });

  app.post<{ Params: { kind: string } }>(
    '/backoffice/catalogue/:kind',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const key = request.params.kind;
      const kind = kindOf(key);
      if (!kind) return reply.callNotFound();
      const ctx = await staffContext(services, session);
      const values = typed(request);
      try {
        const created = await kind.create(services, ctx, values);
        return reply.redirect(`/backoffice/catalogue/${key}/${created.id}?done=created`, 303);
      } catch (err) {
        const error = formError(err, kind.createFields(await lookups(ctx)));
        return overview(reply, session, ctx, { open: { kind: key, values, error } }, statusOf(err as DomainError));
      }
    },
  );

  app.post<{ Params: { kind: string; id: string } }>(
    '/backoffice/catalogue/:kind/:id',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const { kind: key, id } = request.params;
      const kind = kindOf(key);
      if (!kind) return reply.callNotFound();
      const ctx = await staffContext(services, session);
      const values = typed(request);
      try {
        await kind.update(services, ctx, id, values);
        return reply.redirect(`/backoffice/catalogue/${key}/${id}?done=updated`, 303);
      } catch (err) {
        const error = formError(err, kind.editFields(await lookups(ctx), values));
        const status = statusOf(err as DomainError);
        return item(reply, session, ctx, key, kind, id, { error, failed: 'edit', typed: values }, status);
      }
    },
  );

  app.post<{ Params: { kind: string; id: string } }>(
    '/backoffice/catalogue/:kind/:id/prices',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const { kind: key, id } = request.params;
      const kind = kindOf(key);
      if (!kind?.setPrices) return reply.callNotFound();
      const ctx = await staffContext(services, session);
      const values = typed(request);
      const { periods = [] } = await kind.load(services, ctx, id);
      try {
        await kind.setPrices(services, ctx, id, pricesFrom(values, periods, ctx.operator.currency));
        return reply.redirect(`/backoffice/catalogue/${key}/${id}?done=prices`, 303);
      } catch (err) {
        const error = formError(err, priceFields(periods, ctx.operator.currency));
        const status = statusOf(err as DomainError);
        return item(reply, session, ctx, key, kind, id, { error, failed: 'prices', typed: values }, status);
      }
    },
  );
}
