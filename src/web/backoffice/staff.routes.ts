import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { DomainError } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import { fieldErrors } from './form-fields.ts';
import { staffPage, type StaffPage } from './staff.views.ts';
import { form, one, requireRole, requireStaff } from './web-kit.ts';

const BASE = '/backoffice/settings/staff';
const NOTICES: Record<string, string> = {
  added: 'Added to staff.',
  role: 'Role changed.',
  removed: 'Removed from staff: they can no longer sign in to this operator.',
};

/** Settings → Staff: owners only, pages and actions (docs/decisions/staff-roles.md). */
export function staffRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  const { team } = services;

  async function render(
    reply: FastifyReply,
    session: StaffSession,
    extra: Omit<StaffPage, 'session' | 'csrf' | 'members'> = {},
    status = 200,
  ) {
    const members = await team.list(session.current.operatorId);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(staffPage({ session, csrf: reply.generateCsrf(), members, ...extra }));
  }

  const owner = (request: Parameters<typeof requireStaff>[0], reply: FastifyReply) => {
    const session = requireStaff(request, reply);
    if (session) requireRole(session, 'owner');
    return session;
  };

  app.get(BASE, async (request, reply) => {
    const session = owner(request, reply);
    if (!session) return reply;
    return render(reply, session, { notice: NOTICES[one((request.query as Record<string, string>).done)] });
  });

  app.post(BASE, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = owner(request, reply);
    if (!session) return reply;
    const f = form(request);
    const values = { name: one(f.name), email: one(f.email), role: one(f.role) };
    const password = one(f.password);
    try {
      const added = await team.add(session.current.operatorId, { ...values, password: password || undefined });
      if (added.password)
        return render(reply, session, { created: { email: added.member.email, password: added.password } });
    } catch (err) {
      const { fields, message } = fieldErrors(err);
      return render(reply, session, { values, errors: fields, message }, 422);
    }
    return reply.redirect(`${BASE}?done=added`, 303);
  });

  for (const action of ['role', 'remove'] as const) {
    app.post<{ Params: { user_id: string } }>(
      `${BASE}/:user_id/${action}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = owner(request, reply);
        if (!session) return reply;
        const operatorId = session.current.operatorId;
        try {
          if (action === 'role') await team.changeRole(operatorId, request.params.user_id, one(form(request).role));
          else await team.remove(operatorId, request.params.user_id);
        } catch (err) {
          const { fields, message } = fieldErrors(err);
          const status = statusOf(err as DomainError);
          return render(reply, session, { message: fields.role ? `Role ${fields.role}.` : message }, status);
        }
        // Removing yourself ends your access here: back to the start.
        if (action === 'remove' && request.params.user_id === session.user.id)
          return reply.redirect('/backoffice', 303);
        return reply.redirect(`${BASE}?done=${action === 'role' ? 'role' : 'removed'}`, 303);
      },
    );
  }
}
