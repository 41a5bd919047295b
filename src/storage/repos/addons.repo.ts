import type {
  AddonDefinition,
  AddonDelivery,
  AddonDeliveryStatus,
  AddonInstall,
  AddonLogLine,
  AddonSealed,
  AddonState,
  CustomFieldDef,
} from '../../domain/addons/addon.ts';
import { SealedFieldValue } from '../../domain/addons/addon.ts';
import type { Handle, Row, Tx } from '../database.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toDefinition(r: Row<'addon_definitions'>): AddonDefinition {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    setupInstructions: r.setup_instructions,
    level: r.level as AddonDefinition['level'],
    webhookUrl: r.webhook_url,
    events: parsed(r.events),
    customFields: parsed(r.custom_fields),
    webtasks: parsed(r.webtasks),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toInstall(r: Row<'addon_installs'>): AddonInstall {
  return {
    id: r.id,
    operatorId: r.operator_id,
    definitionId: r.definition_id,
    siteId: r.site_id,
    state: r.state as AddonState,
    settings: parsed(r.settings),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const definitionColumns = (d: AddonDefinition) => ({
  name: d.name,
  description: d.description,
  setup_instructions: d.setupInstructions,
  level: d.level,
  webhook_url: d.webhookUrl,
  events: JSON.stringify(d.events),
  custom_fields: JSON.stringify(d.customFields),
  webtasks: JSON.stringify(d.webtasks),
  updated_at: d.updatedAt,
});

export async function insertDefinition(tx: Tx, d: AddonDefinition): Promise<void> {
  await tx
    .insertInto('addon_definitions')
    .values({ id: d.id, ...definitionColumns(d), created_at: d.createdAt })
    .execute();
}

/** Lockyard's own definitions, kept as shipped at each start (the webhook URL follows the public URL). */
export async function upsertDefinition(tx: Tx, d: AddonDefinition): Promise<void> {
  const values = definitionColumns(d);
  await tx
    .insertInto('addon_definitions')
    .values({ id: d.id, ...values, created_at: d.createdAt })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function findDefinition(h: Handle, id: string): Promise<AddonDefinition | null> {
  const r = await h.selectFrom('addon_definitions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDefinition(r) : null;
}

export async function listDefinitions(h: Handle): Promise<AddonDefinition[]> {
  return (await h.selectFrom('addon_definitions').selectAll().orderBy('created_at').orderBy('id').execute()).map(
    toDefinition,
  );
}

export async function insertInstall(tx: Tx, i: AddonInstall, sealed: AddonSealed): Promise<void> {
  forgetInTx(tx, 'addon_installs:');
  await tx
    .insertInto('addon_installs')
    .values({
      id: i.id,
      operator_id: i.operatorId,
      definition_id: i.definitionId,
      site_id: i.siteId,
      state: i.state,
      api_key_hash: sealed.apiKeyHash,
      signature_secret_sealed: sealed.signatureSecretSealed,
      secret_settings_sealed: sealed.secretSettingsSealed,
      settings: JSON.stringify(i.settings),
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    })
    .execute();
}

/** An install with its sealed credentials; `lock` takes the row for an update in `tx`. */
export async function findInstall(
  h: Handle,
  id: string,
  lock = false,
): Promise<{ install: AddonInstall; sealed: AddonSealed } | null> {
  let q = h.selectFrom('addon_installs').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    install: toInstall(r),
    sealed: {
      apiKeyHash: r.api_key_hash,
      signatureSecretSealed: r.signature_secret_sealed,
      secretSettingsSealed: r.secret_settings_sealed,
    },
  };
}

export async function listInstalls(h: Handle, operatorId: string): Promise<AddonInstall[]> {
  return (
    await h
      .selectFrom('addon_installs')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toInstall);
}

export async function updateInstall(
  tx: Tx,
  id: string,
  patch: { state?: AddonState; settings?: Record<string, unknown>; secretSettingsSealed?: string | null },
  now: Date,
): Promise<void> {
  forgetInTx(tx, 'addon_installs:');
  await tx
    .updateTable('addon_installs')
    .set({
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.settings ? { settings: JSON.stringify(patch.settings) } : {}),
      ...(patch.secretSettingsSealed !== undefined ? { secret_settings_sealed: patch.secretSettingsSealed } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Enabled installs of the operator that subscribe to `type`: operator-level ones, and site-level ones for `siteId`
 * (all site-level ones when the event has no site).
 */
export async function subscribedInstalls(
  tx: Tx,
  operatorId: string,
  type: string,
  siteId: string | null,
): Promise<Array<{ id: string; definitionId: string }>> {
  let q = tx
    .selectFrom('addon_installs')
    .innerJoin('addon_definitions', 'addon_definitions.id', 'addon_installs.definition_id')
    .select(['addon_installs.id', 'addon_installs.definition_id', 'addon_definitions.events'])
    .where('addon_installs.operator_id', '=', operatorId)
    .where('addon_installs.state', '=', 'enabled')
    .where('addon_definitions.webhook_url', 'is not', null);
  if (siteId)
    q = q.where((eb) => eb.or([eb('addon_installs.site_id', 'is', null), eb('addon_installs.site_id', '=', siteId)]));
  const rows = await q.orderBy('addon_installs.id').execute();
  return rows
    .filter((r) => parsed<string[]>(r.events).includes(type))
    .map((r) => ({ id: r.id, definitionId: r.definition_id }));
}

// Custom fields -----------------------------------------------------------------------------------------------

export async function findFieldDefinitions(h: Handle, operatorId: string, model: string): Promise<CustomFieldDef[]> {
  const rows = await h
    .selectFrom('custom_field_definitions')
    .select('definition')
    .where('operator_id', '=', operatorId)
    .where('model', '=', model)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return rows.map((r) => parsed(r.definition));
}

/** Which install defined each field of a model (null: the operator). */
export async function fieldOwners(h: Handle, operatorId: string, model: string): Promise<Map<string, string | null>> {
  const rows = await h
    .selectFrom('custom_field_definitions')
    .select(['code', 'addon_id'])
    .where('operator_id', '=', operatorId)
    .where('model', '=', model)
    .execute();
  return new Map(rows.map((r) => [r.code, r.addon_id]));
}

/** Every custom field of the operator, by model, with the add-on that defined it (null: the operator). */
export async function listFieldDefinitions(
  h: Handle,
  operatorId: string,
): Promise<Array<{ model: string; def: CustomFieldDef; addonId: string | null }>> {
  const rows = await h
    .selectFrom('custom_field_definitions')
    .select(['model', 'definition', 'addon_id'])
    .where('operator_id', '=', operatorId)
    .orderBy('model')
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ model: r.model, def: parsed<CustomFieldDef>(r.definition), addonId: r.addon_id }));
}

/** Creates the definition unless one with that code exists on the model; true when created. */
export async function ensureFieldDefinition(
  tx: Tx,
  operatorId: string,
  model: string,
  def: CustomFieldDef,
  addonId: string | null,
  now: Date,
): Promise<boolean> {
  const r = await tx
    .insertInto('custom_field_definitions')
    .values({
      operator_id: operatorId,
      model,
      code: def.code,
      definition: JSON.stringify(def),
      addon_id: addonId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['operator_id', 'model', 'code']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Values by record id, each an object keyed by code. */
export async function fieldValues(
  h: Handle,
  operatorId: string,
  model: string,
  recordIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!recordIds.length) return out;
  const rows = await h
    .selectFrom('custom_field_values')
    .select(['record_id', 'code', 'value'])
    .where('operator_id', '=', operatorId)
    .where('model', '=', model)
    .where('record_id', 'in', recordIds)
    .orderBy('code')
    .execute();
  for (const r of rows) {
    const o = out.get(r.record_id) ?? {};
    // Wrapped as {v}: a bare JSON string would be indistinguishable from unparsed JSON text. {s}: sealed (secret).
    const w = parsed<{ v?: unknown; s?: string }>(r.value);
    o[r.code] = typeof w.s === 'string' ? new SealedFieldValue(w.s) : w.v;
    out.set(r.record_id, o);
  }
  return out;
}

/** Merge-write: each key set, `null` deletes it. Returns the codes whose value changed. */
export async function writeFieldValues(
  tx: Tx,
  operatorId: string,
  model: string,
  recordId: string,
  patch: Record<string, unknown>,
  now: Date,
): Promise<string[]> {
  const current = (await fieldValues(tx, operatorId, model, [recordId])).get(recordId) ?? {};
  const changed: string[] = [];
  for (const [code, value] of Object.entries(patch)) {
    if (value === null) {
      if (code in current) {
        await tx
          .deleteFrom('custom_field_values')
          .where('operator_id', '=', operatorId)
          .where('model', '=', model)
          .where('record_id', '=', recordId)
          .where('code', '=', code)
          .execute();
        changed.push(code);
      }
      continue;
    }
    if (JSON.stringify(current[code]) === JSON.stringify(value)) continue;
    const stored = JSON.stringify(value instanceof SealedFieldValue ? { s: value.sealed } : { v: value });
    await tx
      .insertInto('custom_field_values')
      .values({
        operator_id: operatorId,
        model,
        record_id: recordId,
        code,
        value: stored,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['operator_id', 'model', 'record_id', 'code']).doUpdateSet({ value: stored, updated_at: now }),
      )
      .execute();
    changed.push(code);
  }
  return changed;
}

// Overdue rentals -----------------------------------------------------------------------------------------------

export async function markOverdue(tx: Tx, operatorId: string, tenancyId: string): Promise<boolean> {
  const r = await tx
    .insertInto('addon_overdue_rentals')
    .values({ operator_id: operatorId, tenancy_id: tenancyId })
    .onConflict((oc) => oc.columns(['operator_id', 'tenancy_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unmarkOverdue(tx: Tx, operatorId: string, tenancyId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('addon_overdue_rentals')
    .where('operator_id', '=', operatorId)
    .where('tenancy_id', '=', tenancyId)
    .executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}

// Deliveries and log ------------------------------------------------------------------------------------------

function toDelivery(r: Row<'addon_deliveries'>): AddonDelivery {
  return {
    id: r.id,
    operatorId: r.operator_id,
    addonId: r.addon_id,
    type: r.type,
    body: r.body,
    status: r.status as AddonDeliveryStatus,
    attemptCount: r.attempt_count,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertDeliveries(
  tx: Tx,
  rows: Array<{ id: string; operatorId: string; addonId: string; type: string; body: string; createdAt: Date }>,
): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('addon_deliveries')
    .values(
      rows.map((r) => ({
        id: r.id,
        operator_id: r.operatorId,
        addon_id: r.addonId,
        type: r.type,
        body: r.body,
        created_at: r.createdAt,
        updated_at: r.createdAt,
      })),
    )
    .execute();
}

export interface AddonDeliveryTarget {
  delivery: AddonDelivery;
  state: AddonState;
  url: string | null;
  signatureSecretSealed: string;
  addonName: string;
}

export async function deliveryTargets(h: Handle, ids: string[]): Promise<Map<string, AddonDeliveryTarget>> {
  const out = new Map<string, AddonDeliveryTarget>();
  if (!ids.length) return out;
  const rows = await h
    .selectFrom('addon_deliveries')
    .innerJoin('addon_installs', 'addon_installs.id', 'addon_deliveries.addon_id')
    .innerJoin('addon_definitions', 'addon_definitions.id', 'addon_installs.definition_id')
    .selectAll('addon_deliveries')
    .select([
      'addon_installs.state as install_state',
      'addon_installs.signature_secret_sealed',
      'addon_definitions.webhook_url',
      'addon_definitions.name as addon_name',
    ])
    .where('addon_deliveries.id', 'in', ids)
    .execute();
  for (const r of rows)
    out.set(r.id, {
      delivery: toDelivery(r),
      state: r.install_state as AddonState,
      url: r.webhook_url,
      signatureSecretSealed: r.signature_secret_sealed,
      addonName: r.addon_name,
    });
  return out;
}

export async function updateDelivery(
  tx: Tx,
  id: string,
  patch: { status: AddonDeliveryStatus; attemptCount: number; lastStatusCode: number | null; lastError: string | null },
  now: Date,
): Promise<void> {
  await tx
    .updateTable('addon_deliveries')
    .set({
      status: patch.status,
      attempt_count: patch.attemptCount,
      last_status_code: patch.lastStatusCode,
      last_error: patch.lastError,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function listDeliveries(h: Handle, addonId: string, limit = 100, id?: string): Promise<AddonDelivery[]> {
  let q = h.selectFrom('addon_deliveries').selectAll().where('addon_id', '=', addonId);
  if (id) q = q.where('id', '=', id);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toDelivery);
}

export async function insertLog(
  h: Handle,
  row: { id: string; operatorId: string; addonId: string; level: string; message: string; createdAt: Date },
): Promise<void> {
  await h
    .insertInto('addon_logs')
    .values({
      id: row.id,
      operator_id: row.operatorId,
      addon_id: row.addonId,
      level: row.level,
      message: row.message,
      created_at: row.createdAt,
    })
    .execute();
}

export async function listLogs(h: Handle, addonId: string, limit = 200): Promise<AddonLogLine[]> {
  const rows = await h
    .selectFrom('addon_logs')
    .select(['level', 'message', 'created_at'])
    .where('addon_id', '=', addonId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ level: r.level as AddonLogLine['level'], message: r.message, createdAt: r.created_at }));
}

export async function hasEnabledInstalls(h: Handle, operatorId: string): Promise<boolean> {
  // Asked for every event: inside a transaction, once (storage/tx-memo.ts).
  return memoInTx(h, `addon_installs:${operatorId}`, async () => {
    const r = await h
      .selectFrom('addon_installs')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('state', '=', 'enabled')
      .limit(1)
      .executeTakeFirst();
    return Boolean(r);
  });
}

/** An uninstall: the install row with its deliveries and log. */
export async function deleteInstall(tx: Tx, addonId: string): Promise<void> {
  await tx.deleteFrom('addon_deliveries').where('addon_id', '=', addonId).execute();
  await tx.deleteFrom('addon_logs').where('addon_id', '=', addonId).execute();
  await tx.deleteFrom('addon_installs').where('id', '=', addonId).execute();
}

/** The open task an add-on's failures already opened, if any: one "Errors in <add-on>" until staff complete it. */
export async function openTaskBy(h: Handle, operatorId: string, creatorId: string, title: string) {
  return h
    .selectFrom('tasks')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('creator_id', '=', creatorId)
    .where('title', '=', title)
    .where('status', '=', 'open')
    .limit(1)
    .executeTakeFirst();
}

/** Whether the operator's daily add-on job is already waiting (one per operator). */
export async function hasPendingJob(h: Handle, kind: string, operatorId: string): Promise<boolean> {
  const r = await h
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('operator_id', '=', operatorId)
    .where('state', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return Boolean(r);
}

// Alert receivers ---------------------------------------------------------------------------------------------

export async function findAlertReceivers(h: Handle, operatorId: string): Promise<string[]> {
  const r = await h
    .selectFrom('addon_alert_settings')
    .select('receivers')
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return r ? parsed<string[]>(r.receivers) : [];
}

export async function saveAlertReceivers(tx: Tx, operatorId: string, receivers: string[], now: Date): Promise<void> {
  const receiversJson = JSON.stringify(receivers);
  await tx
    .insertInto('addon_alert_settings')
    .values({ operator_id: operatorId, receivers: receiversJson, updated_at: now })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet({ receivers: receiversJson, updated_at: now }))
    .execute();
}

// Custom billing ----------------------------------------------------------------------------------------------

export interface BillingInstall {
  id: string;
  siteId: string | null;
  name: string;
  webhookUrl: string;
  signatureSecretSealed: string;
}

/**
 * The enabled install that answers `type` (billing.*) for a site: a site-level install of that site before an
 * operator-level one (the custom-billing guide); with no site, operator-level ones only.
 */
export async function billingInstall(
  h: Handle,
  operatorId: string,
  type: string,
  siteId: string | null,
): Promise<BillingInstall | null> {
  let q = h
    .selectFrom('addon_installs')
    .innerJoin('addon_definitions', 'addon_definitions.id', 'addon_installs.definition_id')
    .select([
      'addon_installs.id',
      'addon_installs.site_id',
      'addon_installs.signature_secret_sealed',
      'addon_definitions.name',
      'addon_definitions.webhook_url',
      'addon_definitions.events',
    ])
    .where('addon_installs.operator_id', '=', operatorId)
    .where('addon_installs.state', '=', 'enabled')
    .where('addon_definitions.webhook_url', 'is not', null);
  q = siteId
    ? q.where((eb) => eb.or([eb('addon_installs.site_id', 'is', null), eb('addon_installs.site_id', '=', siteId)]))
    : q.where('addon_installs.site_id', 'is', null);
  const rows = (await q.orderBy('addon_installs.created_at').orderBy('addon_installs.id').execute()).filter((r) =>
    parsed<string[]>(r.events).includes(type),
  );
  const r = rows.find((x) => x.site_id !== null) ?? rows[0];
  return r
    ? {
        id: r.id,
        siteId: r.site_id,
        name: r.name,
        webhookUrl: r.webhook_url!,
        signatureSecretSealed: r.signature_secret_sealed,
      }
    : null;
}
