import type { Handle, Tx, Row } from '../database.ts';

export interface OAuthApplicationRow {
  id: string;
  kind: 'partner' | 'operator';
  operatorId: string | null;
  name: string;
  clientId: string;
  secretHash: string;
  secretHint: string;
  redirectUris: string[];
  scopes: string[];
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function toRow(r: Row<'oauth_applications'>): OAuthApplicationRow {
  return {
    id: r.id,
    kind: r.kind as OAuthApplicationRow['kind'],
    operatorId: r.operator_id,
    name: r.name,
    clientId: r.client_id,
    secretHash: r.secret_hash,
    secretHint: r.secret_hint,
    redirectUris: r.redirect_uris,
    scopes: r.scopes,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertApplication(tx: Tx, a: OAuthApplicationRow): Promise<void> {
  await tx
    .insertInto('oauth_applications')
    .values({
      id: a.id,
      kind: a.kind,
      operator_id: a.operatorId,
      name: a.name,
      client_id: a.clientId,
      secret_hash: a.secretHash,
      secret_hint: a.secretHint,
      redirect_uris: a.redirectUris,
      scopes: a.scopes,
      deleted_at: a.deletedAt,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    })
    .execute();
}

/** Live applications only: a deleted application can neither authenticate nor be authorised. */
export async function findApplicationByClientId(
  tx: Handle,
  clientId: string,
): Promise<OAuthApplicationRow | undefined> {
  const r = await tx
    .selectFrom('oauth_applications')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r && toRow(r);
}

export async function findApplication(tx: Handle, id: string): Promise<OAuthApplicationRow | undefined> {
  const r = await tx.selectFrom('oauth_applications').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

export async function listOperatorApplications(tx: Handle, operatorId: string): Promise<OAuthApplicationRow[]> {
  const rows = await tx
    .selectFrom('oauth_applications')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toRow);
}

export async function listPartnerApplications(tx: Handle): Promise<OAuthApplicationRow[]> {
  const rows = await tx
    .selectFrom('oauth_applications')
    .selectAll()
    .where('kind', '=', 'partner')
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(toRow);
}

export async function updateApplicationSecret(
  tx: Tx,
  id: string,
  secretHash: string,
  secretHint: string,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('oauth_applications')
    .set({ secret_hash: secretHash, secret_hint: secretHint, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function markApplicationDeleted(tx: Tx, id: string, at: Date): Promise<boolean> {
  const res = await tx
    .updateTable('oauth_applications')
    .set({ deleted_at: at, updated_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Revokes every live access token an application holds for one operator; returns their ids (cache eviction). */
export async function revokeApplicationAccessTokens(
  tx: Tx,
  operatorId: string,
  applicationId: string,
  at: Date,
): Promise<string[]> {
  const rows = await tx
    .updateTable('access_tokens')
    .set({ revoked_at: at })
    .where('operator_id', '=', operatorId)
    .where('application_id', '=', applicationId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id as string);
}
