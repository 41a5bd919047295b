import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { conflict, DomainError, invalidContent, notFound } from '../../kernel/errors.ts';
import { randomBytes, randomToken } from '../../kernel/ids.ts';
import { SCOPES } from '../../kernel/scopes.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import type { EventRow } from '../../storage/repos/events.repo.ts';
import * as repo from '../../storage/repos/addons.repo.ts';
import { systemPrincipal, type OperatorContext, type Principal } from '../context.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { ContextsService } from '../operators/contexts.service.ts';
import type { TasksService } from '../tasks/tasks.service.ts';
import type { EmailsService } from '../email/emails.service.ts';
import type { UnitTransfer } from '../catalogue/unit-actions.service.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import {
  ADDON_DAILY_EVENT,
  ADDON_DAILY_JOB,
  nextLocalMidnight,
  ADDON_DELIVERY_JOB,
  type AddonDefinition,
  type AddonInstall,
  type AddonState,
  type CustomFieldDef,
  type CustomFieldModel,
  SealedFieldValue,
  SECRET_MASK,
} from './addon.ts';
import { addonEventsOf, type AddonEvent } from './addon-events.ts';
import { isModel, parseDefinition, parseFieldDef } from './addon-definition.ts';
import { hashApiKey, type Sealer } from './sealing.ts';
import { codeTaken, customFieldRecord } from './custom-fields.ts';
import { WEBTASK_TIMEOUT_MS, type WebtaskRunner } from './webtask.ts';

export interface AddonsDeps {
  db: Db;
  clock: Clock;
  contexts: ContextsService;
  jobs: JobsService;
  tasks: TasksService;
  /** Alert receivers are told through the email engine when a run of failures starts. */
  emails?: EmailsService;
  sealer: Sealer;
  /** `<public url>/api`: the `apiUrl` of every delivery and install. */
  apiUrl: string;
  webtasks?: WebtaskRunner;
  /**
   * Told after an install commits, with the values shown once: Lockyard's own add-ons keep theirs this way, where a
   * partner would be handed them by the operator (main.ts wires src/addons-builtin).
   */
  onInstalled?: (definitionId: string, creds: InstalledCredentials) => Promise<void>;
}

export interface InstalledCredentials {
  addonId: string;
  apiKey: string;
  signatureSecret: string;
  apiUrl: string;
}

/** Alert receivers an operator may set (Settings → Add-ons). */
export const MAX_ALERT_RECEIVERS = 10;

/** Storeganise ids are 24 hex digits; add-ons written for it check that shape on addonId and envelope ids. */
const objectId = () => randomBytes(12).toString('hex');

/** An add-on acting through its own API key: tasks it opens name it as their creator. */
export function addonPrincipal(addonId: string): Principal {
  return {
    kind: 'system',
    tokenId: null,
    applicationId: addonId,
    grantId: null,
    staffId: null,
    staffUserId: null,
    system: 'jobs',
    scopes: new Set(SCOPES),
  };
}

/** The install as the back office and the CLI show it: secret values never, only whether they are set. */
export interface StaffAddonView {
  addonId: string;
  definitionId: string;
  name: string;
  operatorId: string;
  siteId: string | null;
  state: AddonState;
  customFields: Record<string, unknown>;
  secretFieldsSet: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AuthenticatedAddon {
  install: AddonInstall;
  definition: AddonDefinition;
}

export function addonsService(deps: AddonsDeps) {
  const { db, clock, sealer, jobs } = deps;

  async function mustDefinition(h: Handle, id: string): Promise<AddonDefinition> {
    return (await repo.findDefinition(h, id)) ?? notFound('addon_definition', id);
  }

  async function mustInstall(h: Handle, ctx: OperatorContext, addonId: string, lock = false) {
    const found = await repo.findInstall(h, addonId, lock);
    if (!found || found.install.operatorId !== ctx.operator.id) notFound('addon', addonId);
    return found;
  }

  const openSecrets = (sealed: string | null): Record<string, unknown> =>
    sealed ? JSON.parse(sealer.open(sealed)) : {};

  /** Splits custom-field values into plain and secret ones, checking codes against the definition. */
  function splitSettings(def: AddonDefinition, values: Record<string, unknown>) {
    const plain: Record<string, unknown> = {};
    const secret: Record<string, unknown> = {};
    for (const [code, value] of Object.entries(values)) {
      const f = def.customFields.find((c) => c.code === code);
      if (!f) throw invalidContent(`/customFields/${code}`, `'${def.name}' has no custom field '${code}'`);
      if (value !== null && typeof value === 'object')
        throw invalidContent(`/customFields/${code}`, 'must be a string, number or boolean');
      if (f.choices && value !== null && !f.choices.includes(String(value)))
        throw invalidContent(`/customFields/${code}`, `must be one of ${f.choices.join(', ')}`);
      (f.secret ? secret : plain)[code] = value;
    }
    return { plain, secret };
  }

  const merge = (current: Record<string, unknown>, patch: Record<string, unknown>) => {
    const out = { ...current };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') delete out[k];
      else out[k] = v;
    }
    return out;
  };

