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

  /** A write's context: who, for which kind and item, with what the form sent. */
  interface Write {
    reply: FastifyReply;
    session: StaffSession;
    ctx: OperatorContext;
    key: string;
    kind: Kind;
    id: string;
    values: Values;
  }
  /** One write: the domain call (answering the item's id), the fields of the form sent, its page when refused. */
  interface Step {
    run(): Promise<string>;
    fields(): Field[] | Promise<Field[]>;
    refused(error: FormError, status: number): Promise<FastifyReply>;
  }

  /**
   * Every write has one shape: a manager, a kind of the table (that has the action), the typed form; done, the
   * item's page with a notice; a domain refusal re-renders the form that was sent, the message at its field.
   */
  function write(
    path: string,
    done: keyof typeof NOTICES,
    step: (w: Write) => Step | Promise<Step>,
    offers: (kind: Kind) => boolean = () => true,
  ) {
    app.post<{ Params: { kind: string; id?: string } }>(
      path,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        requireRole(session, 'manager');
        const { kind: key, id = '' } = request.params;
        const kind = kindOf(key);
        if (!kind || !offers(kind)) return reply.callNotFound();
        const ctx = await staffContext(services, session);
        const s = await step({ reply, session, ctx, key, kind, id, values: typed(request) });
        try {
          const itemId = await s.run();
          return reply.redirect(`/backoffice/catalogue/${key}/${itemId}?done=${done}`, 303);
        } catch (err) {
          const error = formError(err, await s.fields());
          return s.refused(error, statusOf(err as DomainError));
        }
      },
    );
  }

  /** The item's page again, with the refused form (edit or prices) as typed. */
  const itemAgain = (w: Write, failed: 'edit' | 'prices') => (error: FormError, status: number) =>
    item(w.reply, w.session, w.ctx, w.key, w.kind, w.id, { error, failed, typed: w.values }, status);

  write('/backoffice/catalogue/:kind', 'created', (w) => ({
    run: async () => (await w.kind.create(services, w.ctx, w.values)).id,
    fields: async () => w.kind.createFields(await lookups(w.ctx)),
    refused: (error, status) =>
      overview(w.reply, w.session, w.ctx, { open: { kind: w.key, values: w.values, error } }, status),
  }));

  write('/backoffice/catalogue/:kind/:id', 'updated', (w) => ({
    run: async () => {
      await w.kind.update(services, w.ctx, w.id, w.values);
      return w.id;
    },
    fields: async () => w.kind.editFields(await lookups(w.ctx), w.values),
    refused: itemAgain(w, 'edit'),
  }));

  write(
    '/backoffice/catalogue/:kind/:id/prices',
    'prices',
    async (w) => {
      const { periods = [] } = await w.kind.load(services, w.ctx, w.id);
      const currency = w.ctx.operator.currency;
      return {
        run: async () => {
          await w.kind.setPrices?.(services, w.ctx, w.id, pricesFrom(w.values, periods, currency));
          return w.id;
        },
        fields: () => priceFields(periods, currency),
        refused: itemAgain(w, 'prices'),
      };
    },
    (kind) => kind.setPrices !== undefined,
  );
}
