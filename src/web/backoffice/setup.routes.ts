import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { fieldErrors } from './form-fields.ts';
import { setupPage, type SetupForm } from './setup.views.ts';
import { cookieFlags, form, one, SESSION_COOKIE } from './web-kit.ts';

const FIELDS = [
  'setup_code',
  'name',
  'currency',
  'country',
  'time_zone',
  'tax_rates_unit_type',
  'tax_rates_protection',
  'tax_rates_product',
  'owner_name',
  'owner_email',
] as const;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The first-run page (docs/decisions/onboarding.md): while the store has no operator, `lockyard start` holds a
 * one-time setup code it printed on its console; this page creates the operator and its owner with the same
 * service as `lockyard setup`, signs the owner in and closes for good. Without a code it does not exist.
 */
export function setupRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;

  const open = async () => !!config.setupCode && (await services.operators.list()).length === 0;
  const render = (reply: FastifyReply, f: SetupForm, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(setupPage(reply.generateCsrf(), f));

  app.get('/backoffice/setup', async (_request, reply) => {
    if (!(await open())) return reply.redirect('/backoffice/sign-in', 303);
    return render(reply, { values: {} });
  });

  app.post('/backoffice/setup', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!(await open())) return reply.redirect('/backoffice/sign-in', 303);
    const f = form(request);
    const values: Record<string, string> = Object.fromEntries(FIELDS.map((k) => [k, one(f[k])]));
    const expected = config.setupCode!;
    if (!timingSafeEqual(digest(values.setup_code.trim()), digest(expected))) {
      return render(
        reply,
        {
          values,
          errors: { setup_code: 'does not match the code on the server’s console' },
          message: 'Check the setup code.',
        },
        403,
      );
    }
    config.setupCode = undefined; // one setup at a time: a second submission meanwhile finds the page closed
    const password = one(f.owner_password);
    try {
      await services.operators.setup({
        name: values.name,
        currency: values.currency,
        timezone: values.time_zone,
        country: values.country,
        taxRates: {
          unit_type: values.tax_rates_unit_type,
          protection: values.tax_rates_protection,
          product: values.tax_rates_product,
        },
        owner: { email: values.owner_email, name: values.owner_name, password },
      });
    } catch (err) {
      config.setupCode = expected;
      // The page's password field is required (a generated one could not be shown safely here).
      const { fields, message } = fieldErrors(err);
      return render(
        reply,
        { values, errors: fields, message },
        err instanceof DomainError && err.code === 'conflict' ? 409 : 422,
      );
    }
    const signedIn = await services.staffLogins.signIn(values.owner_email.trim().toLowerCase(), password, request.ip);
    if (!signedIn.ok) return reply.redirect('/backoffice/sign-in', 303);
    reply.setCookie(SESSION_COOKIE, signedIn.sessionToken, {
      ...cookieFlags(config.publicUrl),
      maxAge: services.staffLogins.sessionSeconds,
    });
    return reply.redirect('/backoffice/settings?done=setup', 303);
  });
}
