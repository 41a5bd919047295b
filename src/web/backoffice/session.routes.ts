import type { FastifyInstance } from 'fastify';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { cookieFlags, form, one, requireStaff, safeReturnTo, SESSION_COOKIE } from './web-kit.ts';

function signInPage(opts: {
  csrf: string;
  returnTo: string;
  email?: string;
  error?: string;
  sandbox: boolean;
}): string {
  return layout(
    { title: 'Sign in', narrow: true },
    html`<h1>Sign in</h1>
      <p class="lead">Staff sign-in for the Lockyard back office.</p>
      ${opts.error ? html`<div class="error" role="alert">${opts.error}</div>` : ''}
      <section class="card">
        <form method="post" action="/backoffice/sign-in">
          <input type="hidden" name="_csrf" value="${opts.csrf}">
          <input type="hidden" name="return_to" value="${opts.returnTo}">
          <label for="email">Email</label>
          <input id="email" type="email" name="email" autocomplete="username" required value="${opts.email ?? ''}" autofocus>
          <label for="password">Password</label>
          <input id="password" type="password" name="password" autocomplete="current-password" required>
          <div class="row"><button type="submit" class="primary">Sign in</button></div>
        </form>
      </section>
      ${opts.sandbox ? html`<p class="lead">Demo data: the staff login is in <code>demo-credentials.json</code>.</p>` : ''}`,
  );
}

export function sessionRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;
  const logins = services.staffLogins;

  app.get('/backoffice', async (request, reply) => {
    if (!requireStaff(request, reply)) return reply;
    return reply.redirect('/backoffice/dashboard', 303);
  });

  app.get('/backoffice/sign-in', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    if (request.staff) return reply.redirect(returnTo, 303);
    // First run: nobody can sign in yet, so the way in is the setup page (it needs the console's code).
    if (config.setupCode && (await services.operators.list()).length === 0)
      return reply.redirect('/backoffice/setup', 303);
    return reply
      .type('text/html; charset=utf-8')
      .send(signInPage({ csrf: reply.generateCsrf(), returnTo, sandbox: config.sandbox }));
  });

  app.post('/backoffice/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const f = form(request);
    const email = one(f.email).trim();
    const returnTo = safeReturnTo(one(f.return_to));
    const result = await logins.signIn(email, one(f.password), request.ip);
    if (!result.ok) {
      const throttled = result.reason === 'throttled';
      if (throttled) reply.header('retry-after', String(result.retryAfterSeconds));
      return reply
        .code(throttled ? 429 : 401)
        .type('text/html; charset=utf-8')
        .send(
          signInPage({
            csrf: reply.generateCsrf(),
            returnTo,
            email,
            sandbox: config.sandbox,
            error: throttled
              ? `Too many failed sign-in attempts. Try again in ${waitText(result.retryAfterSeconds)}.`
              : 'That email and password do not match.',
          }),
        );
    }
    reply.setCookie(SESSION_COOKIE, result.sessionToken, {
      ...cookieFlags(config.publicUrl),
      maxAge: logins.sessionSeconds,
    });
    return reply.redirect(returnTo, 303);
  });

  app.post('/backoffice/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.staff) await logins.signOut(request.staff);
    reply.clearCookie(SESSION_COOKIE, cookieFlags(config.publicUrl));
    return reply.redirect('/backoffice/sign-in', 303);
  });

  app.post('/backoffice/operator', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    await logins.switchOperator(session, one(form(request).operator_id));
    return reply.redirect('/backoffice/dashboard', 303);
  });
}

const waitText = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);
