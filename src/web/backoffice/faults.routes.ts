import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { fieldErrors } from './form-fields.ts';
import { FAULTS_BASE, faultsPage, type FaultsPage } from './faults.views.ts';
import { form, one, requireRole, requireStaff } from './web-kit.ts';

const NOTICES: Record<string, string> = {
  set: 'The fault is set: it applies from the next request.',
  cleared: 'Cleared: requests are served normally again.',
};

/** Settings → Faults (manager and up): set, list and clear sandbox faults, as `lockyard faults` does. */
export function faultsRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;

  async function page(
    reply: FastifyReply,
    session: StaffSession,
    extra: Pick<FaultsPage, 'notice' | 'error'> = {},
    status = 200,
  ) {
    const operatorId = session.current.operatorId;
    const [faults, tokens, apps, partners, now] = await Promise.all([
      services.faults.list(operatorId),
      services.tokens.list(operatorId),
      services.oauth.applications.listForOperator(operatorId),
      services.oauth.applications.listPartners(),
      services.oauth.now(),
    ]);
    const live = tokens.filter((t) => !t.revokedAt && (!t.expiresAt || t.expiresAt > now) && !t.applicationId);
    const targets = [
      ...live.map((t) => ({ id: t.id, label: `${t.name} (token …${t.tokenHint})` })),
      ...apps.map((a) => ({ id: a.id, label: `${a.name} (application)` })),
      ...partners.map((a) => ({ id: a.id, label: `${a.name} (partner application)` })),
    ];
    const html = faultsPage({
      session,
      csrf: reply.generateCsrf(),
      sandbox: config.sandbox,
      faults,
      targets,
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
  }

  const manager = (request: Parameters<typeof requireStaff>[0], reply: FastifyReply) => {
    const session = requireStaff(request, reply);
    if (session) requireRole(session, 'manager');
    return session;
  };

  app.get(FAULTS_BASE, async (request, reply) => {
    const session = manager(request, reply);
    if (!session) return reply;
    return page(reply, session, { notice: NOTICES[one((request.query as Record<string, string>).done)] });
  });

  app.post(FAULTS_BASE, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = manager(request, reply);
    if (!session) return reply;
    const f = form(request);
    const values = Object.fromEntries(
      ['target', 'kind', 'every', 'rate', 'seed', 'ms', 'status', 'retry_after', 'only_new'].map((k) => [
        k,
        one(f[k]).trim(),
      ]),
    );
    const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
    try {
      await services.faults.set(session.current.operatorId, {
        ...given,
        target: values.target,
        kind: values.kind,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid_endpoint')
        return page(reply, session, { notice: err.message }, 404);
      const { fields, message } = fieldErrors(err);
      return page(reply, session, { error: { message: `Could not set the fault. ${message}`, fields, values } }, 422);
    }
    return reply.redirect(`${FAULTS_BASE}?done=set#faults`, 303);
  });

  app.post(`${FAULTS_BASE}/clear`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = manager(request, reply);
    if (!session) return reply;
    const f = form(request);
    try {
      await services.faults.clear(session.current.operatorId, {
        target: one(f.target) || undefined,
        kind: one(f.kind) || undefined,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid_endpoint')
        return page(reply, session, { notice: err.message }, 404);
      const { message } = fieldErrors(err);
      return page(reply, session, { notice: `Could not clear: ${message}` }, 422);
    }
    return reply.redirect(`${FAULTS_BASE}?done=cleared#faults`, 303);
  });
}
