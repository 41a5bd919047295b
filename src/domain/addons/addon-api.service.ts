import { invalidContent, notFound } from '../../kernel/errors.ts';
import type { Db } from '../../storage/database.ts';
import * as api from '../../storage/repos/addon-api.repo.ts';
import { relatedTypeOf } from '../references/references.ts';
import { withTransaction } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';
import type { AddonInstall, CustomFieldModel } from './addon.ts';
import type { AddonsService } from './addons.service.ts';
import { TASK_RESOURCE_TYPES } from '../tasks/task.ts';

/** What one add-on API list call asks for (the Storeganise conventions). */
export interface AddonListQuery {
  limit: number;
  offset: number;
  updatedAfter?: Date;
  ids?: string[];
}

/** Storeganise `targetType` of a task → the record kinds Lockyard tasks relate to. */
const TARGET_TYPES: Record<string, string> = { unit: 'unit', user: 'contact', unitRental: 'tenancy' };

/**
 * The reads and writes behind the add-on API, always inside one install's reach: its operator, and its site for a
 * site-level install. Another operator's (or site's) record is `resource_not_found`.
 */
export function addonApiService({ db, addons }: { db: Db; addons: AddonsService }) {
  const scope = (install: AddonInstall, q: AddonListQuery) => ({
    operatorId: install.operatorId,
    siteId: install.siteId,
    ...q,
  });
  const one = async <T>(rows: Promise<T[]>, kind: string, id: string): Promise<T> =>
    (await rows)[0] ?? notFound(kind, id);
  const byId = { limit: 1, offset: 0 };

  return {
    rentals: (i: AddonInstall, q: AddonListQuery & { ownerId?: string; unitId?: string }) =>
      api.listRentals(db, scope(i, q)),
    rental: (i: AddonInstall, id: string) => one(api.listRentals(db, scope(i, { ...byId, ids: [id] })), 'tenancy', id),
    units: (i: AddonInstall, q: AddonListQuery) => api.listUnits(db, scope(i, q)),
    unit: (i: AddonInstall, id: string) => one(api.listUnits(db, scope(i, { ...byId, ids: [id] })), 'unit', id),
    sites: (i: AddonInstall, q: AddonListQuery) => api.listSites(db, scope(i, q)),
    site: (i: AddonInstall, idOrCode: string) =>
      one(api.listSites(db, { ...scope(i, byId), ids: [idOrCode], codes: [idOrCode] }), 'site', idOrCode),
    users: (i: AddonInstall, q: AddonListQuery) => api.listUsers(db, scope(i, q)),
    user: (i: AddonInstall, idOrEmail: string) =>
      one(api.listUsers(db, { ...scope(i, byId), ids: [idOrEmail], emails: [idOrEmail] }), 'contact', idOrEmail),
    invoices: (i: AddonInstall, q: AddonListQuery & { ownerId?: string }) => api.listInvoices(db, scope(i, q)),
    invoice: (i: AddonInstall, id: string) =>
      one(api.listInvoices(db, scope(i, { ...byId, ids: [id] })), 'invoice', id),

    /** The values the calling add-on may read (its context names it: addonPrincipal). */
    customFields: (ctx: OperatorContext, model: CustomFieldModel, ids: string[]) =>
      addons.customFieldsOf(db, ctx, model, ids, ctx.principal.applicationId ?? ''),

    /** `PUT …/{id}` `{customFields}`: merge-write on a record the install can reach. */
    writeCustomFields: (
      ctx: OperatorContext,
      install: AddonInstall,
      model: CustomFieldModel,
      record: { id: string; siteId: string | null },
      patch: unknown,
    ) => addons.writeCustomFields(ctx, model, record, patch, install.id),

    /** `POST jobs` `{type: "task", data: {targetType, targetId, title, desc}}`: an open operator task. */
    async createTask(ctx: OperatorContext, install: AddonInstall, body: unknown) {
      const b = (body ?? {}) as { type?: unknown; data?: Record<string, unknown> };
      if (b.type !== 'task') throw invalidContent('/type', 'only "task" jobs can be created by add-ons');
      const data = b.data ?? {};
      if (typeof data.title !== 'string' || !data.title.trim()) throw invalidContent('/data/title', 'is required');
      const desc = data.desc == null ? null : String(data.desc);
      let resourceId: string | null = null;
      const kind = typeof data.targetType === 'string' ? TARGET_TYPES[data.targetType] : undefined;
      if (kind && typeof data.targetId === 'string' && data.targetId) {
        // Only a record of this install's operator: anything else is not found, as on every other route.
        const type = await withTransaction(db, (tx) =>
          relatedTypeOf(tx, ctx.operator.id, data.targetId as string, TASK_RESOURCE_TYPES, '/data/targetId'),
        );
        if (type !== kind) throw invalidContent('/data/targetId', `is not a ${data.targetType}`);
        resourceId = data.targetId as string;
      }
      const target = data.targetType === 'addon' ? `\n\n(add-on ${install.id})` : '';
      return addons.createTask(ctx, {
        title: data.title.slice(0, 255),
        desc: desc === null && !target ? null : `${desc ?? ''}${target}`.trim(),
        resourceId,
      });
    },
  };
}

export type AddonApiService = ReturnType<typeof addonApiService>;
