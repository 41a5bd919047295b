import type { FastifyInstance, FastifyReply } from 'fastify';

const inlineStyled = new WeakSet<FastifyReply>();

/**
 * This one response may apply inline styles (`style-src 'unsafe-inline'`; scripts stay refused): the email
 * template preview, whose sandboxed `srcdoc` frame inherits the page's policy and shows the email's own inline
 * styles, as mail clients do.
 */
export function allowInlineStyles(reply: FastifyReply): void {
  inlineStyled.add(reply);
}

/**
 * Headers every server-rendered page surface sends: nothing may be framed (clickjacking), sniffed, leak codes
 * through the Referer, load anything but its own styles and images, or be cached unless a route says so.
 * `formAction` is where the surface's forms may post (the consent form redirects to partners: `'self' http: https:`).
 * `scripts`: the surface serves its own script files (the back office's htmx) and they may call it back; no inline
 * script and no eval either way.
 */
export function pageSecurityHeaders(
  app: FastifyInstance,
  formAction = "'self'",
  opts: { scripts?: boolean } = {},
): void {
  const scripts = opts.scripts ? " script-src 'self'; connect-src 'self';" : '';
  const csp = (styles: string) =>
    `default-src 'none';${scripts} style-src ${styles}; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
  const [own, inline] = [csp("'self'"), csp("'self' 'unsafe-inline'")];
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers({
      'Content-Security-Policy': inlineStyled.has(reply) ? inline : own,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    if (!reply.getHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
