import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError, notFound } from '../../kernel/errors.ts';
import { ledgerAddon } from '../../addons-builtin/ledger.addon.ts';
import { statusOf } from '../../http/errors.ts';
import { ADDON_STATES, type AddonState } from '../../domain/addons/addon.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import {
  ADDON_NOTICES,
  ADDONS_BASE,
  addonPage,
  addonsListPage,
  type AddonPage,
  type AddonsListPage,
} from './addons.views.ts';
import { fieldValueOf } from './custom-fields.views.ts';
import { secretPage } from './public-api.views.ts';
import { form, hasRole, list, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

/** What a refused form says: the field the domain named, and why. */
export function refusal(err: DomainError): string {
  return err.details.map((d) => `${d.pointer.replace(/^\//, '')} ${d.message}`).join('; ') || err.message;
}

/**
 * Settings → Add-ons (managers and owners): install a definition for the operator or one site (the API key and
 * signing secret shown once), configure its custom fields (secret ones write-only), pause / enable / disable /
 * uninstall, its webhook deliveries with resend, and its log. Every change goes through the add-ons service, the
 * same one the CLI uses, so the rules and messages are the same.
 */
export function addonsRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  const { addons } = services;

  async function sitesOf(ctx: OperatorContext) {
    const { items } = await services.sites.list(
      ctx,
      { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
      {},
    );
    return items.map((s) => ({ id: s.id, name: s.name }));
  }

  async function listPage(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    extra: Pick<AddonsListPage, 'notice' | 'error' | 'alertError'> = {},
    status = 200,
  ) {
    const [installs, definitions, sites, alertReceivers] = await Promise.all([
      addons.list(ctx),
      addons.listDefinitions(),
      sitesOf(ctx),
      addons.alertReceivers(ctx),
    ]);
    const page = addonsListPage({
      session,
      csrf: reply.generateCsrf(),
      installs,
      definitions,
      sites,
      alertReceivers,
      canManage: hasRole(session, 'manager'),
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  async function installPage(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    addonId: string,
    extra: Pick<AddonPage, 'notice' | 'error' | 'typed'> = {},
    status = 200,
  ) {
    const addon = await addons.get(ctx, addonId);
    const [definition, deliveries, logs, sites] = await Promise.all([
      addons.getDefinition(addon.definitionId),
      addons.deliveries(ctx, addonId),
      addons.logs(ctx, addonId),
      addon.siteId ? services.sites.findMany(ctx, [addon.siteId]) : [],
    ]);
    const page = addonPage({
      session,
      csrf: reply.generateCsrf(),
      addon,
      definition,
      siteName: sites[0]?.name ?? null,
      deliveries,
      logs: logs.slice(-100).reverse(),
      canManage: hasRole(session, 'manager'),
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  /** A signed-in manager (or owner) with their operator context; null after a redirect to sign-in. */
  async function manager(request: Parameters<typeof requireStaff>[0], reply: FastifyReply) {
    const session = requireStaff(request, reply);
    if (!session) return null;
    requireRole(session, 'manager');
    return { session, ctx: await staffContext(services, session) };
  }

  /** Runs a change; a refusal re-renders the add-on's page with the domain's message at its status. */
  async function attempt(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    addonId: string,
    done: string,
    act: () => Promise<unknown>,
    typed?: Record<string, string>,
  ) {
    try {
      await act();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'resource_not_found') throw err;
      return installPage(reply, session, ctx, addonId, { error: refusal(err), typed }, statusOf(err));
    }
    return reply.redirect(`${ADDONS_BASE}/${addonId}?done=${done}`, 303);
  }

  app.get(ADDONS_BASE, async (request, reply) => {
    const m = await manager(request, reply);
    if (!m) return reply;
    const notice = ADDON_NOTICES[one((request.query as Record<string, string>).done)];
    return listPage(reply, m.session, m.ctx, { notice });
  });

  app.post(`${ADDONS_BASE}/install`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const m = await manager(request, reply);
    if (!m) return reply;
    const f = form(request);
    const definitionId = one(f.definition_id);
    let out;
    try {
      out = await addons.install(m.ctx, { definitionId, siteId: one(f.site_id) || null });
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code === 'resource_not_found' && !one(f.site_id))) throw err;
      return listPage(reply, m.session, m.ctx, { error: { definitionId, message: refusal(err) } }, statusOf(err));
    }
    const def = await addons.getDefinition(definitionId);
    return reply
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(
        secretPage({
          session: m.session,
          csrf: reply.generateCsrf(),
          title: `${def.name} installed`,
          intro: `“${def.name}” is installed and paused. Give the developer these values; the API key and the signing secret are shown only now.`,
          fields: [
            { label: 'Add-on ID', value: out.install.id },
            { label: 'API key', value: out.apiKey, secret: true },
            { label: 'Signing secret', value: out.signatureSecret, secret: true },
            { label: 'API URL', value: out.apiUrl },
          ],
          back: {
            href: `${ADDONS_BASE}/${out.install.id}`,
            crumb: 'Settings › Add-ons',
            label: `Configure ${def.name}`,
          },
        }),
      );
  });

  app.post(`${ADDONS_BASE}/alert-receivers`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const m = await manager(request, reply);
    if (!m) return reply;
    const typed = one(form(request).receivers);
    try {
      await addons.setAlertReceivers(m.ctx, typed);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return listPage(reply, m.session, m.ctx, { alertError: { message: refusal(err), typed } }, statusOf(err));
    }
    return reply.redirect(`${ADDONS_BASE}?done=alerts`, 303);
  });

  app.get<{ Params: { addon_id: string } }>(`${ADDONS_BASE}/:addon_id`, async (request, reply) => {
    const m = await manager(request, reply);
    if (!m) return reply;
    const notice = ADDON_NOTICES[one((request.query as Record<string, string>).done)];
    return installPage(reply, m.session, m.ctx, request.params.addon_id, { notice });
  });

  /**
   * Settings: a plain field left empty clears it; a secret field left empty keeps its value (it is never shown, so
   * an empty box means "unchanged"), and its "Clear" box clears it.
   */
  app.post<{ Params: { addon_id: string } }>(
    `${ADDONS_BASE}/:addon_id/configure`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const m = await manager(request, reply);
      if (!m) return reply;
      const id = request.params.addon_id;
      const addon = await addons.get(m.ctx, id);
      const def = await addons.getDefinition(addon.definitionId);
      const f = form(request);
      const clear = new Set(list(f.clear));
      const values: Record<string, unknown> = {};
      const typed: Record<string, string> = {};
      for (const field of def.customFields) {
        const raw = one(f[`cf.${field.code}`]);
        if (field.secret) {
          if (clear.has(field.code)) values[field.code] = null;
          else if (raw.trim()) values[field.code] = raw.trim();
          continue;
        }
        typed[field.code] = raw;
        values[field.code] = fieldValueOf(field, raw);
      }
      return attempt(reply, m.session, m.ctx, id, 'configured', () => addons.configure(m.ctx, id, values), typed);
    },
  );

  app.post<{ Params: { addon_id: string } }>(
    `${ADDONS_BASE}/:addon_id/state`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const m = await manager(request, reply);
      if (!m) return reply;
      const id = request.params.addon_id;
      const state = one(form(request).state) as AddonState;
      return attempt(reply, m.session, m.ctx, id, state, async () => {
        if (!(ADDON_STATES as readonly string[]).includes(state))
          throw new DomainError('invalid_content', 'Choose enabled, paused or disabled.');
        return addons.setState(m.ctx, id, state);
      });
    },
  );

  /** The CSV export add-on's download: its own rows for this install (only the operator's installs are found). */
  app.get<{ Params: { addon_id: string } }>(`${ADDONS_BASE}/:addon_id/export.csv`, async (request, reply) => {
    const m = await manager(request, reply);
    if (!m) return reply;
    const addon = await addons.get(m.ctx, request.params.addon_id);
    const builtins = app.lockyard.builtinAddons;
    if (!builtins || addon.definitionId !== ledgerAddon.definitionId) notFound('addon_export', addon.addonId);
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="lockyard-export-${addon.addonId}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(await builtins.exportCsv(addon.addonId));
  });

  app.post<{ Params: { addon_id: string } }>(
    `${ADDONS_BASE}/:addon_id/uninstall`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const m = await manager(request, reply);
      if (!m) return reply;
      await addons.uninstall(m.ctx, request.params.addon_id);
      return reply.redirect(`${ADDONS_BASE}?done=uninstalled`, 303);
    },
  );

  app.post<{ Params: { addon_id: string; delivery_id: string } }>(
    `${ADDONS_BASE}/:addon_id/deliveries/:delivery_id/resend`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const m = await manager(request, reply);
      if (!m) return reply;
      const { addon_id: id, delivery_id: deliveryId } = request.params;
      return attempt(reply, m.session, m.ctx, id, 'resent', () => addons.resend(m.ctx, id, deliveryId));
    },
  );
}
