import { createHmac } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as the webhooks guide verifies it. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return signatureHeaderFor([secret], body, unixSeconds);
}

/**
 * During a secret rotation (a sandbox fault: docs/decisions/sandbox-faults.md) one `v1` per secret, the new one
 * first, as Stripe signs while two secrets are live: a receiver accepts the delivery when any `v1` matches.
 */
export function signatureHeaderFor(secrets: string[], body: string, unixSeconds: number): string {
  const v1 = secrets.map((s) => `v1=${createHmac('sha256', s).update(`${unixSeconds}.${body}`).digest('hex')}`);
  return `t=${unixSeconds},${v1.join(',')}`;
}
