import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidContent } from '../../kernel/errors.ts';
import { checkBody } from '../../http/validation.ts';
import { CreateDealBody, LoseDealBody, UpdateDealBody, dealInputOf } from '../../resources/deals/deals.schemas.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { Services } from '../../domain/services.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { dealsPage } from './deals.views.ts';
import { attemptForm, sendPage, typed, type Banners } from './form-kit.ts';
import { form, one, requireStaff, staffContext } from './web-kit.ts';

const ALL = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };
const NOTICES: Record<string, string> = {
  created: 'Deal created.',
  moved: 'Deal moved.',
  won: 'Deal won.',
  lost: 'Deal lost.',
  reopened: 'Deal reopened.',
};

/** A contact typed as its id or its email; an email nobody has is refused at `/contact`. */
export async function contactIdFrom(services: Services, ctx: OperatorContext, value: string): Promise<string> {
  if (!value.includes('@')) return value;
  const found = await services.contacts.list(ctx, { ...ALL, limit: 1 }, { emails: [value] }, {});
  if (!found.items[0]) throw invalidContent('/contact', `no contact has the email ${value}`);
  return found.items[0].id;
}

/**
 * Deals in the back office: the board by stage with buttons to move a deal to the next or previous stage, win,
 * lose (with the reason) or reopen it, and a form for a new deal. Each goes through the deals service the API
 * uses (`deal.created`, `deal.updated`, `deal.won`, `deal.lost`, `deal.reopened`).
 */
export function dealsRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  async function board(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    extra: Banners & { typed?: Record<string, string> } = {},
    status = 200,
  ) {
    const [stages, open, won, lost] = await Promise.all([
      services.dealStages.list(ctx, ALL),
      services.deals.list(ctx, { ...ALL, limit: 200 }, { statuses: ['open'] }, {}),
      services.deals.list(ctx, { ...ALL, limit: 25, direction: 'desc' }, { statuses: ['won'] }, {}),
      services.deals.list(ctx, { ...ALL, limit: 25, direction: 'desc' }, { statuses: ['lost'] }, {}),
    ]);
    const closed = [...won.items, ...lost.items].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    const contactIds = [...new Set([...open.items, ...closed].map((d) => d.contactId))];
    const contacts = await services.contacts.findMany(ctx, contactIds);
    return sendPage(
      reply,
      dealsPage({
        session,
        csrf: reply.generateCsrf(),
        stages: [...stages.items].sort((a, b) => a.position - b.position),
        open: open.items,
        closed,
        contactNames: new Map(contacts.map((c) => [c.id, c.fullName ?? c.email])),
        ...extra,
      }),
      status,
    );
  }

  app.get('/backoffice/deals', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const query = request.query as Record<string, string>;
    const ctx = await staffContext(services, session);
    const contactId = one(query.contact_id);
    const contact = contactId ? (await services.contacts.findMany(ctx, [contactId]))[0] : undefined;
    return board(reply, session, ctx, {
      notice: NOTICES[one(query.done)],
      typed: contact ? { contact: contact.email, name: `${contact.fullName ?? contact.email}` } : undefined,
    });
  });

  app.post('/backoffice/deals', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const f = form(request);
    const typedValues = {
      name: one(f.name),
      contact: one(f.contact).trim(),
      stage_id: one(f.stage_id),
      value_estimate: one(f.value_estimate),
    };
    return attemptForm(
      async () => {
        const body = checkBody(CreateDealBody, {
          name: typedValues.name.trim(),
          contact: { id: await contactIdFrom(services, ctx, typedValues.contact) },
          ...(typedValues.stage_id ? { stage: { id: typedValues.stage_id } } : {}),
          ...(typed(typedValues.value_estimate) ? { value_estimate: typed(typedValues.value_estimate) } : {}),
        });
        const input = dealInputOf(body);
        return services.deals.create(ctx, { ...input, name: body.name, contactId: body.contact.id });
      },
      (deal) => reply.redirect(`/backoffice/deals?done=created#${deal.id}`, 303),
      (status, error) =>
        board(reply, session, ctx, { error: `Could not create the deal: ${error}`, typed: typedValues }, status),
    );
  });

  type DealAction = { Params: { deal_id: string } };
  const act = (
    path: string,
    done: string,
    run: (ctx: OperatorContext, id: string, f: ReturnType<typeof form>) => Promise<unknown>,
  ) =>
    app.post<DealAction>(
      `/backoffice/deals/:deal_id/${path}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        const ctx = await staffContext(services, session);
        const id = request.params.deal_id;
        await services.deals.get(ctx, id);
        return attemptForm(
          () => run(ctx, id, form(request)),
          () => reply.redirect(`/backoffice/deals?done=${done}#${id}`, 303),
          (status, error) => board(reply, session, ctx, { error }, status),
        );
      },
    );

  act('move', 'moved', (ctx, id, f) => {
    const body = checkBody(UpdateDealBody, { stage: { id: one(f.stage_id) } });
    return services.deals.update(ctx, id, { stageId: body.stage!.id });
  });
  act('win', 'won', (ctx, id) => services.deals.win(ctx, id));
  act('lose', 'lost', (ctx, id, f) =>
    services.deals.lose(ctx, id, checkBody(LoseDealBody, { lost_reason: one(f.lost_reason) }).lost_reason),
  );
  act('reopen', 'reopened', (ctx, id) => services.deals.reopen(ctx, id, {}));
}
