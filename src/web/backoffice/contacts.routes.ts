import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkBody } from '../../http/validation.ts';
import { CreateContactBody, contactInputOf } from '../../resources/contacts/contacts.schemas.ts';
import { CreateNoteBody } from '../../resources/notes/notes.schemas.ts';
import type { ContactCreateInput } from '../../domain/contacts/contacts.service.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { customFieldsPanel } from './custom-fields.views.ts';
import { contactPage, contactsPage, type ContactPage, type Rental } from './contacts.views.ts';
import { attemptForm, pageNumber, sendPage, typed } from './form-kit.ts';
import { form, one, requireStaff, staffContext } from './web-kit.ts';
import type { Services } from '../../domain/services.ts';

const PER_PAGE = 25;
const RECENT = { page: 1, limit: 100, sortBy: 'created_at', direction: 'desc' as const };
const NOTICES: Record<string, string> = {
  created: 'Contact created.',
  note: 'Note added.',
  'custom-fields': 'The custom fields were saved.',
  booked: 'Booked and paid: the tenancy is below.',
  'moved-in': 'Moved in: access granted, the door code is active.',
  transferred: 'Transferred: the old unit is free, the new one holds the tenancy.',
};

/** Everything the contact page shows, read through the domain services. */
export async function contactFile(
  services: Services,
  ctx: OperatorContext,
  contactId: string,
): Promise<Omit<ContactPage, 'session' | 'csrf'>> {
  const contact = await services.contacts.get(ctx, contactId);
  const byContact = { contactIds: [contact.id] };
  const [subs, allocations, invoices, paymentMethod, deals, tasks, notes, timeline] = await Promise.all([
    services.subscriptions.list(ctx, RECENT, byContact),
    services.unitAllocations.list(ctx, RECENT, byContact),
    services.invoices.list(ctx, RECENT, byContact, {}),
    services.lifecycle.paymentMethodOf(ctx, contact.id),
    services.deals.list(ctx, RECENT, byContact, {}),
    services.tasks.list(ctx, RECENT, { resourceIds: [contact.id] }, {}),
    services.notes.list(ctx, RECENT, { resourceIds: [contact.id] }, {}),
    services.timelineEvents.contactTimeline(ctx.operator.id, contact.id),
  ]);
  const tenancies = await services.tenancies.findMany(
    ctx,
    subs.items.map((s) => s.tenancyId),
  );
  const [sites, unitTypes, units, stages] = await Promise.all([
    services.sites.findMany(ctx, [...new Set(tenancies.map((t) => t.siteId))]),
    services.unitTypes.findMany(ctx, [...new Set(tenancies.flatMap((t) => (t.unitTypeId ? [t.unitTypeId] : [])))]),
    services.units.findMany(
      ctx,
      allocations.items.map((a) => a.unitId),
    ),
    services.dealStages.findMany(ctx, [...new Set(deals.items.map((d) => d.stageId))]),
  ]);
  const free = await Promise.all(
    tenancies.map(async (t) =>
      t.unitTypeId && !t.endsAt
        ? (
            await services.units.list(
              ctx,
              { page: 1, limit: 50, sortBy: 'created_at', direction: 'asc' },
              { statuses: ['available'], unitTypeIds: [t.unitTypeId], siteIds: [t.siteId] },
            )
          ).items
        : [],
    ),
  );
  const rentals: Rental[] = subs.items.flatMap((subscription) => {
    const tenancy = tenancies.find((t) => t.id === subscription.tenancyId);
    if (!tenancy) return [];
    const unitIds = new Set(allocations.items.filter((a) => a.tenancyId === tenancy.id).map((a) => a.unitId));
    return [
      {
        tenancy,
        subscription,
        siteName: sites.find((s) => s.id === tenancy.siteId)?.name ?? tenancy.siteId,
        unitTypeName: unitTypes.find((u) => u.id === tenancy.unitTypeId)?.name ?? '—',
        units: units.filter((u) => unitIds.has(u.id)),
        availableUnits: free[tenancies.indexOf(tenancy)],
      },
    ];
  });
  return {
    contact,
    currency: ctx.operator.currency,
    rentals,
    invoices: invoices.items,
    paymentMethod,
    deals: deals.items.map((deal) => ({
      deal,
      stageName: stages.find((s) => s.id === deal.stageId)?.name ?? deal.stageId,
    })),
    tasks: tasks.items,
    notes: notes.items,
    timeline: timeline?.lines ?? [],
  };
}

