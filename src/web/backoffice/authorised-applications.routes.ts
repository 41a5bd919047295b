import type { FastifyInstance } from 'fastify';
import { requireRole, requireStaff } from './web-kit.ts';

/**
 * Revoking a partner application's access (all its grants, tokens and the webhook endpoints that answer to them),
 * from Settings → Public API and Developers → Authorised applications alike: one handler, two pages to return to.
 */
export function authorisedRevokeRoute(app: FastifyInstance, url: string, done: string) {
  const { services } = app.lockyard;
  app.post<{ Params: { id: string } }>(url, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    await services.oauth.authorization.revokeAuthorised(session.current.operatorId, request.params.id);
    return reply.redirect(done, 303);
  });
}