  function staffView(def: AddonDefinition, install: AddonInstall, secretSealed: string | null): StaffAddonView {
    return {
      addonId: install.id,
      definitionId: def.id,
      name: def.name,
      operatorId: install.operatorId,
      siteId: install.siteId,
      state: install.state,
      customFields: install.settings,
      secretFieldsSet: Object.keys(openSecrets(secretSealed)).sort(),
      createdAt: install.createdAt,
      updatedAt: install.updatedAt,
    };
  }

  async function log(operatorId: string, addonId: string, level: string, message: string, h: Handle = db) {
    await repo.insertLog(h, {
      id: objectId(),
      operatorId,
      addonId,
      level,
      message: message.slice(0, 4000),
      createdAt: clock.now(),
    });
  }

  async function ensureCustomField(
    ctx: OperatorContext,
    addonId: string | null,
    model: unknown,
    defInput: unknown,
  ): Promise<{ created: boolean }> {
    if (!isModel(model)) throw invalidContent('/model', `unknown model '${String(model)}'`);
    const def = parseFieldDef(defInput, '/def');
    const created = await withTransaction(db, (tx) =>
      repo.ensureFieldDefinition(tx, ctx.operator.id, model, def, addonId, ctx.now()),
    );
    return { created };
  }

  /** Runs the definition's `installed` webtask for an install; its output goes to the add-on's log. */
  async function runInstalledWebtask(ctx: OperatorContext, def: AddonDefinition, install: AddonInstall) {
    const source = def.webtasks.installed;
    if (!source || !deps.webtasks) return null;
    const outcome = await deps.webtasks(
      source,
      { addonId: install.id, operatorId: install.operatorId, siteId: install.siteId, hook: 'installed' },
      {
        ensureCustomField: async (model, fieldDef) => {
          const r = await ensureCustomField(ctx, install.id, model, fieldDef);
          await log(
            install.operatorId,
            install.id,
            'info',
            `ensureCustomField ${model}.${fieldDef?.code}: ${r.created ? 'created' : 'exists'}`,
          );
          return r;
        },
      },
      { timeoutMs: WEBTASK_TIMEOUT_MS },
    );
    for (const l of outcome.logs) await log(install.operatorId, install.id, l.level, `webtask: ${l.message}`);
    if (!outcome.ok) await log(install.operatorId, install.id, 'error', `webtask installed failed: ${outcome.error}`);
    return outcome;
  }

  /** Queues one delivery per subscribed, enabled install, in the caller's transaction. */
  async function enqueue(tx: Tx, ctx: OperatorContext, events: AddonEvent[], except?: string) {
    for (const e of events) {
      const installs = await repo.subscribedInstalls(tx, ctx.operator.id, e.type, e.siteId);
      const rows = installs
        .filter((i) => i.id !== except)
        .map((i) => {
          const id = objectId();
          const envelope = {
            id,
            created: ctx.now().toISOString(),
            type: e.type,
            data: e.data,
            apiUrl: deps.apiUrl,
            addonId: i.id,
          };
          return {
            id,
            operatorId: ctx.operator.id,
            addonId: i.id,
            type: e.type,
            body: JSON.stringify(envelope),
            createdAt: ctx.now(),
          };
        });
      if (!rows.length) continue;
      await repo.insertDeliveries(tx, rows);
      await jobs.enqueue(
        tx,
        rows.map((r) => ({
          kind: ADDON_DELIVERY_JOB,
          operatorId: r.operatorId,
          groupKey: r.addonId,
          payload: { delivery_id: r.id },
          runAt: clock.now(),
          clockOffsetMs: ctx.operator.clockOffsetMs,
        })),
      );
    }
  }

