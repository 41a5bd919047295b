import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import { portalPrincipal, type Operator, type OperatorContext } from '../../domain/context.ts';
import { invoicePdf } from '../../resources/invoices/invoices.pdf.ts';
import { contractPdf } from '../../resources/contracts/contracts.pdf.ts';
import { html } from '../backoffice/html.ts';
import { form, one } from '../backoffice/web-kit.ts';
import { checkCard } from '../checkout/sandbox-cards.ts';
import { endOfLocalDay, localDateOf } from './portal-dates.ts';
import { PORTAL_COOKIE, portalCookieOptions } from './portal-cookie.ts';
import {
  confirmLinkPage,
  dashboardPage,
  type AddonBilling,
  linkGonePage,
  linkSentPage,
  portalPage,
  signInPage,
  type DashboardState,
} from './portal.views.ts';
import { pageSecurityHeaders } from '../page-headers.ts';
import { pageErrorOf } from '../page-errors.ts';
import { registerPageForms } from '../page-forms.ts';

const CSS = readFileSync(new URL('./assets/portal.css', import.meta.url), 'utf8');

type Slug = { Params: { slug: string } };

/**
 * The customer portal at /portal/<operator slug> (docs/decisions/portal.md): sign-in by emailed link, then the
 * customer's units and access codes, subscriptions (give notice), invoices (PDF), card (sandbox test cards),
 * contracts (sign) and identity check. Every page acts as the `portal` system principal bound to the signed-in
 * contact; the domain's portal service only ever returns or changes that contact's own records.
 */