/**
 * Contacts in the back office: search (name, email, phone) and create; the contact's page with its tenancies and
 * units, invoices, card on file, deals, tasks, notes (add one) and the partner timeline. Forms build the API's
 * request body and check it against the API's schema, so refusals read as the API's do.
 */
export function contactsRoutes(app: FastifyInstance, opts: { rentalActions?: ContactPage['rentalActions'] } = {}) {
  const { services } = app.lockyard;

  async function list(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    query: Record<string, string>,
    extra: { notice?: string; error?: string; typed?: Record<string, string> } = {},
    status = 200,
  ) {
    const q = one(query.q).trim().slice(0, 200);
    const page = pageNumber(query.page);
    const res = await services.contacts.list(
      ctx,
      { page, limit: PER_PAGE, sortBy: 'created_at', direction: 'desc' },
      q ? { search: q } : {},
      {},
    );
    return sendPage(
      reply,
      contactsPage({
        session,
        csrf: reply.generateCsrf(),
        contacts: res.items,
        q,
        page,
        more: res.total > page * PER_PAGE,
        ...extra,
      }),
      status,
    );
  }

  async function show(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    contactId: string,
    extra: { notice?: string; error?: string; typedNote?: string } = {},
    status = 200,
  ) {
    const file = await contactFile(services, ctx, contactId);
    const csrf = reply.generateCsrf();
    const customFields = customFieldsPanel({
      model: 'user',
      recordId: file.contact.id,
      ...(await services.addons.recordFields(ctx, 'user', file.contact.id)),
      csrf,
      returnTo: `/backoffice/contacts/${file.contact.id}`,
    });
    return sendPage(
      reply,
      contactPage({ session, csrf, ...file, customFields, rentalActions: opts.rentalActions, ...extra }),
      status,
    );
  }

  app.get('/backoffice/contacts', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const query = request.query as Record<string, string>;
    return list(reply, session, await staffContext(services, session), query, { notice: NOTICES[one(query.done)] });
  });

  app.post('/backoffice/contacts', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const f = form(request);
    const fields = ['email', 'full_name', 'phone_number', 'type', 'source'] as const;
    const body: Record<string, string> = {};
    for (const k of fields) {
      const v = typed(f[k]);
      if (v !== undefined) body[k] = v;
    }
    return attemptForm(
      () => services.contacts.create(ctx, contactInputOf(checkBody(CreateContactBody, body)) as ContactCreateInput),
      (contact) => reply.redirect(`/backoffice/contacts/${contact.id}?done=created`, 303),
      (status, error) =>
        list(reply, session, ctx, {}, { error: `Could not create the contact: ${error}`, typed: body }, status),
    );
  });

  app.get<{ Params: { contact_id: string } }>('/backoffice/contacts/:contact_id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const done = one((request.query as Record<string, string>).done);
    return show(reply, session, await staffContext(services, session), request.params.contact_id, {
      notice: NOTICES[done],
    });
  });

  /** The timeline had a page of its own; it is a section of the contact's page now. */
  app.get<{ Params: { contact_id: string } }>('/backoffice/contacts/:contact_id/timeline', async (request, reply) =>
    reply.redirect(`/backoffice/contacts/${encodeURIComponent(request.params.contact_id)}#timeline`, 301),
  );

  app.post<{ Params: { contact_id: string } }>(
    '/backoffice/contacts/:contact_id/notes',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      const ctx = await staffContext(services, session);
      const contact = await services.contacts.get(ctx, request.params.contact_id);
      const content = one(form(request).content);
      return attemptForm(
        () => {
          const body = checkBody(CreateNoteBody, { content, resource: { id: contact.id } });
          return services.notes.create(ctx, { content: body.content, resourceId: contact.id });
        },
        () => reply.redirect(`/backoffice/contacts/${contact.id}?done=note#notes`, 303),
        (status, error) =>
          show(
            reply,
            session,
            ctx,
            contact.id,
            { error: `Could not add the note: ${error}`, typedNote: content },
            status,
          ),
      );
    },
  );
}
