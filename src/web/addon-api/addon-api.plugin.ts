import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, invalidContent } from '../../kernel/errors.ts';
import { statusOf, toDomainError } from '../../http/errors.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { AddonInstall, CustomFieldModel } from '../../domain/addons/addon.ts';
import type { AddonListQuery } from '../../domain/addons/addon-api.service.ts';
import {
  serializeInvoice,
  serializePayment,
  serializeRental,
  serializeSite,
  serializeUnit,
  serializeUser,
} from './addon-api.serialize.ts';

/**
 * The add-on API: the Storeganise `/v1/admin/...` resources add-ons call back with `Authorization: Addon
 * {addonId}|{apiKey}`, under `<public url>/api` (each delivery's `apiUrl`). Bare JSON (arrays for lists, no
 * envelope), errors as `{ error: { code, message, status } }`. A disabled install has no access; every record is
 * scoped to the install's operator (and site).
 */
export const ADDON_API_PREFIX = '/api/v1/admin';
const MAX_LIMIT = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    addon?: { install: AddonInstall; ctx: OperatorContext };
  }
}

function sendAddonError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const e = toDomainError(err, request);
  const status = statusOf(e);
  return reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(
      JSON.stringify({
        error: { code: e.code, status, message: e.message, ...(e.details.length ? { details: e.details } : {}) },
      }),
    );
}

type Q = Record<string, string | undefined>;

function listQuery(q: Q): AddonListQuery {
  const int = (k: string, def: number, max: number) => {
    const v = q[k];
    if (v === undefined || v === '') return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new DomainError('invalid_url_param', `${k} must be an integer from 0 to ${max}.`);
    return n;
  };
  let updatedAfter: Date | undefined;
  if (q.updatedAfter) {
    updatedAfter = new Date(q.updatedAfter);
    if (Number.isNaN(updatedAfter.getTime()))
      throw new DomainError('invalid_url_param', 'updatedAfter must be an ISO 8601 date-time.');
  }
  const ids = q.ids ? q.ids.split(',').filter(Boolean) : undefined;
  return { limit: Math.max(1, int('limit', 100, MAX_LIMIT)), offset: int('offset', 0, 10_000_000), updatedAfter, ids };
}

