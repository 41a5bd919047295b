// `X-Stora-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, verified with Web Crypto.
import type { WebhookEvent } from './event-types.js';

/** The signature is missing, malformed, wrong, or outside the replay window. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

function signedBytes(timestamp: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const raw = typeof body === 'string' ? encoder.encode(body) : body;
  const prefix = encoder.encode(`${timestamp}.`);
  const out = new Uint8Array(new ArrayBuffer(prefix.length + raw.length));
  out.set(prefix);
  out.set(raw, prefix.length);
  return out;
}

/** Compares every byte whatever the first difference, so timing reveals nothing of the expected signature. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Verifies a delivery and returns its typed event. `body` must be the raw bytes as received (not re-serialised
 * JSON); `toleranceSeconds` (default 300) bounds how old or how far in the future `t` may be (replay window).
 */
export async function constructEvent(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<WebhookEvent> {
  if (!header) throw new WebhookSignatureError('No X-Stora-Signature header.');
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!Number.isInteger(t) || !signatures.length)
    throw new WebhookSignatureError('Malformed X-Stora-Signature header.');
  const expected = await hmacHex(secret, signedBytes(t, body));
  // Check every v1 (several appear while an endpoint secret rotates) without stopping at the first match.
  let matched = false;
  for (const s of signatures) matched = constantTimeEqual(s.toLowerCase(), expected) || matched;
  if (!matched) throw new WebhookSignatureError('The signature does not match this body and secret.');
  if (toleranceSeconds > 0 && Math.abs(nowSeconds - t) > toleranceSeconds) {
    throw new WebhookSignatureError(
      `The signature timestamp is outside the ${toleranceSeconds}s tolerance (possible replay).`,
    );
  }
  const parsed = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
  return (parsed?.event ?? parsed) as WebhookEvent;
}

/** Test helper: the header Lockyard/Stora would send for `body` (stringified if not a string) at `timestamp`. */
export async function signPayload(
  body: string | object,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<{ body: string; header: string }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { body: text, header: `t=${timestamp},v1=${await hmacHex(secret, signedBytes(timestamp, text))}` };
}