  /** The operator's daily job, due at its next local midnight, unless it is already waiting. */
  async function scheduleDaily(tx: Tx, ctx: OperatorContext) {
    if (await repo.hasPendingJob(tx, ADDON_DAILY_JOB, ctx.operator.id)) return;
    const at = nextLocalMidnight(ctx.now(), ctx.operator.timezone);
    await jobs.enqueue(tx, [
      {
        kind: ADDON_DAILY_JOB,
        operatorId: ctx.operator.id,
        runAt: new Date(at.getTime() - ctx.operator.clockOffsetMs),
        clockOffsetMs: ctx.operator.clockOffsetMs,
      },
    ]);
  }

  /**
   * A patch's secret fields sealed for storage. An unchanged value is left out (sealing twice never gives the same
   * text); only staff and the add-on that defined a field may write it.
   */
  async function sealSecrets(
    tx: Tx,
    ctx: OperatorContext,
    model: CustomFieldModel,
    recordId: string,
    patch: Record<string, unknown>,
    codes: string[],
    byAddon: string | null,
  ): Promise<Record<string, unknown>> {
    const out = { ...patch };
    const owners = await repo.fieldOwners(tx, ctx.operator.id, model);
    const current = (await repo.fieldValues(tx, ctx.operator.id, model, [recordId])).get(recordId) ?? {};
    for (const code of codes) {
      if (byAddon && owners.get(code) !== byAddon)
        throw invalidContent(`/customFields/${code}`, "is another add-on's secret field");
      const v = patch[code];
      if (v === null) continue;
      if (Array.isArray(v))
        throw invalidContent(`/customFields/${code}`, 'a secret field holds a string, number or boolean');
      const was = current[code];
      if (was instanceof SealedFieldValue && sealer.open(was.sealed) === JSON.stringify(v)) delete out[code];
      else out[code] = new SealedFieldValue(sealer.seal(JSON.stringify(v)));
    }
    return out;
  }

