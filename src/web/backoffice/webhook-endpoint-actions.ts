import type { FastifyInstance } from 'fastify';
import { requireRole, requireStaff, staffContext } from './web-kit.ts';

export const ENDPOINT_ACTIONS = ['disable', 'enable', 'delete'] as const;
export type EndpointAction = (typeof ENDPOINT_ACTIONS)[number];

/**
 * The operator's hand on any webhook endpoint of the account, whoever created it (managers and owners): one form per
 * action at `<base>/<action>`, `base` holding the `:id` parameter. The API emits no event for these changes (the
 * catalogue has no webhook-endpoint events), so neither does this. Used by Settings → Public API and Developers.
 */
export function endpointActionRoutes(
  app: FastifyInstance,
  base: string,
  done: (action: EndpointAction, id: string) => string,
) {
  const { services } = app.lockyard;
  const { webhookEndpoints } = services;
  const run = {
    disable: webhookEndpoints.disableByOperator,
    enable: webhookEndpoints.enableByOperator,
    delete: webhookEndpoints.deleteByOperator,
  };
  for (const action of ENDPOINT_ACTIONS) {
    app.post<{ Params: Record<string, string> }>(
      `${base}/${action}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        requireRole(session, 'manager');
        const id = Object.values(request.params)[0];
        await run[action](session.current.operatorId, id, (await staffContext(services, session)).now());
        return reply.redirect(done(action, id), 303);
      },
    );
  }
}
