import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError, notFound } from '../../kernel/errors.ts';
import { checkBody } from '../../http/validation.ts';
import { AdvanceBody } from '../../resources/sandbox/sandbox.routes.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { authorisedRevokeRoute } from './authorised-applications.routes.ts';
import { DEV } from './developers-webhooks.views.ts';
import { developersWebhooksRoutes } from './developers-webhooks.routes.ts';
import {
  applicationsPage,
  clockPage,
  developersHub,
  DURATION_UNITS,
  REQUEST_METHODS,
  requestPage,
  requestsPage,
  STATUS_CLASSES,
  type ClockForm,
  type RequestFilterForm,
} from './developers.views.ts';
import { fieldErrors } from './form-fields.ts';
import { sendPage, zonedDateTime } from './form-kit.ts';
import { form, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

/** How far ahead the clock page previews when nothing is typed. */
const DEFAULT_PREVIEW_DAYS = 7;

/** The typed move as the API's body (`{seconds}` or `{to}`), or the typed text for the API's schema to refuse. */
function advanceBodyOf(typed: ClockForm, timeZone: string): Record<string, unknown> {
  if (typed.mode === 'to') return { to: zonedDateTime(typed.to?.trim(), timeZone) ?? '' };
  const unit = DURATION_UNITS.find((u) => u.value === typed.unit) ?? DURATION_UNITS[2];
  const amount = typed.amount?.trim() ?? '';
  const n = amount === '' ? Number.NaN : Number(amount);
  return { seconds: Number.isFinite(n) ? n * unit.seconds : amount };
}

function clockFormOf(values: Record<string, string | string[] | undefined>): ClockForm {
  const mode = one(values.mode) === 'to' || one(values.preview) === 'to' ? 'to' : 'by';
  return { mode, amount: one(values.seconds), unit: one(values.unit) || 'days', to: one(values.to) };
}

/**
 * Developers: the hub, authorised applications, the sandbox clock and the request inspector's pages; webhook
 * endpoints and events are in developers-webhooks.routes.ts. Managers and owners only (the menu hides it from staff).
 */
export function developersRoutes(app: FastifyInstance) {
  const { services, config } = app.lockyard;
  developersWebhooksRoutes(app);

  app.get(DEV, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const operatorId = session.current.operatorId;
    const [endpoints, authorised, ctx] = await Promise.all([
      services.webhookEndpoints.listForOperator(operatorId, {
        page: 1,
        limit: 1,
        sortBy: 'created_at',
        direction: 'desc',
      }),
      services.oauth.authorization.listAuthorised(operatorId),
      staffContext(services, session),
    ]);
    return sendPage(
      reply,
      developersHub({
        session,
        csrf: reply.generateCsrf(),
        sandbox: config.sandbox,
        endpoints: endpoints.total,
        applications: authorised.length,
        clock: ctx.now(),
      }),
    );
  });

  app.get(`${DEV}/applications`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const authorised = await services.oauth.authorization.listAuthorised(session.current.operatorId);
    const notice =
      one((request.query as Record<string, string>).done) === 'revoked'
        ? 'Access was revoked. The application’s tokens no longer work.'
        : undefined;
    return sendPage(reply, applicationsPage({ session, csrf: reply.generateCsrf(), authorised, notice }));
  });
  authorisedRevokeRoute(app, `${DEV}/applications/:id/revoke`, `${DEV}/applications?done=revoked`);

  // The sandbox clock: the same body schema and domain service as POST /sandbox/clock/advance.
  function requireSandbox() {
    if (!config.sandbox) throw new DomainError('invalid_endpoint', 'The sandbox clock exists in sandbox mode only.');
  }

  async function renderClock(
    reply: FastifyReply,
    session: StaffSession,
    typed: ClockForm,
    extra: { notice?: string; error?: string; errors?: Record<string, string>; target?: Date } = {},
    status = 200,
  ) {
    const ctx = await staffContext(services, session);
    const now = ctx.now();
    const target = extra.target ?? new Date(now.getTime() + DEFAULT_PREVIEW_DAYS * 86_400_000);
    const due = await services.clock.fallsDue(ctx, target);
    const body = clockPage({
      session,
      csrf: reply.generateCsrf(),
      now,
      offsetSeconds: Math.round(ctx.operator.clockOffsetMs / 1000),
      timeZone: ctx.operator.timezone,
      target,
      due,
      typed,
      ...extra,
    });
    return sendPage(reply, body, status);
  }

  const refusedClock = (reply: FastifyReply, session: StaffSession, typed: ClockForm, errors: Record<string, string>) =>
    renderClock(reply, session, typed, { error: 'Check the field marked below.', errors }, 422);

  /** The typed move checked as the API checks it: the target, or the API's words for the field. */
  async function targetOf(session: StaffSession, typed: ClockForm) {
    const ctx = await staffContext(services, session);
    try {
      const body = checkBody(AdvanceBody, advanceBodyOf(typed, ctx.operator.timezone)) as {
        seconds?: number;
        to?: string;
      };
      const target = body.to ? new Date(body.to) : new Date(ctx.now().getTime() + (body.seconds ?? 0) * 1000);
      return { ctx, body, target };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'invalid_content') throw err;
      // The body is one of two shapes: the API's words about the field that was typed, not about the other shape.
      const key = typed.mode === 'to' ? 'to' : 'seconds';
      const mine = err.details.filter((d) => d.pointer === `/${key}`);
      const best = mine.find((d) => !/additional property|missing required/.test(d.message)) ?? mine[0];
      return { ctx, refused: { [key]: best?.message ?? err.message } };
    }
  }

  app.get<{ Querystring: Record<string, string> }>(`${DEV}/clock`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    requireSandbox();
    const typed = clockFormOf(request.query);
    if (!request.query.preview)
      return renderClock(reply, session, typed, {
        notice: request.query.done === 'advanced' ? 'The clock moved; what fell due has run.' : undefined,
      });
    const checked = await targetOf(session, typed);
    if (checked.refused) return refusedClock(reply, session, typed, checked.refused);
    return renderClock(reply, session, typed, { target: checked.target });
  });

  app.post(`${DEV}/clock`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    requireSandbox();
    const typed = clockFormOf(form(request));
    const checked = await targetOf(session, typed);
    if (checked.refused) return refusedClock(reply, session, typed, checked.refused);
    try {
      const { body } = checked;
      await services.clock.advance(checked.ctx, {
        seconds: body.seconds,
        to: body.to ? new Date(body.to) : undefined,
      });
    } catch (err) {
      const { fields, message } = fieldErrors(err);
      return renderClock(reply, session, typed, { error: message, errors: fields }, 422);
    }
    return reply.redirect(`${DEV}/clock?done=advanced`, 303);
  });

  // The request inspector's pages (sandbox mode: production keeps no request log).
  app.get<{ Querystring: Record<string, string> }>(`${DEV}/requests`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    if (!config.sandbox) notFound('page', 'requests');
    const q = request.query;
    const filter: RequestFilterForm = {
      method: one(q.method) || undefined,
      status: one(q.status) || undefined,
      path: one(q.path) || undefined,
    };
    const refused =
      filter.method && !(REQUEST_METHODS as readonly string[]).includes(filter.method)
        ? 'method must be one of GET, POST, PATCH, PUT, DELETE'
        : filter.status && !(STATUS_CLASSES as readonly string[]).includes(filter.status)
          ? 'status must be one of 2xx, 3xx, 4xx, 5xx'
          : filter.path && filter.path.length > 200
            ? 'path must be at most 200 characters'
            : undefined;
    if (refused)
      throw new DomainError('invalid_request', 'The filter is not valid.', [{ pointer: '/', message: refused }]);
    const requests = await services.requests.listForOperator(session.current.operatorId, {
      method: filter.method,
      statusClass: filter.status ? Number(filter.status[0]) : undefined,
      pathContains: filter.path,
      limit: 100,
    });
    return sendPage(reply, requestsPage({ session, csrf: reply.generateCsrf(), requests, filter }));
  });

  app.get<{ Params: { request_id: string } }>(`${DEV}/requests/:request_id`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    if (!config.sandbox) notFound('request', request.params.request_id);
    const operatorId = session.current.operatorId;
    const inspected = await services.requests.inspectForOperator(operatorId, request.params.request_id);
    const urls = new Map<string, string>();
    for (const id of new Set(inspected.events.flatMap((e) => e.deliveries.map((d) => d.endpointId)))) {
      const endpoint = await services.webhookEndpoints.getForOperator(operatorId, id).catch(() => undefined);
      if (endpoint?.status === 'enabled') urls.set(id, endpoint.url);
    }
    const ctx = await staffContext(services, session);
    return sendPage(
      reply,
      requestPage({ session, csrf: reply.generateCsrf(), inspected, urls, timeZone: ctx.operator.timezone }),
    );
  });
}
