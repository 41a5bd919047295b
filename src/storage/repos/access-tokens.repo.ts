import type { Handle, Tx, Row } from '../database.ts';

export interface AccessTokenRow {
  id: string;
  operatorId: string;
  name: string;
  tokenHash: string;
  tokenHint: string;
  scopes: string[];
  applicationId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

function toRow(r: Row<'access_tokens'>): AccessTokenRow {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    tokenHash: r.token_hash,
    tokenHint: r.token_hint,
    scopes: r.scopes,
    applicationId: r.application_id,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    createdAt: r.created_at,
  };
}

export async function insertAccessToken(tx: Handle, t: AccessTokenRow): Promise<void> {
  await tx
    .insertInto('access_tokens')
    .values({
      id: t.id,
      operator_id: t.operatorId,
      name: t.name,
      token_hash: t.tokenHash,
      token_hint: t.tokenHint,
      scopes: t.scopes,
      application_id: t.applicationId,
      expires_at: t.expiresAt,
      revoked_at: t.revokedAt,
      created_at: t.createdAt,
    })
    .execute();
}

export async function findAccessTokenByHash(tx: Handle, hash: string): Promise<AccessTokenRow | undefined> {
  const r = await tx.selectFrom('access_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return r && toRow(r);
}

export async function revokeAccessToken(tx: Handle, operatorId: string, id: string, at: Date): Promise<boolean> {
  const res = await tx
    .updateTable('access_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function listAccessTokens(tx: Handle, operatorId: string): Promise<AccessTokenRow[]> {
  const rows = await tx
    .selectFrom('access_tokens')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toRow);
}