export async function portalPlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    const { services, config } = app.lockyard;
    await registerPageForms(app, 'lockyard_portal_csrf', {
      path: '/portal',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.publicUrl.startsWith('https:'),
    });
    pageSecurityHeaders(app);

    const send = (reply: FastifyReply, status: number, body: string) =>
      reply.code(status).type('text/html; charset=utf-8').send(body);
    const notFoundPage = (reply: FastifyReply) =>
      send(
        reply,
        404,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head><body><main class="single"><section><h1>Not found</h1><p>That page does not exist.</p></section></main></body></html>`,
      );

    const onError = (
      err: Error & { statusCode?: number; code?: string },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const { status, csrfFailed } = pageErrorOf(err, request);
      if (status === 404) return notFoundPage(reply);
      const message = csrfFailed
        ? 'This form has expired. Go back, reload the page and try again.'
        : status < 500
          ? 'The request could not be processed. Go back and try again.'
          : 'Something went wrong. Please try again in a moment.';
      return send(
        reply,
        status,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head><body><main class="single"><section><h1>${csrfFailed ? 'Form expired' : 'Error'}</h1><div class="error" role="alert">${message}</div></section></main></body></html>`,
      );
    };
    app.setErrorHandler(onError);

    app.get('/portal/assets/portal.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(CSS),
    );

    async function operatorOf(request: FastifyRequest<Slug>): Promise<Operator | null> {
      return (await services.portalAuth.operatorBySlug(request.params.slug)) ?? null;
    }

    /** The signed-in customer's context, or a redirect to sign-in. */
    async function customer(
      request: FastifyRequest<Slug>,
      reply: FastifyReply,
    ): Promise<{ ctx: OperatorContext; operator: Operator } | null> {
      const operator = await operatorOf(request);
      if (!operator) {
        notFoundPage(reply);
        return null;
      }
      const contactId = await services.portalAuth.resolveSession(operator.id, request.cookies[PORTAL_COOKIE]);
      if (!contactId) {
        reply.redirect(`/portal/${operator.slug}/sign-in`, 303);
        return null;
      }
      return { ctx: await services.contexts.contextFor(operator.id, portalPrincipal(contactId)), operator };
    }

    async function dashboard(
      reply: FastifyReply,
      c: { ctx: OperatorContext; operator: Operator },
      status: number,
      state: DashboardState,
    ) {
      const overview = await services.portal.overview(c.ctx);
      const today = localDateOf(c.ctx.now(), c.operator.timezone);
      const addonBilling = await addonBillingOf(c.ctx, overview.contact.id);
      return send(
        reply,
        status,
        dashboardPage(c.operator, reply.generateCsrf(), { ...overview, addonBilling }, today, state),
      );
    }

    /**
     * When an operator-level billing add-on is the payment method, the customer's saved methods come from it
     * (`billing.list`) instead of the card on file; a refused or late answer is said on the page, not an error page.
     */
    async function addonBillingOf(ctx: OperatorContext, contactId: string): Promise<AddonBilling | null> {
      const name = await services.customBilling.chargerFor(ctx, null);
      if (!name) return null;
      try {
        return { name, methods: await services.customBilling.list(ctx, contactId), error: null };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return { name, methods: [], error: 'Your saved payment methods could not be loaded just now.' };
      }
    }

    /** A domain refusal shown next to the form it came from, with the API's message. */
    async function refused(
      reply: FastifyReply,
      c: { ctx: OperatorContext; operator: Operator },
      section: string,
      err: unknown,
      extra: DashboardState = {},
    ) {
      if (!(err instanceof DomainError) || statusOf(err) >= 500 || err.code === 'resource_not_found') throw err;
      const message = err.details[0]?.message ?? err.message;
      return dashboard(reply, c, statusOf(err), { ...extra, error: { section, message } });
    }

    app.get<Slug>('/portal/:slug', async (request, reply) => {
      const c = await customer(request, reply);
      if (!c) return reply;
      const done = (request.query as Record<string, unknown>).done;
      return dashboard(reply, c, 200, { done: typeof done === 'string' ? done : undefined });
    });

    app.get<Slug>('/portal/:slug/sign-in', async (request, reply) => {
      const operator = await operatorOf(request);
      if (!operator) return notFoundPage(reply);
      return send(reply, 200, signInPage(operator, reply.generateCsrf()));
    });

    app.post<Slug>('/portal/:slug/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
      const operator = await operatorOf(request);
      if (!operator) return notFoundPage(reply);
      const email = one(form(request).email).trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
        return send(
          reply,
          422,
          signInPage(operator, reply.generateCsrf(), { email, error: 'Enter the email address you booked with.' }),
        );
      const outcome = await services.portalAuth.requestLink(operator.id, email, request.ip);
      // Only the asking address's own limit is said out loud; an account's is not (no probing for customers).
      const limited = outcome === 'address_throttled';
      if (limited) reply.header('retry-after', '900');
      return send(reply, limited ? 429 : 200, linkSentPage(operator, email, config.sandbox));
    });

    app.get<{ Params: { slug: string; token: string } }>('/portal/:slug/sign-in/:token', async (request, reply) => {
      const operator = await operatorOf(request);
      if (!operator) return notFoundPage(reply);
      if (!(await services.portalAuth.linkUsable(operator.id, request.params.token)))
        return send(reply, 410, linkGonePage(operator));
      return send(reply, 200, confirmLinkPage(operator, reply.generateCsrf(), request.params.token));
    });

    app.post<{ Params: { slug: string; token: string } }>(
      '/portal/:slug/sign-in/:token',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const operator = await operatorOf(request);
        if (!operator) return notFoundPage(reply);
        const signedIn = await services.portalAuth.signInWithLink(operator.id, request.params.token);
        if (!signedIn) return send(reply, 410, linkGonePage(operator));
        reply.setCookie(PORTAL_COOKIE, signedIn.session, portalCookieOptions(config.publicUrl, operator.slug));
        return reply.redirect(`/portal/${operator.slug}`, 303);
      },
    );

    app.post<Slug>('/portal/:slug/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
      const operator = await operatorOf(request);
      if (!operator) return notFoundPage(reply);
      const session = request.cookies[PORTAL_COOKIE];
      if (session) await services.portalAuth.signOut(session);
      reply.clearCookie(PORTAL_COOKIE, { path: `/portal/${operator.slug}` });
      return send(
        reply,
        200,
        portalPage(
          operator,
          'Signed out',
          html`<section><h1>You are signed out</h1><p><a href="/portal/${operator.slug}/sign-in">Sign in again</a></p></section>`,
          { single: true },
        ),
      );
    });

    app.get<{ Params: { slug: string; invoice_id: string } }>(
      '/portal/:slug/invoices/:invoice_id.pdf',
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        const doc = await services.portal.invoiceDocument(c.ctx, request.params.invoice_id);
        const pdf = await invoicePdf(c.operator, c.ctx.now(), doc);
        return reply
          .type('application/pdf')
          .header('Content-Disposition', `inline; filename="${doc.invoice.number}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );

    app.get<{ Params: { slug: string; contract_id: string } }>(
      '/portal/:slug/contracts/:contract_id.pdf',
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        const doc = await services.portal.contractDocument(c.ctx, request.params.contract_id);
        const pdf = await contractPdf(c.operator, c.ctx.now(), doc);
        return reply
          .type('application/pdf')
          .header('Content-Disposition', `inline; filename="${doc.contract.id}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );

    app.post<Slug>('/portal/:slug/payment-method', { preHandler: app.csrfProtection }, async (request, reply) => {
      const c = await customer(request, reply);
      if (!c) return reply;
      const f = form(request);
      const card = {
        name: one(f.name),
        card_number: one(f.card_number),
        expiry: one(f.expiry),
        cvc: one(f.cvc),
      };
      const outcome = checkCard(card, c.ctx.now());
      if (!outcome.ok)
        return dashboard(reply, c, outcome.declineCode ? 402 : 422, {
          card: { name: card.name },
          error: { section: 'card', message: outcome.message },
        });
      try {
        await services.portal.updateCard(c.ctx, outcome.number);
      } catch (err) {
        return refused(reply, c, 'card', err, { card: { name: card.name } });
      }
      return reply.redirect(`/portal/${c.operator.slug}?done=card`, 303);
    });

    app.post<{ Params: { slug: string; subscription_id: string } }>(
      '/portal/:slug/subscriptions/:subscription_id/notice',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        const on = one(form(request).ends_on);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`)))
          return dashboard(reply, c, 422, { error: { section: 'notice', message: 'Choose the date you move out.' } });
        // The day is the operator's calendar day; notice runs to its end.
        const endsAt = endOfLocalDay(on, c.operator.timezone);
        try {
          await services.portal.giveNotice(
            c.ctx,
            request.params.subscription_id,
            endsAt,
            'Notice given in the customer portal',
          );
        } catch (err) {
          return refused(reply, c, 'notice', err);
        }
        return reply.redirect(`/portal/${c.operator.slug}?done=notice`, 303);
      },
    );

    app.post<{ Params: { slug: string; model: string; record_id: string } }>(
      '/portal/:slug/custom-fields/:model/:record_id',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        const f = form(request);
        const values = Object.fromEntries(
          Object.keys(f)
            .filter((k) => k.startsWith('cf.'))
            .map((k) => [k.slice(3), one(f[k])]),
        );
        try {
          await services.portal.writeCustomFields(c.ctx, request.params.model, request.params.record_id, values);
        } catch (err) {
          return refused(reply, c, 'fields', err);
        }
        return reply.redirect(`/portal/${c.operator.slug}?done=fields`, 303);
      },
    );

    app.post<{ Params: { slug: string; contract_id: string } }>(
      '/portal/:slug/contracts/:contract_id/sign',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        try {
          await services.portal.signContract(c.ctx, request.params.contract_id);
        } catch (err) {
          return refused(reply, c, 'contract', err);
        }
        return reply.redirect(`/portal/${c.operator.slug}?done=signed`, 303);
      },
    );

    app.post<Slug>(
      '/portal/:slug/identity-verification',
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const c = await customer(request, reply);
        if (!c) return reply;
        try {
          await services.portal.startIdentityVerification(c.ctx);
        } catch (err) {
          return refused(reply, c, 'identity', err);
        }
        return reply.redirect(`/portal/${c.operator.slug}?done=identity`, 303);
      },
    );
  });
}
