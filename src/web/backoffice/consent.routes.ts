import type { FastifyInstance, FastifyReply } from 'fastify';
import { OAuthError } from '../../domain/oauth/oauth-error.ts';
import { AuthorizeRedirectError, type AuthorizationRequest } from '../../domain/oauth/authorization.service.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { roleAtLeast } from '../../domain/staff-auth/roles.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { SCOPE_WORDS } from './scope-words.ts';
import { form, one, requireStaff } from './web-kit.ts';

// The authorization request's parameters, carried unchanged from the GET into the consent form.
const CARRIED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

function consentPage(
  session: StaffSession,
  csrf: string,
  req: AuthorizationRequest,
  params: Record<string, string>,
): string {
  const target = new URL(req.redirectUri);
  // Only operators where this login may connect applications (manager or owner) are offered.
  const choices = session.memberships.filter((m) => roleAtLeast(m.role, 'manager'));
  const several = choices.length > 1;
  const only = choices[0];
  return layout(
    { title: `Authorise ${req.application.name}`, session, csrf, narrow: true },
    html`<h1>Authorise application</h1>
    <section class="card">
      <p><span class="consent-app">${req.application.name}</span> wants to access ${several || !only ? 'an operator’s' : html`<strong>${only.operatorName}</strong>’s`} data on Lockyard.</p>
      ${only ? '' : html`<div class="error" role="alert">Connecting an application needs the manager or owner role on an operator; ask an owner of your operator.</div>`}
      <form method="post" action="/oauth2/authorize">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${CARRIED.filter((k) => params[k] !== undefined).map((k) => html`<input type="hidden" name="${k}" value="${params[k]}">`)}
        ${
          several
            ? html`<fieldset class="operator-choice"><legend>Operator</legend>
              ${choices.map(
                (m) =>
                  html`<label><input type="radio" name="operator_id" value="${m.operatorId}" ${m.operatorId === session.current.operatorId ? html`checked` : ''} required> ${m.operatorName}</label>`,
              )}</fieldset>`
            : html`<input type="hidden" name="operator_id" value="${only?.operatorId ?? ''}">`
        }
        <h2>It will be able to:</h2>
        <ul class="scope-list">
          ${req.scopes.map((s) => html`<li><strong>${SCOPE_WORDS[s].name}</strong><span>${SCOPE_WORDS[s].description}</span></li>`)}
        </ul>
        <p class="lead">You will be sent back to <strong>${target.host}</strong>. You can revoke access at any time in Settings › Public API.</p>
        <div class="row">
          ${only ? html`<button type="submit" name="decision" value="approve" class="primary">Approve</button>` : ''}
          <button type="submit" name="decision" value="deny">Deny</button>
        </div>
      </form>
    </section>
    <p class="lead">Signed in as ${session.user.email}.</p>`,
  );
}

function errorPage(reply: FastifyReply, err: OAuthError) {
  const body = layout(
    { title: 'Authorisation problem', narrow: true },
    html`<h1>This authorisation link is not valid</h1>
    <div class="error" role="alert"><strong>${err.error}</strong>: ${err.description}</div>
    <p class="lead">Go back to the application you came from and try connecting again.</p>`,
  );
  return reply.code(400).type('text/html; charset=utf-8').send(body);
}

/** GET/POST /oauth2/authorize: staff consent for the Authorization Code flow, served by the back office. */
export function consentRoutes(app: FastifyInstance) {
  const { oauth } = app.lockyard.services;

  async function validated(reply: FastifyReply, params: Record<string, string>): Promise<AuthorizationRequest | null> {
    try {
      return await oauth.authorization.validate(params);
    } catch (err) {
      if (err instanceof AuthorizeRedirectError) {
        reply.redirect(err.redirectTo, 303);
        return null;
      }
      if (err instanceof OAuthError) {
        errorPage(reply, err);
        return null;
      }
      throw err;
    }
  }

  const pick = (source: Record<string, string | string[] | undefined>) => {
    const out: Record<string, string> = {};
    for (const k of CARRIED) if (source[k] !== undefined) out[k] = one(source[k]);
    return out;
  };

  app.get('/oauth2/authorize', async (request, reply) => {
    const params = pick(request.query as Record<string, string>);
    // The client and redirect URI are checked before sign-in, so a bad link never reaches the sign-in page.
    const req = await validated(reply, params);
    if (!req) return reply;
    const session = requireStaff(request, reply);
    if (!session) return reply;
    return reply.type('text/html; charset=utf-8').send(consentPage(session, reply.generateCsrf(), req, params));
  });

  app.post('/oauth2/authorize', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const f = form(request);
    const req = await validated(reply, pick(f));
    if (!req) return reply;
    if (one(f.decision) !== 'approve') return reply.redirect(oauth.authorization.deny(req), 303);
    const operatorId = one(f.operator_id);
    // Connecting a partner hands out API access, like generating a token: managers and owners only.
    const membership = session.memberships.find((m) => m.operatorId === operatorId);
    if (!membership) {
      return errorPage(reply, new OAuthError('access_denied', 'You are not a member of the chosen operator.'));
    }
    if (!roleAtLeast(membership.role, 'manager')) {
      return errorPage(
        reply,
        new OAuthError(
          'access_denied',
          `Connecting an application needs the manager role; you are ${membership.role}.`,
        ),
      );
    }
    return reply.redirect(await oauth.authorization.approve(req, session.user.id, operatorId), 303);
  });
}
