import type { FastifyInstance } from 'fastify';
import { notFound } from '../../kernel/errors.ts';
import { emailPage, mailboxPage } from './mailbox.views.ts';
import { requireStaff, staffContext } from './web-kit.ts';

/**
 * The sandbox mailbox in the back office: the emails `GET /sandbox/emails` lists, with the portal sign-in links the
 * API hides, so a developer can sign in to the portal as a customer. Sandbox mode only (production sends over SMTP).
 */
export function mailboxRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;

  app.get('/backoffice/mailbox', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const { items } = config.sandbox
      ? await services.emails.list(
          ctx,
          { page: 1, limit: 100, sortBy: 'created_at', direction: 'desc' },
          { withStaff: true },
        )
      : { items: [] };
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(mailboxPage({ session, csrf: reply.generateCsrf(), emails: items, sandbox: config.sandbox }));
  });

  app.get<{ Params: { email_id: string } }>('/backoffice/mailbox/:email_id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    if (!config.sandbox) notFound('email', request.params.email_id);
    const email = await services.emails.get(await staffContext(services, session), request.params.email_id, true);
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(emailPage({ session, csrf: reply.generateCsrf(), email }));
  });
}
