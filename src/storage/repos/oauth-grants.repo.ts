import type { Handle, Tx, Row } from '../database.ts';

export interface OAuthCodeRow {
  codeHash: string;
  operatorId: string;
  applicationId: string;
  staffUserId: string;
  scopes: string[];
  redirectUri: string;
  redirectUriGiven: boolean;
  codeChallenge: string | null;
  grantId: string | null;
  usedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
}

export interface OAuthGrantRow {
  id: string;
  operatorId: string;
  applicationId: string;
  scopes: string[];
  staffUserId: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface RefreshTokenRow {
  id: string;
  grantId: string;
  tokenHash: string;
  accessTokenId: string;
  revokedAt: Date | null;
  createdAt: Date;
}

const codeRow = (r: Row<'oauth_codes'>): OAuthCodeRow => ({
  codeHash: r.code_hash,
  operatorId: r.operator_id,
  applicationId: r.application_id,
  staffUserId: r.staff_user_id,
  scopes: r.scopes,
  redirectUri: r.redirect_uri,
  redirectUriGiven: r.redirect_uri_given,
  codeChallenge: r.code_challenge,
  grantId: r.grant_id,
  usedAt: r.used_at,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});

const grantRow = (r: Row<'oauth_grants'>): OAuthGrantRow => ({
  id: r.id,
  operatorId: r.operator_id,
  applicationId: r.application_id,
  scopes: r.scopes,
  staffUserId: r.staff_user_id,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
});

const refreshRow = (r: Row<'oauth_refresh_tokens'>): RefreshTokenRow => ({
  id: r.id,
  grantId: r.grant_id,
  tokenHash: r.token_hash,
  accessTokenId: r.access_token_id,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
});

export async function insertCode(tx: Handle, c: OAuthCodeRow): Promise<void> {
  await tx
    .insertInto('oauth_codes')
    .values({
      code_hash: c.codeHash,
      operator_id: c.operatorId,
      application_id: c.applicationId,
      staff_user_id: c.staffUserId,
      scopes: c.scopes,
      redirect_uri: c.redirectUri,
      redirect_uri_given: c.redirectUriGiven,
      code_challenge: c.codeChallenge,
      grant_id: c.grantId,
      used_at: c.usedAt,
      expires_at: c.expiresAt,
      created_at: c.createdAt,
    })
    .execute();
}

export async function findCode(tx: Handle, codeHash: string): Promise<OAuthCodeRow | undefined> {
  const r = await tx.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return r && codeRow(r);
}

/** Claims an unused code; false when another request used it first (single use under concurrency). */
export async function useCode(tx: Tx, codeHash: string, grantId: string, at: Date): Promise<boolean> {
  const res = await tx
    .updateTable('oauth_codes')
    .set({ used_at: at, grant_id: grantId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function insertGrant(tx: Tx, g: OAuthGrantRow): Promise<void> {
  await tx
    .insertInto('oauth_grants')
    .values({
      id: g.id,
      operator_id: g.operatorId,
      application_id: g.applicationId,
      scopes: g.scopes,
      staff_user_id: g.staffUserId,
      revoked_at: g.revokedAt,
      created_at: g.createdAt,
    })
    .execute();
}

export async function findGrant(tx: Handle, id: string): Promise<OAuthGrantRow | undefined> {
  const r = await tx.selectFrom('oauth_grants').selectAll().where('id', '=', id).executeTakeFirst();
  return r && grantRow(r);
}

export async function listActiveGrants(tx: Handle, operatorId: string): Promise<OAuthGrantRow[]> {
  const rows = await tx
    .selectFrom('oauth_grants')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(grantRow);
}

export async function activeGrantIdsOf(tx: Handle, operatorId: string, applicationId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('oauth_grants')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('application_id', '=', applicationId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id as string);
}

/**
 * Revokes grants with every refresh token and access token they issued, in the caller's transaction.
 * Returns the revoked access token ids so the auth cache can drop them.
 */
export async function revokeGrants(tx: Tx, grantIds: string[], at: Date): Promise<string[]> {
  if (!grantIds.length) return [];
  await tx
    .updateTable('oauth_grants')
    .set({ revoked_at: at })
    .where('id', 'in', grantIds)
    .where('revoked_at', 'is', null)
    .execute();
  await tx
    .updateTable('oauth_refresh_tokens')
    .set({ revoked_at: at })
    .where('grant_id', 'in', grantIds)
    .where('revoked_at', 'is', null)
    .execute();
  const rows = await tx
    .updateTable('access_tokens')
    .set({ revoked_at: at })
    .where('id', 'in', (qb: any) =>
      qb.selectFrom('oauth_refresh_tokens').select('access_token_id').where('grant_id', 'in', grantIds),
    )
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id as string);
}

export async function insertRefreshToken(tx: Tx, t: RefreshTokenRow): Promise<void> {
  await tx
    .insertInto('oauth_refresh_tokens')
    .values({
      id: t.id,
      grant_id: t.grantId,
      token_hash: t.tokenHash,
      access_token_id: t.accessTokenId,
      revoked_at: t.revokedAt,
      created_at: t.createdAt,
    })
    .execute();
}

export async function findRefreshTokenByHash(tx: Handle, hash: string): Promise<RefreshTokenRow | undefined> {
  const r = await tx.selectFrom('oauth_refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  return r && refreshRow(r);
}

export async function findRefreshTokenByAccessToken(
  tx: Handle,
  accessTokenId: string,
): Promise<RefreshTokenRow | undefined> {
  const r = await tx
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('access_token_id', '=', accessTokenId)
    .executeTakeFirst();
  return r && refreshRow(r);
}

/** Rotation: retires a refresh token once; false when it was already retired (reuse or a concurrent refresh). */
export async function retireRefreshToken(tx: Tx, id: string, at: Date): Promise<boolean> {
  const res = await tx
    .updateTable('oauth_refresh_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