  return {
    /**
     * The daily tick (addon-daily.job.ts): `addon.dailyEvent.started` with the operator's local date to each
     * enabled install subscribed to it. Returns the operator's time zone to schedule the next one, or null when no
     * install wants it any more (the job ends; enabling one starts it again).
     */
    async dailyTick(tx: Tx, operatorId: string, now: Date): Promise<string | null> {
      const ctx = await deps.contexts.contextFor(operatorId, systemPrincipal('jobs'), tx).catch(() => null);
      if (!ctx) return null;
      if (!(await repo.subscribedInstalls(tx, operatorId, ADDON_DAILY_EVENT, null)).length) return null;
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.operator.timezone }).format(now);
      await enqueue(tx, ctx, [{ type: ADDON_DAILY_EVENT, data: { date }, siteId: null }]);
      return ctx.operator.timezone;
    },

    /** Emit hook (services.ts): Lockyard events mapped onto the Storeganise events installs subscribe to. */
    async fanOut(tx: Tx, ctx: OperatorContext, event: EventRow): Promise<void> {
      if (!(await repo.hasEnabledInstalls(tx, event.operatorId))) return;
      await enqueue(tx, ctx, await addonEventsOf(tx, event));
    },

    /**
     * A back-office transfer (unitActions.transfer), in its transaction: `job.unit_transfer.completed`. Lockyard's
     * rental is the tenancy, which keeps its id across a transfer, so `oldRentalId` and `newRentalId` are the same
     * id; the units say what moved (docs/decisions/addons.md).
     */
    async unitTransferred(tx: Tx, ctx: OperatorContext, t: UnitTransfer): Promise<void> {
      if (!(await repo.hasEnabledInstalls(tx, ctx.operator.id))) return;
      const data = {
        oldRentalId: t.tenancyId,
        newRentalId: t.tenancyId,
        oldUnitId: t.fromUnitId,
        newUnitId: t.toUnitId,
      };
      await enqueue(tx, ctx, [{ type: 'job.unit_transfer.completed', data, siteId: t.siteId }]);
    },

    async createDefinition(input: unknown): Promise<AddonDefinition> {
      const parsed = parseDefinition(input);
      const now = clock.now();
      const def: AddonDefinition = { id: `addon_${objectId()}`, ...parsed, createdAt: now, updatedAt: now };
      await withTransaction(db, (tx) => repo.insertDefinition(tx, def));
      return def;
    },

    /** A definition shipped with Lockyard (src/addons-builtin), created or brought up to date under its fixed id. */
    async ensureDefinition(id: string, input: unknown): Promise<AddonDefinition> {
      const parsed = parseDefinition(input);
      const now = clock.now();
      const def: AddonDefinition = { id, ...parsed, createdAt: now, updatedAt: now };
      await withTransaction(db, (tx) => repo.upsertDefinition(tx, def));
      return def;
    },

    getDefinition: (id: string) => mustDefinition(db, id),
    listDefinitions: () => repo.listDefinitions(db),

    /**
     * Installs a definition for the operator (or one site): `paused`, with an API key and a signing secret returned
     * once. The `installed` webtask runs after the install commits.
     */
    async install(
      ctx: OperatorContext,
      input: { definitionId: string; siteId?: string | null; customFields?: Record<string, unknown> },
    ) {
      const def = await mustDefinition(db, input.definitionId);
      const siteId = input.siteId ?? null;
      if (def.level === 'site' && !siteId)
        throw invalidContent('/site', `'${def.name}' is installed per site: name the site`);
      if (siteId && !(await findSites(db, ctx.operator.id, [siteId])).length) notFound('site', siteId);
      const { plain, secret } = splitSettings(def, input.customFields ?? {});
      const apiKey = randomToken(24);
      const signatureSecret = randomToken(32);
      const now = ctx.now();
      const install: AddonInstall = {
        id: objectId(),
        operatorId: ctx.operator.id,
        definitionId: def.id,
        siteId,
        state: 'paused',
        settings: merge({}, plain),
        createdAt: now,
        updatedAt: now,
      };
      const secrets = merge({}, secret);
      await withTransaction(db, (tx) =>
        repo.insertInstall(tx, install, {
          apiKeyHash: hashApiKey(apiKey),
          signatureSecretSealed: sealer.seal(signatureSecret),
          secretSettingsSealed: Object.keys(secrets).length ? sealer.seal(JSON.stringify(secrets)) : null,
        }),
      );
      await log(install.operatorId, install.id, 'info', `installed (${def.name}), state paused`);
      await deps.onInstalled?.(def.id, { addonId: install.id, apiKey, signatureSecret, apiUrl: deps.apiUrl });
      const webtask = await runInstalledWebtask(ctx, def, install);
      return { install, apiKey, signatureSecret, apiUrl: deps.apiUrl, webtask };
    },

    /** Sets custom-field values (`null` or '' clears); secret ones are sealed. The `installed` webtask runs again. */
    async configure(ctx: OperatorContext, addonId: string, values: Record<string, unknown>): Promise<StaffAddonView> {
      const { def, install, sealed } = await withTransaction(db, async (tx) => {
        const found = await mustInstall(tx, ctx, addonId, true);
        const def = await mustDefinition(tx, found.install.definitionId);
        const { plain, secret } = splitSettings(def, values);
        const settings = merge(found.install.settings, plain);
        const secrets = merge(openSecrets(found.sealed.secretSettingsSealed), secret);
        const sealedSecrets = Object.keys(secrets).length ? sealer.seal(JSON.stringify(secrets)) : null;
        await repo.updateInstall(tx, addonId, { settings, secretSettingsSealed: sealedSecrets }, ctx.now());
        return { def, install: { ...found.install, settings, updatedAt: ctx.now() }, sealed: sealedSecrets };
      });
      await log(install.operatorId, install.id, 'info', `configured: ${Object.keys(values).sort().join(', ')}`);
      await runInstalledWebtask(ctx, def, install);
      return staffView(def, install, sealed);
    },

    /** disabled / paused / enabled; enabling needs every required custom field set. */
    async setState(ctx: OperatorContext, addonId: string, state: AddonState): Promise<StaffAddonView> {
      return withTransaction(db, async (tx) => {
        const found = await mustInstall(tx, ctx, addonId, true);
        const def = await mustDefinition(tx, found.install.definitionId);
        if (state === 'enabled') {
          const secrets = openSecrets(found.sealed.secretSettingsSealed);
          const missing = def.customFields
            .filter((f) => f.required && found.install.settings[f.code] == null && secrets[f.code] == null)
            .map((f) => f.code);
          if (missing.length)
            throw conflict(`Set the required custom fields before enabling '${def.name}': ${missing.join(', ')}.`);
        }
        await repo.updateInstall(tx, addonId, { state }, ctx.now());
        await log(ctx.operator.id, addonId, 'info', `state ${found.install.state} → ${state}`, tx);
        if (state === 'enabled' && def.events.includes(ADDON_DAILY_EVENT)) await scheduleDaily(tx, ctx);
        return staffView(def, { ...found.install, state, updatedAt: ctx.now() }, found.sealed.secretSettingsSealed);
      });
    },

    async list(ctx: OperatorContext): Promise<StaffAddonView[]> {
      const installs = await repo.listInstalls(db, ctx.operator.id);
      const out: StaffAddonView[] = [];
      for (const i of installs) {
        const found = (await repo.findInstall(db, i.id))!;
        out.push(staffView(await mustDefinition(db, i.definitionId), i, found.sealed.secretSettingsSealed));
      }
      return out;
    },

    async get(ctx: OperatorContext, addonId: string): Promise<StaffAddonView> {
      const found = await mustInstall(db, ctx, addonId);
      return staffView(
        await mustDefinition(db, found.install.definitionId),
        found.install,
        found.sealed.secretSettingsSealed,
      );
    },

    /**
     * Removes the install: its key stops working at once, no more deliveries. Its deliveries and log go with it;
     * the custom fields it defined and the values written to them stay (they are the operator's records now).
     */
    async uninstall(ctx: OperatorContext, addonId: string): Promise<void> {
      await withTransaction(db, async (tx) => {
        await mustInstall(tx, ctx, addonId, true);
        await repo.deleteInstall(tx, addonId);
      });
    },

    /** Sends a delivery again, the same envelope (add-ons deduplicate on its id), with a fresh set of retries. */
    async resend(ctx: OperatorContext, addonId: string, deliveryId: string): Promise<void> {
      await withTransaction(db, async (tx) => {
        const found = await mustInstall(tx, ctx, addonId, true);
        const d = (await repo.listDeliveries(tx, addonId, 1, deliveryId))[0] ?? notFound('addon_delivery', deliveryId);
        if (found.install.state !== 'enabled')
          throw conflict(`The add-on is ${found.install.state}: enable it before resending (no webhooks otherwise).`);
        if (d.status === 'pending') throw conflict(`Delivery '${d.id}' is still being sent.`);
        await repo.updateDelivery(
          tx,
          d.id,
          { status: 'pending', attemptCount: 0, lastStatusCode: null, lastError: null },
          ctx.now(),
        );
        await jobs.enqueue(tx, [
          {
            kind: ADDON_DELIVERY_JOB,
            operatorId: ctx.operator.id,
            groupKey: addonId,
            payload: { delivery_id: d.id },
            runAt: clock.now(),
            clockOffsetMs: ctx.operator.clockOffsetMs,
          },
        ]);
        await log(ctx.operator.id, addonId, 'info', `resend ${d.type} (${d.id})`, tx);
      });
    },

    deliveries: async (ctx: OperatorContext, addonId: string) => {
      await mustInstall(db, ctx, addonId);
      return repo.listDeliveries(db, addonId);
    },

    logs: async (ctx: OperatorContext, addonId: string) => {
      await mustInstall(db, ctx, addonId);
      return repo.listLogs(db, addonId);
    },

    /**
     * `Authorization: Addon {addonId}|{apiKey}`: the install, unless the key is wrong or the install disabled
     * (`forbidden`: disabled add-ons have no API access).
     */
    async authenticate(addonId: string, apiKey: string): Promise<AuthenticatedAddon | null> {
      if (!/^[0-9a-f]{24}$/.test(addonId)) return null;
      const found = await repo.findInstall(db, addonId);
      if (!found) return null;
      const a = Buffer.from(hashApiKey(apiKey));
      const b = Buffer.from(found.sealed.apiKeyHash);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
      if (found.install.state === 'disabled')
        throw new DomainError('forbidden', 'This add-on is disabled: it has no API access.');
      return { install: found.install, definition: await mustDefinition(db, found.install.definitionId) };
    },

    /** The add-on's own view (`GET addons/{addonId}`): the only place secret values are returned. */
    async selfView(addonId: string) {
      const found = (await repo.findInstall(db, addonId))!;
      const def = await mustDefinition(db, found.install.definitionId);
      return {
        id: found.install.id,
        addonId: found.install.id,
        definitionId: def.id,
        name: def.name,
        state: found.install.state,
        siteId: found.install.siteId,
        customFields: { ...found.install.settings, ...openSecrets(found.sealed.secretSettingsSealed) },
        created: found.install.createdAt.toISOString(),
        updated: found.install.updatedAt.toISOString(),
      };
    },

    /** Which operator an install belongs to (the CLI names installs by addonId alone). */
    operatorOf: async (addonId: string): Promise<string | null> =>
      (await repo.findInstall(db, addonId))?.install.operatorId ?? null,

    /** The context an add-on's API calls act in. */
    contextOf: (install: AddonInstall) => deps.contexts.contextFor(install.operatorId, addonPrincipal(install.id)),

    ensureCustomField,

    /**
     * Records' fields as an add-on reads them: a secret field's value only for the add-on that defined it (opened),
     * left out for every other reader.
     */
    async customFieldsOf(h: Handle, ctx: OperatorContext, model: CustomFieldModel, ids: string[], reader: string) {
      const [values, owners] = await Promise.all([
        repo.fieldValues(h, ctx.operator.id, model, ids),
        repo.fieldOwners(h, ctx.operator.id, model),
      ]);
      for (const record of values.values())
        for (const [code, v] of Object.entries(record)) {
          if (!(v instanceof SealedFieldValue)) continue;
          if (owners.get(code) === reader) record[code] = JSON.parse(sealer.open(v.sealed));
          else delete record[code];
        }
      return values;
    },

    /** The fields defined on a model, in the order they were defined. */
    fieldDefinitions: (ctx: OperatorContext, model: CustomFieldModel) =>
      repo.findFieldDefinitions(db, ctx.operator.id, model),

    /** Every field of the operator with who defined it (Settings → Custom fields). */
    async allFieldDefinitions(ctx: OperatorContext) {
      const rows = await repo.listFieldDefinitions(db, ctx.operator.id);
      const names = new Map<string, string>();
      for (const i of await repo.listInstalls(db, ctx.operator.id))
        names.set(i.id, (await repo.findDefinition(db, i.definitionId))?.name ?? i.id);
      return rows.map((r) => ({
        ...r,
        model: r.model as CustomFieldModel,
        definedBy: r.addonId ? (names.get(r.addonId) ?? `add-on ${r.addonId}`) : 'Operator',
      }));
    },

    /** An operator-defined field (the back office): a code already used on the model is a conflict. */
    async defineField(ctx: OperatorContext, model: unknown, defInput: unknown): Promise<CustomFieldDef> {
      if (!isModel(model)) throw invalidContent('/model', `unknown model '${String(model)}'`);
      const def = parseFieldDef(defInput, '');
      const created = await withTransaction(db, (tx) =>
        repo.ensureFieldDefinition(tx, ctx.operator.id, model, def, null, ctx.now()),
      );
      if (!created) codeTaken(model, def.code);
      return def;
    },

    /** One record's fields and values (the back office panel; the portal filters by `ownerAcl`). */
    async recordFields(ctx: OperatorContext, model: CustomFieldModel, recordId: string) {
      await customFieldRecord(db, ctx, model, recordId);
      const [defs, values] = await Promise.all([
        repo.findFieldDefinitions(db, ctx.operator.id, model),
        repo.fieldValues(db, ctx.operator.id, model, [recordId]),
      ]);
      // Secret values are never shown back to staff (nor to the portal): only that one is set.
      const shown = Object.fromEntries(
        Object.entries(values.get(recordId) ?? {}).map(([k, v]) => [
          k,
          v instanceof SealedFieldValue ? SECRET_MASK : v,
        ]),
      );
      return { defs, values: shown };
    },

    /**
     * Merge-writes custom fields on a record (`null` clears). Codes must be defined on the model. A changed rental
     * tells the other installs `unitRental.updated` with `changedKeys`.
     */
    async writeCustomFields(
      ctx: OperatorContext,
      model: CustomFieldModel,
      recordOrId: { id: string; siteId: string | null } | string,
      patch: unknown,
      byAddon: string | null,
    ): Promise<string[]> {
      // Staff and the portal name the record by id: it must be the operator's (else not found).
      const record = typeof recordOrId === 'string' ? await customFieldRecord(db, ctx, model, recordOrId) : recordOrId;
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
        throw invalidContent('/customFields', 'must be an object of code to value');
      const defs = await repo.findFieldDefinitions(db, ctx.operator.id, model);
      for (const [code, v] of Object.entries(patch)) {
        const def: CustomFieldDef | undefined = defs.find((d) => d.code === code);
        if (!def) throw invalidContent(`/customFields/${code}`, `no custom field '${code}' is defined on ${model}`);
        if (v !== null && typeof v === 'object' && !Array.isArray(v))
          throw invalidContent(`/customFields/${code}`, 'must be a string, number, boolean, list or null');
        if (v !== null && def.choices?.length && !def.choices.includes(String(v)))
          throw invalidContent(`/customFields/${code}`, `must be one of ${def.choices.join(', ')}`);
        if (v !== null && def.type === 'number' && typeof v !== 'number')
          throw invalidContent(`/customFields/${code}`, 'must be a number');
      }
      const secretCodes = defs.filter((d) => d.secret && d.code in patch).map((d) => d.code);
      return withTransaction(db, async (tx) => {
        const write = secretCodes.length
          ? await sealSecrets(tx, ctx, model, record.id, patch as Record<string, unknown>, secretCodes, byAddon)
          : (patch as Record<string, unknown>);
        const changed = await repo.writeFieldValues(tx, ctx.operator.id, model, record.id, write, ctx.now());
        if (changed.length && model === 'unitRental')
          await enqueue(
            tx,
            ctx,
            [
              {
                type: 'unitRental.updated',
                data: { unitRentalId: record.id, changedKeys: changed.map((c) => `customFields.${c}`) },
                siteId: record.siteId,
              },
            ],
            byAddon ?? undefined,
          );
        return changed;
      });
    },

    /**
     * A delivery that failed for good opens an operator task and emails the alert receivers, in the settling
     * transaction.
     */
    async openFailureTask(tx: Tx, operatorId: string, addonId: string, addonName: string, message: string) {
      const ctx = await deps.contexts.contextFor(operatorId, addonPrincipal(addonId), tx);
      const title = `Errors in ${addonName}`;
      await log(operatorId, addonId, 'error', message, tx);
      // One task and one alert per run of failures, not one per failed delivery: a second failure while the task
      // is open adds nothing.
      if (await repo.openTaskBy(tx, operatorId, addonId, title)) return null;
      const task = await deps.tasks.createIn(tx, ctx, {
        title,
        description: `${message}\n\nSee Settings → Add-ons → ${addonName} for the delivery log and resend.`,
      });
      const to = await repo.findAlertReceivers(tx, operatorId);
      if (to.length && deps.emails)
        await deps.emails.toStaff(tx, ctx, {
          template: 'addon_alert',
          to,
          cause: task.id,
          data: { addon_name: addonName, addon_id: addonId, message, task_id: task.id },
        });
      return task;
    },

    /** Who is emailed when an add-on's delivery fails for good (Settings → Add-ons). */
    alertReceivers: (ctx: OperatorContext): Promise<string[]> => repo.findAlertReceivers(db, ctx.operator.id),

    /** Replaces the alert receivers: email addresses, separated by commas, spaces or lines; none clears them. */
    async setAlertReceivers(ctx: OperatorContext, input: string): Promise<string[]> {
      const receivers = [
        ...new Set(
          input
            .split(/[\s,;]+/)
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
        ),
      ];
      if (receivers.length > MAX_ALERT_RECEIVERS)
        throw invalidContent('/receivers', `at most ${MAX_ALERT_RECEIVERS} addresses`);
      receivers.forEach((r, i) => {
        if (r.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r))
          throw invalidContent(`/receivers/${i}`, `'${r.slice(0, 60)}' is not an email address`);
      });
      await withTransaction(db, (tx) => repo.saveAlertReceivers(tx, ctx.operator.id, receivers, ctx.now()));
      return receivers;
    },

    openSignatureSecret: (sealed: string) => sealer.open(sealed),

    /** A line in an add-on's log (custom-billing calls). */
    note: (operatorId: string, addonId: string, level: 'info' | 'error', message: string, h: Handle = db) =>
      log(operatorId, addonId, level, message, h),

    /** `POST jobs` `{type: "task"}` from an add-on: an operator task. */
    async createTask(ctx: OperatorContext, input: { title: string; desc: string | null; resourceId: string | null }) {
      return deps.tasks.create(ctx, { title: input.title, description: input.desc, resourceId: input.resourceId });
    },
  };
}

export type AddonsService = ReturnType<typeof addonsService>;
