import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OperatorContext } from '../../domain/context.ts';
import type { EmailTemplateSource } from '../../domain/email/email.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { allowInlineStyles } from '../page-headers.ts';
import { fieldErrors } from './form-fields.ts';
import { emailTemplatePage, emailTemplatesPage, type EmailTemplateEditor } from './email-templates.views.ts';
import { form, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const NOTICES: Record<string, string> = {
  saved: 'Template saved: emails sent from now on use it.',
  reset: 'Template reset: emails use Lockyard’s default wording again.',
};

type TemplateRoute = { Params: { template: string } };

/**
 * Settings → Email templates (manager and up): the list, one template's editor (subject, text and HTML bodies in
 * Liquid), a preview with made-up data, save (checked before it is stored) and reset to the default.
 */
export function emailTemplatesRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;
  const templates = services.emailTemplates;

  async function signedIn(request: Parameters<typeof requireStaff>[0], reply: FastifyReply) {
    const session = requireStaff(request, reply);
    if (!session) return null;
    requireRole(session, 'manager');
    return { session, ctx: await staffContext(services, session) };
  }

  async function editor(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    name: string,
    extra: Partial<EmailTemplateEditor> = {},
    status = 200,
  ) {
    const template = await templates.get(ctx, name);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(emailTemplatePage({ session, csrf: reply.generateCsrf(), template, values: template.source, ...extra }));
  }

  app.get('/backoffice/settings/email-templates', async (request, reply) => {
    const s = await signedIn(request, reply);
    if (!s) return reply;
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return reply.type('text/html; charset=utf-8').send(
      emailTemplatesPage({
        session: s.session,
        csrf: reply.generateCsrf(),
        notice,
        templates: await templates.list(s.ctx),
      }),
    );
  });

  app.get<TemplateRoute>('/backoffice/settings/email-templates/:template', async (request, reply) => {
    const s = await signedIn(request, reply);
    if (!s) return reply;
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return editor(reply, s.session, s.ctx, request.params.template, { notice });
  });

  /** Save, or (`action=preview`) render what was typed; a refusal shows the form again with it, at 422. */
  app.post<TemplateRoute>(
    '/backoffice/settings/email-templates/:template',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const s = await signedIn(request, reply);
      if (!s) return reply;
      const name = templates.templateOf(request.params.template);
      const f = form(request);
      // Browsers send CRLF line breaks from a textarea; templates keep the text's own.
      const typed = (k: string) => one(f[k]).replace(/\r\n/g, '\n');
      const values: EmailTemplateSource = { subject: typed('subject'), text: typed('text'), html: typed('html') };
      const previewing = one(f.action) === 'preview';
      try {
        if (previewing) {
          const preview = await templates.preview(s.ctx, name, values, config.publicUrl);
          allowInlineStyles(reply);
          return editor(reply, s.session, s.ctx, name, { values, preview });
        }
        await templates.save(s.ctx, name, values, config.publicUrl);
      } catch (err) {
        const { fields, message } = fieldErrors(err);
        return editor(reply, s.session, s.ctx, name, { values, errors: fields, message }, 422);
      }
      return reply.redirect(`/backoffice/settings/email-templates/${name}?done=saved`, 303);
    },
  );

  app.post<TemplateRoute>(
    '/backoffice/settings/email-templates/:template/reset',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const s = await signedIn(request, reply);
      if (!s) return reply;
      const name = templates.templateOf(request.params.template);
      await templates.reset(s.ctx, name);
      return reply.redirect(`/backoffice/settings/email-templates/${name}?done=reset`, 303);
    },
  );
}