const includes = (q: Q) =>
  new Set(
    (q.include ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** The body of a PUT: only `customFields` can be written by add-ons today. */
function customFieldsBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DomainError('invalid_request', 'The request body must be a JSON object.');
  const extra = Object.keys(body).filter((k) => k !== 'customFields');
  if (extra.length) throw invalidContent(`/${extra[0]}`, 'add-ons can write customFields only');
  return (body as { customFields?: unknown }).customFields ?? {};
}

export async function addonApiPlugin(root: FastifyInstance) {
  const { services } = root.lockyard;
  const { addons, addonApi } = services;
  root.lockyard.surfaces.push({ prefixes: ['/api/'], handle: sendAddonError });

  await root.register(
    async (app) => {
      app.setErrorHandler(sendAddonError);
      app.setNotFoundHandler((request, reply) => sendAddonError(new DomainError('invalid_endpoint'), request, reply));

      app.addHook('onRequest', async (request) => {
        const header = request.headers.authorization ?? '';
        const m = /^Addon ([^|\s]+)\|(\S+)$/.exec(header);
        const found = m ? await addons.authenticate(m[1]!, m[2]!) : null;
        if (!found) throw new DomainError('invalid_token', 'Send Authorization: Addon {addonId}|{apiKey}.');
        request.addon = { install: found.install, ctx: await addons.contextOf(found.install) };
      });

      const who = (r: FastifyRequest) => r.addon!;
      const withFields = async <T extends { id: string }>(
        ctx: OperatorContext,
        model: CustomFieldModel,
        items: T[],
        want: boolean,
      ) => {
        if (!want) return items;
        const values = await addonApi.customFields(
          ctx,
          model,
          items.map((i) => i.id),
        );
        return items.map((i) => ({ ...i, customFields: values.get(i.id) ?? {} }));
      };

      /** Rentals with `include=unit,owner,customFields`. */
      async function rentalsOut(request: FastifyRequest, rows: Awaited<ReturnType<typeof addonApi.rentals>>) {
        const { install, ctx } = who(request);
        const inc = includes(request.query as Q);
        let out: Array<Record<string, unknown> & { id: string }> = await withFields(
          ctx,
          'unitRental',
          rows.map(serializeRental),
          inc.has('customFields'),
        );
        if (inc.has('unit')) {
          const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
          const units = await withFields(
            ctx,
            'unit',
            (await addonApi.units(install, { limit: unitIds.length || 1, offset: 0, ids: unitIds })).map(serializeUnit),
            inc.has('customFields'),
          );
          out = out.map((r) => ({ ...r, unit: units.find((u) => u.id === r.unitId) ?? null }));
        }
        if (inc.has('owner')) {
          const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
          const owners = await withFields(
            ctx,
            'user',
            (
              await addonApi.users(
                { ...install, siteId: null },
                { limit: ownerIds.length || 1, offset: 0, ids: ownerIds },
              )
            ).map(serializeUser),
            inc.has('customFields'),
          );
          out = out.map((r) => ({ ...r, owner: owners.find((u) => u.id === r.ownerId) ?? null }));
        }
        return out;
      }

      // The install itself: the only place its secret custom fields are returned, and only to itself.
      app.get<{ Params: { id: string } }>('/addons/:id', async (request) => {
        const { install } = who(request);
        if (request.params.id !== install.id)
          throw new DomainError('resource_not_found', `The requested addon '${request.params.id}' was not found.`);
        return addons.selfView(install.id);
      });

      app.get('/unit-rentals', async (request) => {
        const q = request.query as Q;
        const { install } = who(request);
        return rentalsOut(
          request,
          await addonApi.rentals(install, { ...listQuery(q), ownerId: q.ownerId ?? q.userId, unitId: q.unitId }),
        );
      });
      app.get<{ Params: { id: string } }>('/unit-rentals/:id', async (request) => {
        const row = await addonApi.rental(who(request).install, request.params.id);
        return (await rentalsOut(request, [row]))[0];
      });
      app.put<{ Params: { id: string } }>('/unit-rentals/:id', async (request) => {
        const { install, ctx } = who(request);
        const row = await addonApi.rental(install, request.params.id);
        await addonApi.writeCustomFields(
          ctx,
          install,
          'unitRental',
          { id: row.id, siteId: row.siteId },
          customFieldsBody(request.body),
        );
        const [out] = await withFields(ctx, 'unitRental', [serializeRental(row)], true);
        return out;
      });

      app.get('/units', async (request) => {
        const { install, ctx } = who(request);
        const q = request.query as Q;
        const rows = (await addonApi.units(install, listQuery(q))).filter((u) => !q.siteId || u.siteId === q.siteId);
        return withFields(ctx, 'unit', rows.map(serializeUnit), includes(q).has('customFields'));
      });
      app.get<{ Params: { id: string } }>('/units/:id', async (request) => {
        const { install, ctx } = who(request);
        const [out] = await withFields(
          ctx,
          'unit',
          [serializeUnit(await addonApi.unit(install, request.params.id))],
          includes(request.query as Q).has('customFields'),
        );
        return out;
      });
      app.put<{ Params: { id: string } }>('/units/:id', async (request) => {
        const { install, ctx } = who(request);
        const row = await addonApi.unit(install, request.params.id);
        await addonApi.writeCustomFields(
          ctx,
          install,
          'unit',
          { id: row.id, siteId: row.siteId },
          customFieldsBody(request.body),
        );
        const [out] = await withFields(ctx, 'unit', [serializeUnit(row)], true);
        return out;
      });

      app.get('/sites', async (request) => {
        const { install, ctx } = who(request);
        const q = request.query as Q;
        return withFields(
          ctx,
          'site',
          (await addonApi.sites(install, listQuery(q))).map(serializeSite),
          includes(q).has('customFields'),
        );
      });
      app.get<{ Params: { id: string } }>('/sites/:id', async (request) => {
        const { install, ctx } = who(request);
        const [out] = await withFields(
          ctx,
          'site',
          [serializeSite(await addonApi.site(install, request.params.id))],
          includes(request.query as Q).has('customFields'),
        );
        return out;
      });

      app.get('/users', async (request) => {
        const { install, ctx } = who(request);
        const q = request.query as Q;
        return withFields(
          ctx,
          'user',
          (await addonApi.users(install, listQuery(q))).map(serializeUser),
          includes(q).has('customFields'),
        );
      });
      app.get<{ Params: { id: string } }>('/users/:id', async (request) => {
        const { install, ctx } = who(request);
        const [out] = await withFields(
          ctx,
          'user',
          [serializeUser(await addonApi.user(install, request.params.id))],
          includes(request.query as Q).has('customFields'),
        );
        return out;
      });
      app.put<{ Params: { id: string } }>('/users/:id', async (request) => {
        const { install, ctx } = who(request);
        const row = await addonApi.user(install, request.params.id);
        await addonApi.writeCustomFields(
          ctx,
          install,
          'user',
          { id: row.id, siteId: null },
          customFieldsBody(request.body),
        );
        const [out] = await withFields(ctx, 'user', [serializeUser(row)], true);
        return out;
      });

      app.get('/invoices', async (request) => {
        const { install, ctx } = who(request);
        const q = request.query as Q;
        const rows = await addonApi.invoices(install, { ...listQuery(q), ownerId: q.ownerId ?? q.userId });
        return withFields(
          ctx,
          'invoice',
          rows.map((r) => serializeInvoice(r, ctx.operator.currency)),
          includes(q).has('customFields'),
        );
      });
      /** One invoice with the `payments` add-ons recorded on it. */
      async function invoiceOut(request: FastifyRequest, row: Awaited<ReturnType<typeof addonApi.invoice>>) {
        const { install, ctx } = who(request);
        const [out] = await withFields(
          ctx,
          'invoice',
          [serializeInvoice(row, ctx.operator.currency)],
          includes(request.query as Q).has('customFields'),
        );
        const payments = await addonApi.payments(install, row.id);
        return { ...out, payments: payments.map((p) => serializePayment(p, ctx.operator.currency)) };
      }
      app.get<{ Params: { id: string } }>('/invoices/:id', async (request) =>
        invoiceOut(request, await addonApi.invoice(who(request).install, request.params.id)),
      );
      // Records a payment (the reference's `{type, amount, method, date, notes}`, plus `reference`): 201, or 200 when
      // the same reference was recorded already for the same invoice and amount.
      app.post<{ Params: { id: string } }>('/invoices/:id/payments', async (request, reply) => {
        const { install, ctx } = who(request);
        const { created, invoice } = await addonApi.recordPayment(ctx, install, request.params.id, request.body);
        return reply.status(created ? 201 : 200).send(await invoiceOut(request, invoice));
      });

      app.post('/jobs', async (request, reply) => {
        const { install, ctx } = who(request);
        const task = await addonApi.createTask(ctx, install, request.body);
        return reply.status(201).send({
          id: task.id,
          type: 'task',
          state: task.status === 'open' ? 'ready' : 'completed',
          ownerId: null,
          data: {
            targetType:
              ({ contact: 'user', tenancy: 'unitRental', unit: 'unit' } as Record<string, string>)[
                task.resourceType ?? ''
              ] ?? 'addon',
            targetId: task.resourceId ?? install.id,
            title: task.title,
            desc: task.description,
          },
          created: task.createdAt.toISOString(),
          updated: task.updatedAt.toISOString(),
        });
      });
    },
    { prefix: ADDON_API_PREFIX },
  );
}
