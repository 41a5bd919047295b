import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { statusOf } from '../../http/errors.ts';
import { CUSTOM_FIELD_MODELS, CUSTOM_FIELD_TYPES, type CustomFieldModel } from '../../domain/addons/addon.ts';
import { isModel } from '../../domain/addons/addon-definition.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { refusal } from './addons.routes.ts';
import { customFieldsPanel, fieldTitle, fieldValueOf, MODEL_WORDS } from './custom-fields.views.ts';
import { form, list, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const SETTINGS = '/backoffice/settings/custom-fields';

/** Only back to a back-office page. */
const backTo = (v: string) => (/^\/backoffice\/[\w\-/]*$/.test(v) ? v : '/backoffice');

/**
 * Custom fields in the back office: saving the panel any record page includes (`customFieldsPanel`; day-to-day
 * work, any role), and Settings → Custom fields where a manager defines the operator's own fields.
 */
export function customFieldsRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  const { addons } = services;

  app.post<{ Params: { model: string; record_id: string } }>(
    '/backoffice/custom-fields/:model/:record_id',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      const ctx = await staffContext(services, session);
      const { model, record_id: id } = request.params;
      if (!isModel(model)) throw new DomainError('resource_not_found', `No custom fields on '${model}'.`);
      const f = form(request);
      const returnTo = backTo(one(f.return_to));
      const { defs, values } = await addons.recordFields(ctx, model, id);
      const patch: Record<string, unknown> = {};
      const clear = new Set(list(f.clear));
      const typed: Record<string, unknown> = { ...values };
      for (const d of defs) {
        const key = `cf.${d.code}`;
        if (d.readOnly || !(key in f)) continue;
        const raw = one(f[key]);
        if (d.secret && clear.has(d.code)) {
          patch[d.code] = null;
          continue;
        }
        if (d.secret && !raw.trim()) continue; // write-only: an empty box keeps the value
        patch[d.code] = fieldValueOf(d, raw);
        typed[d.code] = raw;
      }
      try {
        await addons.writeCustomFields(ctx, model, id, patch, null);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code === 'resource_not_found') throw err;
        const panel = customFieldsPanel({
          model,
          recordId: id,
          defs,
          values: typed,
          csrf: reply.generateCsrf(),
          returnTo,
          error: refusal(err),
        });
        const page = layout(
          { title: 'Custom fields', session, csrf: reply.generateCsrf() },
          html`<nav class="crumbs"><a href="${returnTo}">Back</a></nav><h1>${MODEL_WORDS[model]} ${id}</h1>${panel}`,
        );
        return reply.code(statusOf(err)).type('text/html; charset=utf-8').send(page);
      }
      const sep = returnTo.includes('?') ? '&' : '?';
      return reply.redirect(`${returnTo}${sep}done=custom-fields#custom-fields-${model}`, 303);
    },
  );

  async function settingsPage(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    extra: { notice?: string; error?: string; typed?: Record<string, string> } = {},
    status = 200,
  ) {
    const fields = await addons.allFieldDefinitions(ctx);
    const t = extra.typed ?? {};
    const page = layout(
      { title: 'Custom fields', session, csrf: reply.generateCsrf() },
      html`<nav class="crumbs">Settings › Custom fields</nav>
      <h1>Custom fields</h1>
      <p class="lead">Extra fields on rentals, units, unit types, sites, contacts, invoices and the operator. Add-ons define their own; these are yours too. Customers see a field in the portal when it says so.</p>
      ${extra.notice ? html`<div class="notice" role="status">${extra.notice}</div>` : ''}
      <section class="card" id="defined">
        ${
          fields.length
            ? html`<table><thead><tr><th>Record</th><th>Code</th><th>Title</th><th>Type</th><th>Customer</th><th>Defined by</th></tr></thead><tbody>
              ${fields.map(
                (
                  x,
                ) => html`<tr data-field="${x.model}.${x.def.code}"><td>${MODEL_WORDS[x.model] ?? x.model}</td><td><code>${x.def.code}</code></td>
                <td>${fieldTitle(x.def)}</td><td>${x.def.type}${x.def.secret ? ' (secret)' : ''}</td>
                <td>${x.def.ownerAcl ?? 'none'}</td><td>${x.definedBy}</td></tr>`,
              )}</tbody></table>`
            : html`<p class="empty">No custom fields yet.</p>`
        }
      </section>
      <section class="card" id="define">
        <header><h2>Add a field</h2></header>
        ${extra.error ? html`<div class="error" role="alert">${extra.error}</div>` : ''}
        <form method="post" action="${SETTINGS}">
          <input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
          <label for="cf-model">Record</label>
          <select id="cf-model" name="model">${CUSTOM_FIELD_MODELS.map((m) => html`<option value="${m}" ${t.model === m ? html`selected` : ''}>${MODEL_WORDS[m]}</option>`)}</select>
          <label for="cf-code">Code (letters, digits and _)</label>
          <input type="text" id="cf-code" name="code" required maxlength="64" value="${t.code ?? ''}">
          <label for="cf-title">Title</label>
          <input type="text" id="cf-title" name="title" maxlength="200" value="${t.title ?? ''}">
          <label for="cf-type">Type</label>
          <select id="cf-type" name="type">${CUSTOM_FIELD_TYPES.map((x) => html`<option value="${x}" ${t.type === x ? html`selected` : ''}>${x}</option>`)}</select>
          <label for="cf-choices">Choices (comma-separated, for a choice field)</label>
          <input type="text" id="cf-choices" name="choices" value="${t.choices ?? ''}">
          <label for="cf-acl">What the customer may do in the portal</label>
          <select id="cf-acl" name="owner_acl">
            ${['none', 'read', 'write'].map((x) => html`<option value="${x}" ${t.owner_acl === x ? html`selected` : ''}>${x === 'none' ? 'Nothing (staff only)' : x === 'read' ? 'See it' : 'See and change it'}</option>`)}
          </select>
          <div class="row"><button type="submit" class="primary">Add field</button></div>
        </form>
      </section>`,
    );
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  app.get(SETTINGS, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const done = one((request.query as Record<string, string>).done);
    return settingsPage(reply, session, await staffContext(services, session), {
      notice: done ? `The field ${done} was added.` : undefined,
    });
  });

  app.post(SETTINGS, { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const f = form(request);
    const typed = Object.fromEntries(
      ['model', 'code', 'title', 'type', 'choices', 'owner_acl'].map((k) => [k, one(f[k])]),
    );
    const choices = typed.choices
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      const model = typed.model as CustomFieldModel;
      const def = await addons.defineField(ctx, model, {
        code: typed.code.trim(),
        title: typed.title.trim() || typed.code.trim(),
        type: typed.type,
        ...(choices.length ? { choices } : {}),
        ...(typed.owner_acl && typed.owner_acl !== 'none' ? { ownerAcl: typed.owner_acl } : {}),
      });
      return reply.redirect(`${SETTINGS}?done=${encodeURIComponent(`${model}.${def.code}`)}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return settingsPage(reply, session, ctx, { error: refusal(err), typed }, statusOf(err));
    }
  });
}
