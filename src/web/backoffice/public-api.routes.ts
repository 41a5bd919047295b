import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { isScope } from '../../kernel/scopes.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { NOTICES, publicApiPage, secretPage, type PublicApiPage } from './public-api.views.ts';
import { form, list, one, requireRole, requireStaff } from './web-kit.ts';
import { endpointsWithCreators } from './webhook-creators.ts';
import { authorisedRevokeRoute } from './authorised-applications.routes.ts';
import { endpointActionRoutes } from './webhook-endpoint-actions.ts';

const BASE = '/backoffice/settings/public-api';

/** Settings → Public API: access tokens, operator applications, authorised partner applications. */
export function publicApiRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  const { oauth, tokens } = services;

  async function page(
    reply: FastifyReply,
    session: StaffSession,
    extra: Pick<PublicApiPage, 'notice' | 'error'> = {},
    status = 200,
  ) {
    const operatorId = session.current.operatorId;
    const [all, applications, partners, authorised, now] = await Promise.all([
      tokens.list(operatorId),
      oauth.applications.listForOperator(operatorId),
      oauth.applications.listPartners(),
      oauth.authorization.listAuthorised(operatorId),
      oauth.now(),
    ]);
    const endpoints = await endpointsWithCreators(services, operatorId);
    const html = publicApiPage({
      session,
      csrf: reply.generateCsrf(),
      now,
      // OAuth-issued tokens are managed through their application or grant, not listed as access tokens.
      tokens: all.filter((t) => t.applicationId === null),
      applications,
      partners,
      authorised,
      endpoints,
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  const formError = (err: unknown) => {
    if (err instanceof DomainError && (err.code === 'invalid_content' || err.code === 'resource_not_found')) {
      return (
        err.details.map((d) => `${d.pointer.replace(/^\//, '').replace(/\/\d+$/, '')} ${d.message}`).join('; ') ||
        err.message
      );
    }
    throw err;
  };

  app.get(BASE, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return page(reply, session, { notice });
  });

  app.post(`${BASE}/tokens`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const f = form(request);
    const name = one(f.name).trim();
    const scopes = list(f.scopes);
    const expiry = one(f.expires_in);
    const days = expiry === 'never' ? undefined : Number(expiry);
    const problem = !name
      ? 'name must not be blank'
      : !scopes.length
        ? 'choose at least one scope'
        : !scopes.every(isScope)
          ? 'unknown scope'
          : days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 3650)
            ? 'choose an expiry'
            : null;
    if (problem)
      return page(
        reply,
        session,
        { error: { form: 'token', message: `Could not generate the token: ${problem}.`, name, scopes } },
        422,
      );
    const { token, record } = await tokens.create({
      operatorId: session.current.operatorId,
      name: name.slice(0, 100),
      scopes: scopes.filter(isScope),
      expiresInSeconds: days ? days * 86400 : undefined,
    });
    return reply.type('text/html; charset=utf-8').send(
      secretPage({
        session,
        csrf: reply.generateCsrf(),
        title: 'Access token generated',
        intro: `“${record.name}” ${record.expiresAt ? `expires ${record.expiresAt.toISOString().slice(0, 10)}` : 'never expires'}.`,
        fields: [{ label: 'Access token', value: token }],
      }),
    );
  });

  app.post<{ Params: { id: string } }>(
    `${BASE}/tokens/:id/revoke`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      await tokens.revoke(session.current.operatorId, request.params.id);
      return reply.redirect(`${BASE}?done=token-revoked#access-tokens`, 303);
    },
  );

  app.post(`${BASE}/applications`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const f = form(request);
    const name = one(f.name);
    const scopes = list(f.scopes);
    let issued;
    try {
      issued = await oauth.applications.createForOperator(session.current.operatorId, { name, scopes });
    } catch (err) {
      return page(
        reply,
        session,
        {
          error: { form: 'application', message: `Could not create the application: ${formError(err)}.`, name, scopes },
        },
        422,
      );
    }
    return reply.type('text/html; charset=utf-8').send(
      secretPage({
        session,
        csrf: reply.generateCsrf(),
        title: 'Application created',
        intro: `“${issued.application.name}” can now request tokens with the Client Credentials grant. This is its client secret.`,
        fields: [
          { label: 'Client ID', value: issued.application.clientId },
          { label: 'Client secret', value: issued.clientSecret },
        ],
      }),
    );
  });

  // Authorization Code (partner) applications, as `lockyard apps create --partner` makes them.
  app.post(`${BASE}/partner-applications`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const f = form(request);
    const name = one(f.name);
    const scopes = list(f.scopes);
    const redirectUris = one(f.redirect_uris);
    let issued;
    try {
      issued = await oauth.applications.createPartner({
        name,
        scopes,
        redirectUris: redirectUris
          .split(/\r?\n/)
          .map((u) => u.trim())
          .filter(Boolean),
      });
    } catch (err) {
      const message = `Could not create the partner application: ${formError(err)}.`;
      return page(reply, session, { error: { form: 'partner', message, name, scopes, redirectUris } }, 422);
    }
    return reply.type('text/html; charset=utf-8').send(
      secretPage({
        session,
        csrf: reply.generateCsrf(),
        title: 'Partner application created',
        intro: `“${issued.application.name}” can now send operators' staff to /oauth2/authorize (Authorization Code; PKCE supported) and exchange the code at /oauth2/token with this client secret.`,
        fields: [
          { label: 'Client ID', value: issued.application.clientId },
          { label: 'Client secret', value: issued.clientSecret },
          { label: 'Redirect URIs', value: issued.application.redirectUris.join(' ') },
        ],
      }),
    );
  });

  app.post<{ Params: { id: string } }>(
    `${BASE}/applications/:id/rotate-secret`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const issued = await oauth.applications.rotateForOperator(session.current.operatorId, request.params.id);
      return reply.type('text/html; charset=utf-8').send(
        secretPage({
          session,
          csrf: reply.generateCsrf(),
          title: 'Client secret rotated',
          intro: `“${issued.application.name}” has a new client secret; the old one no longer works. Tokens already issued stay valid until they expire.`,
          fields: [
            { label: 'Client ID', value: issued.application.clientId },
            { label: 'Client secret', value: issued.clientSecret },
          ],
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    `${BASE}/applications/:id/delete`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      await oauth.applications.deleteForOperator(session.current.operatorId, request.params.id);
      return reply.redirect(`${BASE}?done=app-deleted#applications`, 303);
    },
  );

  authorisedRevokeRoute(
    app,
    `${BASE}/authorised-applications/:id/revoke`,
    `${BASE}?done=grant-revoked#authorised-applications`,
  );

  // The operator's hand on any endpoint of the account (Developers → Webhook endpoints has the same forms).
  endpointActionRoutes(
    app,
    `${BASE}/webhook-endpoints/:id`,
    (action) => `${BASE}?done=endpoint-${action}d#webhook-endpoints`,
  );
}
