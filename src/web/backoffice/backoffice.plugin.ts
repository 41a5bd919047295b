import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { consentRoutes } from './consent.routes.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { dealsRoutes } from './deals.routes.ts';
import { tasksRoutes } from './tasks.routes.ts';
import { billingRoutes } from './billing.routes.ts';
import { bookingsRoutes } from './bookings.routes.ts';
import { rentalActions } from './bookings.views.ts';
import { publicApiRoutes } from './public-api.routes.ts';
import { faultsRoutes } from './faults.routes.ts';
import { sessionRoutes } from './session.routes.ts';
import { unitsRoutes } from './units.routes.ts';
import { mailboxRoutes } from './mailbox.routes.ts';
import { developersRoutes } from './developers.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { addonsRoutes } from './addons.routes.ts';
import { customFieldsRoutes } from './custom-fields.routes.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { setupRoutes } from './setup.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { emailTemplatesRoutes } from './email-templates.routes.ts';
import { staffRoutes } from './staff.routes.ts';
import { cookieFlags, isHtmx, SESSION_COOKIE } from './web-kit.ts';
import { pageSecurityHeaders } from '../page-headers.ts';
import { pageErrorOf } from '../page-errors.ts';
import { registerPageForms } from '../page-forms.ts';

// One stylesheet on the wire; the day-to-day sections' rules live in their own file so sections land apart.
const CSS = ['backoffice.css', 'day-to-day.css', 'developers.css']
  .map((f) => readFileSync(new URL(`./assets/${f}`, import.meta.url), 'utf8'))
  .join('\n');

// htmx (docs/decisions/backoffice-htmx.md), the pinned package's own build, served from here: no CDN.
const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/**
 * The back office: server-rendered pages under /backoffice plus the OAuth consent screen at /oauth2/authorize.
 * Encapsulated: cookies, CSRF, form bodies and the HTML error page apply to these routes only.
 */
export async function backofficePlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    const { services, config } = app.lockyard;
    await registerPageForms(app, 'lockyard_csrf', { ...cookieFlags(config.publicUrl), signed: false });

    app.decorateRequest('staff', null);
    app.addHook('preHandler', async (request) => {
      request.staff = await services.staffLogins.resolve(request.cookies[SESSION_COOKIE]);
    });
    pageSecurityHeaders(app, "'self' http: https:", { scripts: true });

    const onError = (
      err: Error & { statusCode?: number; code?: string },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const page = pageErrorOf(err, request);
      const { csrfFailed, reason: detail } = page;
      // On the OAuth consent endpoint a refusal is OAuth's own `invalid_request` with 400 (RFC 6749 §4.1.2.1: no
      // redirect, tell the user).
      const oauth =
        err instanceof DomainError &&
        err.code !== 'resource_not_found' &&
        !csrfFailed &&
        request.url.startsWith('/oauth2/');
      const status = oauth ? 400 : page.status;
      const message = csrfFailed
        ? 'This form has expired or did not come from this site. Go back, reload the page and try again.'
        : status === 404
          ? 'That page or item does not exist.'
          : status < 500
            ? `${oauth ? 'invalid_request: ' : ''}${detail ?? 'The request could not be processed.'}`
            : 'Something went wrong on our side.';
      // From htmx: the error page takes the place of the page's content, as a navigation would show it.
      if (isHtmx(request))
        reply.header('HX-Retarget', 'main').header('HX-Reselect', 'main').header('HX-Reswap', 'outerHTML');
      const body = layout(
        { title: 'Error' },
        html`<h1>${status === 404 ? 'Not found' : csrfFailed ? 'Form expired' : 'Error'}</h1><div class="error" role="alert">${message}</div><p><a href="/backoffice">Back office home</a></p>`,
      );
      return reply.code(status).type('text/html; charset=utf-8').send(body);
    };
    app.setErrorHandler(onError);
    root.lockyard.surfaces.push({ prefixes: ['/backoffice', '/oauth2/authorize'], handle: onError });

    app.get('/backoffice/assets/backoffice.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(CSS),
    );

    app.get('/backoffice/assets/htmx.min.js', async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(HTMX),
    );

    sessionRoutes(app);
    publicApiRoutes(app);
    faultsRoutes(app);
    consentRoutes(app);
    contactsRoutes(app, { rentalActions });
    dealsRoutes(app);
    tasksRoutes(app);
    billingRoutes(app);
    bookingsRoutes(app);
    unitsRoutes(app);
    mailboxRoutes(app);
    developersRoutes(app);
    dashboardRoutes(app);
    addonsRoutes(app);
    customFieldsRoutes(app);
    catalogueRoutes(app);
    setupRoutes(app);
    settingsRoutes(app);
    emailTemplatesRoutes(app);
    staffRoutes(app);
  });
}
