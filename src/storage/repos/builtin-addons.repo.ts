import type { Handle } from '../database.ts';

/** What a built-in add-on keeps of one install, as a partner would in its own database (sealed by the caller). */
export interface BuiltinCredentialsRow {
  addonId: string;
  definitionId: string;
  apiKeySealed: string;
  signatureSecretSealed: string;
  apiUrl: string;
  createdAt: Date;
}

export async function saveBuiltinCredentials(h: Handle, c: BuiltinCredentialsRow): Promise<void> {
  await h
    .insertInto('builtin_addon_credentials')
    .values({
      addon_id: c.addonId,
      definition_id: c.definitionId,
      api_key_sealed: c.apiKeySealed,
      signature_secret_sealed: c.signatureSecretSealed,
      api_url: c.apiUrl,
      created_at: c.createdAt,
    })
    .onConflict((oc) =>
      oc.column('addon_id').doUpdateSet({
        api_key_sealed: c.apiKeySealed,
        signature_secret_sealed: c.signatureSecretSealed,
        api_url: c.apiUrl,
      }),
    )
    .execute();
}

export async function findBuiltinCredentials(h: Handle, addonId: string): Promise<BuiltinCredentialsRow | null> {
  const r = await h
    .selectFrom('builtin_addon_credentials')
    .selectAll()
    .where('addon_id', '=', addonId)
    .executeTakeFirst();
  return r
    ? {
        addonId: r.addon_id,
        definitionId: r.definition_id,
        apiKeySealed: r.api_key_sealed,
        signatureSecretSealed: r.signature_secret_sealed,
        apiUrl: r.api_url,
        createdAt: r.created_at,
      }
    : null;
}

export interface LedgerRow {
  addonId: string;
  envelopeId: string;
  eventType: string;
  occurredAt: string;
  invoiceId: string;
  data: Record<string, string | number | null>;
}

/** Records one handled delivery; a delivery seen before (same envelope id) is not recorded twice. */
export async function insertLedgerRow(h: Handle, row: LedgerRow): Promise<boolean> {
  const r = await h
    .insertInto('builtin_addon_ledger')
    .values({
      addon_id: row.addonId,
      envelope_id: row.envelopeId,
      event_type: row.eventType,
      occurred_at: row.occurredAt,
      invoice_id: row.invoiceId,
      row_data: JSON.stringify(row.data),
    })
    .onConflict((oc) => oc.columns(['addon_id', 'envelope_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listLedgerRows(h: Handle, addonId: string): Promise<LedgerRow[]> {
  const rows = await h
    .selectFrom('builtin_addon_ledger')
    .selectAll()
    .where('addon_id', '=', addonId)
    .orderBy('occurred_at')
    .orderBy('envelope_id')
    .execute();
  return rows.map((r) => ({
    addonId: r.addon_id,
    envelopeId: r.envelope_id,
    eventType: r.event_type,
    occurredAt: r.occurred_at,
    invoiceId: r.invoice_id,
    data: (typeof r.row_data === 'string' ? JSON.parse(r.row_data) : r.row_data) as LedgerRow['data'],
  }));
}
