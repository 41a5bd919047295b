import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import { systemPrincipal, type OperatorContext } from '../../domain/context.ts';
import type { Site } from '../../domain/catalogue/site.ts';
import type { OrderContactInput } from '../../domain/orders/order-drafts.service.ts';
import { form, one } from '../backoffice/web-kit.ts';
import { localDateOf } from '../portal/portal-dates.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import {
  contactDetailsPage,
  contractPage,
  notFoundPage,
  sitePage,
  sitesPage,
  type UnitTypeOffer,
} from './storefront.views.ts';
import { pageSecurityHeaders } from '../page-headers.ts';
import { pageErrorOf } from '../page-errors.ts';
import { registerPageForms } from '../page-forms.ts';

const ALL = { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' as const };

/**
 * The operator's storefront at the API's `sf` curie (`<public URL>/storefront/<operator slug>{rel}`): every
 * `_links.sf:*` the API emits resolves here. Sites, unit types with live prices and availability, and booking:
 * an order with source `storefront`, finalized, then the hosted checkout. Acts as the `storefront` system principal.
 */
export async function storefrontPlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    const { services, config } = app.lockyard;
    await registerPageForms(app, 'lockyard_storefront_csrf', {
      path: '/storefront',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.publicUrl.startsWith('https:'),
    });
    pageSecurityHeaders(app);
    const send = (reply: FastifyReply, status: number, body: string) =>
      reply.code(status).type('text/html; charset=utf-8').send(body);
    const onError = (
      err: Error & { statusCode?: number; code?: string },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const { status, csrfFailed } = pageErrorOf(err, request);
      if (status === 404) return send(reply, 404, notFoundPage());
      return send(
        reply,
        status,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head><body><main class="single"><section><h1>Error</h1><div class="error" role="alert">${csrfFailed ? 'This form has expired. Go back, reload the page and try again.' : 'The request could not be processed.'}</div></section></main></body></html>`,
      );
    };
    app.setErrorHandler(onError);
    // URLs the router refuses (bad escapes, giant segments) reach no route: answer them as a page too.
    root.lockyard.surfaces.push({ prefixes: ['/storefront/'], handle: onError });

    async function ctxOf(slug: string): Promise<OperatorContext | null> {
      const operator = await services.portalAuth.operatorBySlug(slug);
      return operator ? services.contexts.contextFor(operator.id, systemPrincipal('storefront')) : null;
    }
    async function siteOf(ctx: OperatorContext, slug: string): Promise<Site | null> {
      return (await services.sites.list(ctx, ALL, {})).items.find((s) => s.slug === slug) ?? null;
    }
    async function offersOf(ctx: OperatorContext, site: Site): Promise<UnitTypeOffer[]> {
      const types = (await services.unitTypes.list(ctx, ALL, { siteIds: [site.id] })).items;
      const out: UnitTypeOffer[] = [];
      for (const unitType of types) {
        const available = (
          await services.units.list(ctx, { ...ALL, limit: 1 }, { statuses: ['available'], unitTypeIds: [unitType.id] })
        ).total;
        out.push({ unitType, available });
      }
      return out;
    }

    app.get<{ Params: { slug: string } }>('/storefront/:slug', async (request, reply) => {
      const ctx = await ctxOf(request.params.slug);
      if (!ctx) return send(reply, 404, notFoundPage());
      return send(reply, 200, sitesPage(ctx.operator, (await services.sites.list(ctx, ALL, {})).items));
    });

    app.get<{ Params: { slug: string; site: string } }>('/storefront/:slug/sites/:site', async (request, reply) => {
      const ctx = await ctxOf(request.params.slug);
      const site = ctx && (await siteOf(ctx, request.params.site));
      if (!ctx || !site) return send(reply, 404, notFoundPage());
      return send(reply, 200, sitePage(ctx.operator, site, await offersOf(ctx, site)));
    });

    type Book = { Params: { slug: string; site: string }; Querystring: { unit_type_slug?: string } };
    async function bookingOf(request: FastifyRequest<Book>) {
      const ctx = await ctxOf(request.params.slug);
      const site = ctx && (await siteOf(ctx, request.params.site));
      if (!ctx || !site) return null;
      const offer = (await offersOf(ctx, site)).find((o) => o.unitType.slug === request.query.unit_type_slug);
      return offer ? { ctx, site, offer } : null;
    }

    app.get<Book>('/storefront/:slug/sites/:site/order/contact-details', async (request, reply) => {
      const b = await bookingOf(request);
      if (!b) return send(reply, 404, notFoundPage());
      const today = localDateOf(b.ctx.now(), b.site.timezone);
      return send(reply, 200, contactDetailsPage(b.ctx.operator, b.site, b.offer, reply.generateCsrf(), today));
    });

    app.post<Book>(
      '/storefront/:slug/sites/:site/order/contact-details',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const b = await bookingOf(request);
        if (!b) return send(reply, 404, notFoundPage());
        const f = form(request);
        const email = one(f.email).trim();
        const startsOn = one(f.starts_on);
        const today = localDateOf(b.ctx.now(), b.site.timezone);
        const again = (status: number, error: string) =>
          send(
            reply,
            status,
            contactDetailsPage(b.ctx.operator, b.site, b.offer, reply.generateCsrf(), today, {
              email,
              starts_on: startsOn,
              error,
            }),
          );
        if (!/^\d{4}-\d{2}-\d{2}$/.test(startsOn) || startsOn < today)
          return again(422, 'Choose a move-in date from today on.');
        const u = b.offer.unitType;
        const price = u.prices.find((p) => p.billingPeriod === 'monthly');
        if (u.status !== 'bookable' || !price || b.offer.available < 1)
          return again(409, 'This unit cannot be booked online right now.');
        const startsAt =
          startsOn === today ? 'now' : localHourOn(new Date(`${startsOn}T12:00:00Z`), b.site.timezone, 0).toISOString();
        let order;
        try {
          order = await services.orders.create(b.ctx, {
            siteId: b.site.id,
            contact: { email } as OrderContactInput,
            billingPeriod: 'monthly',
            paymentMethod: 'card',
            startsAt,
            source: 'storefront',
            lineItems: [
              { type: 'unit_type', quantity: 1, unitAmount: price.amount, itemId: u.id },
              ...(u.requireSecurityDeposit && u.securityDeposit
                ? [{ type: 'security_deposit' as const, quantity: 1, unitAmount: u.securityDeposit, itemId: u.id }]
                : []),
            ],
            finalize: {
              cancelRedirectUrl: `${config.publicUrl}/storefront/${b.ctx.operator.slug}/sites/${b.site.slug}`,
            },
          });
        } catch (err) {
          if (err instanceof DomainError && statusOf(err) < 500)
            return again(statusOf(err), err.details[0]?.message ?? err.message);
          throw err;
        }
        return reply.redirect(`/checkout/${order.order.checkoutToken}`, 303);
      },
    );

    app.get<{ Params: { slug: string; contract_id: string } }>(
      '/storefront/:slug/contracts/:contract_id',
      async (request, reply) => {
        const ctx = await ctxOf(request.params.slug);
        if (!ctx) return send(reply, 404, notFoundPage());
        const contract = await services.contracts.get(ctx, request.params.contract_id);
        if (contract.status === 'voided' || contract.status === 'deleted') return send(reply, 404, notFoundPage());
        return send(reply, 200, contractPage(ctx.operator, contract));
      },
    );
  });
}
