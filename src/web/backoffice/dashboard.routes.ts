import type { FastifyInstance } from 'fastify';
import { dashboardPage } from './dashboard.views.ts';
import { requireStaff, staffContext } from './web-kit.ts';

/** Back office → Dashboard (any role): figures from the dashboard service, on the operator clock. */
export function dashboardRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  app.get('/backoffice/dashboard', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const dashboard = await services.dashboard.get(await staffContext(services, session));
    return reply
      .type('text/html; charset=utf-8')
      .send(dashboardPage({ session, csrf: reply.generateCsrf(), dashboard }));
  });
}
