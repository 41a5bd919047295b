import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkBody } from '../../http/validation.ts';
import { CreateTaskBody, taskInputOf } from '../../resources/tasks/tasks.schemas.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Task } from '../../domain/tasks/task.ts';
import { TASK_VIEWS, tasksPage, type TaskView } from './tasks.views.ts';
import { attemptForm, pageNumber, sendPage, typed, zonedDateTime, type Banners } from './form-kit.ts';
import { form, one, requireStaff, staffContext } from './web-kit.ts';

const PER_PAGE = 50;
const NOTICES: Record<string, string> = {
  created: 'Task created.',
  complete: 'Task completed.',
  reopen: 'Task reopened.',
};

/**
 * Tasks in the back office: mine (assigned to the signed-in staff member), all open, overdue on the operator's
 * clock, completed; complete or reopen each; create one (due time typed in the operator's time zone). Through the
 * tasks service the API uses (`task.created`, `task.completed`, `task.reopened`).
 */
export function tasksRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  async function links(ctx: OperatorContext, tasks: Task[]) {
    const contactIds = tasks.flatMap((t) => (t.resourceType === 'contact' && t.resourceId ? [t.resourceId] : []));
    const unitIds = tasks.flatMap((t) => (t.resourceType === 'unit' && t.resourceId ? [t.resourceId] : []));
    const [contacts, units] = await Promise.all([
      services.contacts.findMany(ctx, [...new Set(contactIds)]),
      services.units.findMany(ctx, [...new Set(unitIds)]),
    ]);
    const out = new Map<string, { href: string; label: string }>();
    for (const c of contacts) out.set(c.id, { href: `/backoffice/contacts/${c.id}`, label: c.fullName ?? c.email });
    for (const u of units) out.set(u.id, { href: `/backoffice/units/${u.id}`, label: `Unit ${u.referenceId}` });
    for (const t of tasks)
      if (t.resourceType === 'deal' && t.resourceId)
        out.set(t.resourceId, { href: `/backoffice/deals#${t.resourceId}`, label: 'Deal' });
    return out;
  }

  async function list(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    view: TaskView,
    page: number,
    extra: Banners & { typed?: Record<string, string> } = {},
    status = 200,
  ) {
    const me = session.current.staffId;
    const filter =
      view === 'completed'
        ? { statuses: ['completed'] }
        : view === 'overdue'
          ? { overdue: true }
          : view === 'mine'
            ? { statuses: ['open'], assigneeIds: [me ?? 'nobody'] }
            : { statuses: ['open'] };
    const res = await services.tasks.list(
      ctx,
      {
        page,
        limit: PER_PAGE,
        sortBy: view === 'completed' ? 'updated_at' : 'due_at',
        direction: view === 'completed' ? 'desc' : 'asc',
      },
      filter,
      {},
    );
    const assignees = [...new Set(res.items.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])))];
    const [staff, resourceLinks] = await Promise.all([services.staff.findMany(ctx, assignees), links(ctx, res.items)]);
    return sendPage(
      reply,
      tasksPage({
        session,
        csrf: reply.generateCsrf(),
        view,
        tasks: res.items,
        operatorNow: ctx.now(),
        page,
        more: res.total > page * PER_PAGE,
        staffNames: new Map(staff.map((s) => [s.id, s.name])),
        resourceLinks,
        ...extra,
      }),
      status,
    );
  }

  const viewOf = (value: string): TaskView =>
    (TASK_VIEWS as readonly string[]).includes(value) ? (value as TaskView) : 'mine';

  app.get('/backoffice/tasks', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const query = request.query as Record<string, string>;
    const resourceId = one(query.resource_id);
    return list(
      reply,
      session,
      await staffContext(services, session),
      viewOf(one(query.view)),
      pageNumber(query.page),
      { notice: NOTICES[one(query.done)], typed: resourceId ? { resource_id: resourceId } : undefined },
    );
  });

  app.post('/backoffice/tasks', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const f = form(request);
    const typedValues = {
      title: one(f.title),
      description: one(f.description),
      due_at: one(f.due_at),
      resource_id: one(f.resource_id).trim(),
      assign_to_me: one(f.assign_to_me),
    };
    const mine = typedValues.assign_to_me === '1' && session.current.staffId;
    return attemptForm(
      () => {
        const body = checkBody(CreateTaskBody, {
          title: typedValues.title.trim(),
          ...(typed(typedValues.description) ? { description: typed(typedValues.description) } : {}),
          ...(typed(typedValues.due_at)
            ? { due_at: zonedDateTime(typed(typedValues.due_at), ctx.operator.timezone) }
            : {}),
          ...(typedValues.resource_id ? { resource: { id: typedValues.resource_id } } : {}),
          ...(mine ? { assignee: { id: mine } } : {}),
        });
        return services.tasks.create(ctx, { ...taskInputOf(body), title: body.title });
      },
      (task) => reply.redirect(`/backoffice/tasks?view=${mine ? 'mine' : 'all'}&done=created#${task.id}`, 303),
      (status, error) =>
        list(
          reply,
          session,
          ctx,
          'all',
          1,
          { error: `Could not create the task: ${error}`, typed: typedValues },
          status,
        ),
    );
  });

  for (const toggle of ['complete', 'reopen'] as const) {
    app.post<{ Params: { task_id: string } }>(
      `/backoffice/tasks/:task_id/${toggle}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        const ctx = await staffContext(services, session);
        const id = request.params.task_id;
        const view = viewOf(one(form(request).view));
        await services.tasks.get(ctx, id);
        return attemptForm(
          () => (toggle === 'complete' ? services.tasks.complete(ctx, id) : services.tasks.open(ctx, id)),
          () => reply.redirect(`/backoffice/tasks?view=${view}&done=${toggle}`, 303),
          (status, error) => list(reply, session, ctx, view, 1, { error }, status),
        );
      },
    );
  }
}
