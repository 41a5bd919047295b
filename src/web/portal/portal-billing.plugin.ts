import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { portalPrincipal } from '../../domain/context.ts';
import { html } from '../backoffice/html.ts';
import { PORTAL_COOKIE } from './portal-cookie.ts';
import { pageErrorOf } from '../page-errors.ts';

/**
 * The billing add-on's hosted checkout, Storeganise's `/v1/billing/custom?siteId&returnUrl` for the signed-in portal
 * customer: `billing.checkout` answers the page, served as it came under a CSP sandbox (an opaque origin: its
 * scripts and forms run, but it cannot read the portal's cookies or pages). Its own scope, because the portal's
 * page policy (`default-src 'none'`) would stop the add-on's scripts.
 */
export async function portalBillingPlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    const { services, config } = app.lockyard;
    await app.register(cookie);

    const page = (reply: FastifyReply, status: number, title: string, message: string) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
        .header('Cache-Control', 'no-store')
        .send(
          String(
            html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p role="alert">${message}</p></main></body></html>`,
          ),
        );
    app.setErrorHandler((err: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
      const { status } = pageErrorOf(err, request);
      const shown = err instanceof DomainError && status < 500 ? err.message : 'Something went wrong.';
      return page(reply, status, status === 404 ? 'Not found' : 'Payment details unavailable', shown);
    });

    app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>(
      '/portal/:slug/billing/custom',
      async (request, reply) => {
        const operator = await services.portalAuth.operatorBySlug(request.params.slug);
        if (!operator) throw new DomainError('resource_not_found', 'No such portal.');
        const contactId = await services.portalAuth.resolveSession(operator.id, request.cookies[PORTAL_COOKIE]);
        if (!contactId) return reply.redirect(`/portal/${operator.slug}/sign-in`, 303);
        const q = request.query;
        const siteId = typeof q.siteId === 'string' && q.siteId ? q.siteId : null;
        const home = `${config.publicUrl}/portal/${operator.slug}`;
        let returnUrl = home;
        if (typeof q.returnUrl === 'string' && q.returnUrl) {
          const u = URL.canParse(q.returnUrl) ? new URL(q.returnUrl) : null;
          if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:'))
            throw new DomainError('invalid_url_param', 'returnUrl must be an absolute http(s) URL.');
          returnUrl = u.toString();
        }
        const ctx = await services.contexts.contextFor(operator.id, portalPrincipal(contactId));
        const checkout = await services.customBilling.checkout(ctx, contactId, siteId, returnUrl);
        return reply
          .type('text/html; charset=utf-8')
          .header(
            'Content-Security-Policy',
            "sandbox allow-scripts allow-forms allow-popups allow-top-navigation-by-user-activation; frame-ancestors 'none'",
          )
          .header('Cache-Control', 'no-store')
          .header('Referrer-Policy', 'no-referrer')
          .header('X-Content-Type-Options', 'nosniff')
          .send(checkout);
      },
    );
  });
}
