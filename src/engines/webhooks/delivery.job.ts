import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import type { Tx } from '../../storage/database.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import type { JobHandler, JobOutcome } from '../../domain/jobs/job.ts';
import {
  DELIVERY_JOB,
  retryDelayMs,
  type DeliveryAttempt,
  type DeliveryStatus,
} from '../../domain/webhooks/delivery.ts';
import { readScopeOf } from '../../domain/webhooks/event-scopes.ts';
import { signatureHeaderFor } from '../../domain/webhooks/signature.ts';
import type { FaultsService } from '../../domain/faults/faults.service.ts';
import { postWebhook, USER_AGENT, type SendGuard, type SendResult } from './webhook-sender.ts';

type Attempted =
  (SendResult & { requestId: string; attemptedAt: Date; headers: Record<string, string> }) | { skipped: string };

/**
 * Delivery re-checks the endpoint's authority every time: what its credential may read NOW, so revoking or
 * narrowing a grant narrows what is sent. An event it may not read is skipped (not retried), saying why.
 */
export function skipReason(target: deliveries.DeliveryTarget): string | null {
  if (target.authorityKind === 'staff') return null;
  if (!target.authorityScopes) return 'skipped: the credential that created the endpoint is no longer valid';
  const scope = readScopeOf(target.eventType);
  return target.authorityScopes.includes(scope)
    ? null
    : `skipped: the endpoint's creator may no longer read this event (needs ${scope})`;
}

export interface DeliverySettings {
  /** Per-attempt limit: the guide's 20 s. Tests shorten it. */
  timeoutMs: number;
  /** Where deliveries may connect (mode, allow-list, resolver). */
  guard: SendGuard;
}

/** The first job kind: one attempt at one webhook delivery, retried on the guide's schedule. */
export function deliveryJobHandler(
  clock: Clock,
  settings: DeliverySettings,
  faults?: Pick<FaultsService, 'forDelivery'>,
): JobHandler<deliveries.DeliveryTarget, Attempted> {
  return {
    kind: DELIVERY_JOB,

    async load(db, jobs) {
      const targets = await deliveries.deliveryTargets(
        db,
        jobs.map((j) => j.payload.delivery_id as string),
        clock.now(),
      );
      const out = new Map<string, deliveries.DeliveryTarget>();
      for (const j of jobs) {
        const t = targets.get(j.payload.delivery_id as string);
        if (t) out.set(j.id, t);
      }
      return out;
    },

    async run(job, target, signal) {
      const skipped = skipReason(target);
      if (skipped) return { skipped };
      const requestId = randomUUID();
      const attemptedAt = job.operatorNow();
      // `t` is wall-clock time: receivers compare it with their own clock to refuse replays.
      const t = Math.floor(clock.now().getTime() / 1000);
      // Sandbox faults on the endpoint's owner: a rotated signing secret, an answer ignored as if it timed out.
      const hit = faults ? await faults.forDelivery(target.operatorId, target) : [];
      const rotation = hit.find((f) => f.kind === 'webhook_signature_rotation')?.settings;
      const timedOut = hit.some((f) => f.kind === 'webhook_timeout');
      const secrets = rotation ? [rotation.secret!, ...(rotation.only_new ? [] : [target.secret])] : [target.secret];
      const headers = {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-Stora-Signature': signatureHeaderFor(secrets, target.body, t),
        'X-Stora-Request-Id': requestId,
      };
      const result = await postWebhook({
        url: target.url,
        body: target.body,
        timeoutMs: settings.timeoutMs,
        guard: settings.guard,
        stop: signal,
        headers,
      });
      // Kept with the attempt, as sent, for the delivery log (the sender adds Content-Length).
      const sent = {
        requestId,
        attemptedAt,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(target.body, 'utf8')) },
      };
      if (timedOut)
        return {
          ok: false,
          statusCode: null,
          durationMs: settings.timeoutMs,
          responseSnippet: null,
          error: `timeout after ${settings.timeoutMs} ms (sandbox fault: the receiver's answer${result.statusCode ? `, HTTP ${result.statusCode},` : ''} was ignored)`,
          ...sent,
        };
      return { ...result, ...sent };
    },

    async settle(tx: Tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      const states = await deliveries.lockDeliveries(
        tx,
        items.map((i) => i.loaded.deliveryId),
      );
      const attempts: Array<DeliveryAttempt & { deliveryId: string }> = [];
      const updates: Parameters<typeof deliveries.updateDeliveries>[1] = [];
      for (const { job, loaded, result: outcome } of items) {
        const state = states.get(loaded.deliveryId);
        if (!state) {
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        if ('skipped' in outcome) {
          if (state.status === 'pending') {
            updates.push({
              id: loaded.deliveryId,
              status: 'cancelled',
              attemptCount: state.attemptCount,
              nextAttemptAt: null,
              updatedAt: job.operatorNow(),
              statusReason: outcome.skipped,
            });
          }
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        const result = outcome;
        const attempt = state.attemptCount + 1;
        attempts.push({
          deliveryId: loaded.deliveryId,
          requestId: result.requestId,
          attempt,
          attemptedAt: result.attemptedAt,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          responseSnippet: result.responseSnippet,
          error: result.error,
          requestHeaders: result.headers,
        });
        const now = job.operatorNow();
        let status: DeliveryStatus = 'pending';
        let next: Date | null = null;
        const delay = retryDelayMs(attempt);
        if (result.ok) status = 'succeeded';
        else if (state.status !== 'pending' || !state.endpointActive)
          status = 'cancelled'; // its reason was recorded when it was cancelled
        else if (delay === null) status = 'failed';
        else next = new Date(now.getTime() + delay);
        updates.push({
          id: loaded.deliveryId,
          status: status === 'pending' ? 'pending' : status,
          attemptCount: attempt,
          nextAttemptAt: next,
          updatedAt: now,
        });
        outcomes.set(
          job.id,
          next
            ? { type: 'retry', runAt: new Date(clock.now().getTime() + delay!), error: result.error ?? undefined }
            : { type: 'done' },
        );
      }
      await deliveries.insertAttempts(tx, attempts);
      await deliveries.updateDeliveries(tx, updates);
      return outcomes;
    },
  };
}
