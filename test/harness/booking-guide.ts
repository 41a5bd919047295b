import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestApp, type TestApp } from './test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import { seedGuideWorld } from '../fixtures/booking-guide/world.ts';
import type { GuideRequest } from '../fixtures/booking-guide/requests.ts';
import type { JobWorker } from '../../src/engines/jobs/job-runner.ts';
import type { Scope } from '../../src/kernel/scopes.ts';

/** The scopes table at the top of the guide: the replay proves they are enough. */
export const GUIDE_SCOPES: Scope[] = [
  'public.site:read',
  'public.unit_type:read',
  'public.unit:read',
  'public.contact:write',
  'public.order:write',
  'public.order:read',
  'public.coupon:read',
  'public.protection_level:read',
  'public.product:read',
];

export const WEBHOOKS_LANDED = existsSync(
  fileURLToPath(new URL('../../src/resources/webhook-endpoints', import.meta.url)),
);

export interface GuideRun {
  t: TestApp;
  /** Base URL of the listening server: what replaces https://public-api.stora.co */
  base: string;
  token: string;
  rx: Receiver;
  send(req: GuideRequest): Promise<{ status: number; headers: Headers; body: any }>;
  /** Waits until the receiver holds webhooks of these types about the order, and returns them by type. */
  webhooksFor(orderId: string, types: readonly string[]): Promise<Map<string, any>>;
  close(): Promise<void>;
}

/**
 * A listening Lockyard with the guide's world, a token with the guide's scopes, and (once webhooks exist)
 * an endpoint on a local receiver subscribed to the booking events, with the delivery worker running.
 */
export async function startGuideRun(opts: { draftOrder: boolean }): Promise<GuideRun> {
  const t = await createTestApp();
  await seedGuideWorld(t.lockyard.database.db, t.a.id, { draftOrder: opts.draftOrder, now: (await t.ctx()).now() });
  const base = await t.lockyard.app.listen({ host: '127.0.0.1', port: 0 });
  const token = await t.tokenWith(GUIDE_SCOPES);
  const rx = await startReceiver();
  let worker: JobWorker | undefined;
  if (WEBHOOKS_LANDED) {
    const ep = await t.post('/2025-09/webhook_endpoints', {
      name: 'Booking flow',
      api_version: '2025-09',
      url: `${rx.base}/hooks`,
      event_types: [
        'order.created',
        'order.finalized',
        'order.completed',
        'tenancy.created',
        'subscription.created',
        'invoice.created',
        'contract.created',
        'contact.created',
      ],
    });
    assert.equal(ep.status, 201, JSON.stringify(ep.body));
    worker = t.lockyard.engines.jobs.worker({ listen: t.lockyard.database.listen, pollMs: 50 });
    await worker.start();
  }
  return {
    t,
    base,
    token,
    rx,
    async send(req) {
      // Exactly the guide's curl: its headers, its body; only the host and the token differ.
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...(req.headers ?? {}) };
      if (req.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + req.path, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    async webhooksFor(orderId, types) {
      const about = (r: { json: any }) => JSON.stringify(r.json.event.data).includes(orderId);
      const pick = () => {
        const out = new Map<string, any>();
        for (const r of rx.received)
          if (about(r) && types.includes(r.json.event.type)) out.set(r.json.event.type, r.json.event);
        return out;
      };
      await rx.waitFor(() => pick().size === types.length, 15_000).catch(() => {});
      return pick();
    },
    async close() {
      await worker?.stop();
      await rx.close();
      await t.close();
    },
  };
}
