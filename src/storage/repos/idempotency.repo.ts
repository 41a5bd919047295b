import { sql } from 'kysely';
import type { Handle, Tx } from '../database.ts';

export interface IdempotencyRecord {
  requestHash: string;
  state: 'in_flight' | 'done';
  responseStatus: number | null;
  responseBody: string | null;
  responseContentType: string | null;
  expiresAt: Date;
}

/**
 * Takes the key for this request: a new key, an expired one, or one whose holder died
 * (lock lapsed, same request). Conditional upsert, so two racers cannot both win.
 */
export async function claimIdempotencyKey(
  tx: Handle,
  k: { operatorId: string; key: string; requestHash: string; now: Date; lockedUntil: Date; expiresAt: Date },
): Promise<boolean> {
  const res = await sql`
    INSERT INTO idempotency_keys (operator_id, key, request_hash, state, locked_until, expires_at, created_at)
    VALUES (${k.operatorId}, ${k.key}, ${k.requestHash}, 'in_flight', ${k.lockedUntil}, ${k.expiresAt}, ${k.now})
    ON CONFLICT (operator_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, state = 'in_flight', response_status = NULL, response_body = NULL,
          locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.expires_at <= ${k.now}
         OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until <= ${k.now}
             AND idempotency_keys.request_hash = EXCLUDED.request_hash)
    RETURNING key`.execute(tx);
  return res.rows.length === 1;
}

export async function findIdempotencyKey(
  tx: Handle,
  operatorId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const r = await tx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('key', '=', key)
    .executeTakeFirst();
  return (
    r && {
      requestHash: r.request_hash,
      state: r.state as IdempotencyRecord['state'],
      responseStatus: r.response_status,
      responseBody: r.response_body,
      responseContentType: r.response_content_type,
      expiresAt: new Date(r.expires_at),
    }
  );
}

export async function completeIdempotencyKey(
  tx: Handle,
  k: { operatorId: string; key: string; status: number; body: string; contentType: string },
): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: k.status, response_body: k.body, response_content_type: k.contentType })
    .where('operator_id', '=', k.operatorId)
    .where('key', '=', k.key)
    .execute();
}

/**
 * Stores an outcome as `done` when no live record stands in the way: a new or expired key, or this request's
 * own claim (an error answered after its unit of work rolled back, or a route whose work runs outside one).
 */
export async function recordIdempotencyOutcome(
  tx: Tx,
  k: {
    operatorId: string;
    key: string;
    requestHash: string;
    status: number;
    body: string;
    contentType: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await sql`
    INSERT INTO idempotency_keys (operator_id, key, request_hash, state, response_status, response_body, response_content_type,
                                  locked_until, expires_at, created_at)
    VALUES (${k.operatorId}, ${k.key}, ${k.requestHash}, 'done', ${k.status}, ${k.body}, ${k.contentType}, ${k.now}, ${k.expiresAt}, ${k.now})
    ON CONFLICT (operator_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, state = 'done', response_status = EXCLUDED.response_status,
          response_body = EXCLUDED.response_body, response_content_type = EXCLUDED.response_content_type,
          locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.expires_at <= ${k.now}
         OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.request_hash = EXCLUDED.request_hash)`.execute(
    tx,
  );
}

/** Drops a claim whose response cannot be replayed (nothing is stored; a retry runs again). */
export async function releaseIdempotencyKey(tx: Tx, operatorId: string, key: string): Promise<void> {
  await tx
    .deleteFrom('idempotency_keys')
    .where('operator_id', '=', operatorId)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .execute();
}

/**
 * Sets this transaction's lock_timeout (e.g. '10s') and returns the previous value, to put back with the same
 * call. Waiting on another request's uncommitted claim is bounded; the caller's own locks keep the default.
 */
export async function swapLockTimeout(tx: Tx, value: string): Promise<string> {
  const res = await sql<{
    prev: string;
  }>`SELECT current_setting('lock_timeout') AS prev, set_config('lock_timeout', ${value}, true)`.execute(tx);
  return res.rows[0].prev;
}

/** PostgreSQL's lock_not_available: a lock_timeout ran out. */
export function isLockTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === '55P03';
}

export async function deleteExpiredIdempotencyKeys(tx: Tx, now: Date): Promise<number> {
  const res = await tx.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
