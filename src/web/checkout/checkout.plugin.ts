import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { checkCard, type CardForm } from './sandbox-cards.ts';
import { accountSetupPage, checkoutPage, messagePage } from './checkout.views.ts';
import { portalSetCookie } from '../portal/portal-cookie.ts';
import { pageSecurityHeaders } from '../page-headers.ts';
import { pageErrorOf } from '../page-errors.ts';

const CSS = readFileSync(new URL('./assets/checkout.css', import.meta.url), 'utf8');

function send(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/**
 * The hosted checkout at an order's `payment_url` (/checkout/<token>) and the customer portal's account
 * setup page it lands on. Server-rendered, plain forms: works without JavaScript. The token in the URL is
 * the capability, as a payment link is; no API token is involved.
 */
export async function checkoutPlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    const { services, config } = app.lockyard;
    await app.register(formbody);
    pageSecurityHeaders(app);

    // Refused input (a NUL in the token, a bad form field) is a 4xx page like any other; never the API's JSON.
    const onError = (err: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
      const { status } = pageErrorOf(err, request);
      if (status === 404 || (err instanceof DomainError && err.code === 'invalid_url_param')) return gone(reply);
      return send(
        reply,
        status,
        messagePage(
          'Lockyard',
          status < 500 ? 'Request not accepted' : 'Something went wrong',
          status < 500 ? 'The form could not be read. Go back and try again.' : 'Please try again in a moment.',
        ),
      );
    };
    app.setErrorHandler(onError);
    root.lockyard.surfaces.push({ prefixes: ['/checkout/', '/portal/'], handle: onError });

    app.get('/checkout/assets/checkout.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(CSS),
    );

    const load = (token: string) => services.orders.byCheckoutToken(token);
    const gone = (reply: FastifyReply) =>
      send(
        reply,
        404,
        messagePage('Lockyard', 'Checkout not found', 'This payment link is not valid. Ask for a new one.'),
      );

    app.get<{ Params: { token: string } }>('/checkout/:token', async (request, reply) => {
      const c = await load(request.params.token);
      if (!c) return gone(reply);
      if (c.view.order.status === 'completed')
        return reply.redirect(`/portal/account-setup/${request.params.token}`, 303);
      if (c.view.order.status !== 'finalized')
        return send(
          reply,
          410,
          messagePage(c.ctx.operator.name, 'Checkout closed', 'This order can no longer be paid.'),
        );
      return send(reply, 200, checkoutPage(c, request.params.token));
    });

    app.post<{ Params: { token: string }; Body: CardForm }>('/checkout/:token', async (request, reply) => {
      const { token } = request.params;
      const c = await load(token);
      if (!c) return gone(reply);
      if (c.view.order.status === 'completed') return reply.redirect(`/portal/account-setup/${token}`, 303);
      if (c.view.order.status !== 'finalized')
        return send(
          reply,
          410,
          messagePage(c.ctx.operator.name, 'Checkout closed', 'This order can no longer be paid.'),
        );
      const form = (request.body ?? {}) as CardForm;
      const outcome = checkCard(form, c.ctx.now());
      if (!outcome.ok) {
        // A decline is a payment failure (402); a mistyped field is a form error (422). Either way the form comes back.
        const status = outcome.declineCode ? 402 : 422;
        return send(reply, status, checkoutPage(c, token, { name: form.name, error: outcome }));
      }
      // The card stays on file: the subscription's later invoices are collected from it.
      await services.orders.complete(c.ctx, c.view.order.id, {
        brand: 'visa',
        last4: outcome.last4,
        behaviour: outcome.later,
      });
      return reply.redirect(`/portal/account-setup/${token}`, 303);
    });

    app.get<{ Params: { token: string } }>('/portal/account-setup/:token', async (request, reply) => {
      const c = await load(request.params.token);
      if (!c || c.view.order.status !== 'completed') return gone(reply);
      return send(reply, 200, accountSetupPage(c, request.params.token));
    });

    app.post<{ Params: { token: string } }>('/portal/account-setup/:token', async (request, reply) => {
      const c = await load(request.params.token);
      if (!c || c.view.order.status !== 'completed' || !c.view.order.contactId) return gone(reply);
      const slug = c.ctx.operator.slug;
      // The payment link sets the account up once; after that the customer signs in by emailed link
      // (whoever else holds the payment link, e.g. the partner that created the order, cannot sign in with it).
      const session = await services.portalAuth.setUpAccount(c.ctx.operator.id, c.view.order.contactId);
      if (!session) return reply.redirect(`/portal/${slug}/sign-in`, 303);
      reply.header('set-cookie', portalSetCookie(config.publicUrl, slug, session));
      return send(reply, 200, accountSetupPage(c, request.params.token, { done: true }));
    });
  });
}
