import { createHmac } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import type { Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/addons.repo.ts';
import type { JobHandler, JobOutcome } from '../../domain/jobs/job.ts';
import { ADDON_DELIVERY_JOB, ADDON_RETRY_DELAYS_SECONDS } from '../../domain/addons/addon.ts';
import type { AddonsService } from '../../domain/addons/addons.service.ts';
import type { AddonCall } from '../../domain/addons/custom-billing.service.ts';
import { postWebhook, type SendGuard, type SendResult } from '../webhooks/webhook-sender.ts';
import type { HttpExchange, HttpRequest } from '../../kernel/net/http-exchange.ts';

export const ADDON_USER_AGENT = 'Lockyard-Addons/0.1';

/** `sg-signature`: base64 HMAC-SHA256 of the exact body bytes with the install's secret (the starter's check). */
export function sgSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export interface AddonDeliverySettings {
  /** The add-on guide's 30 s; tests shorten it. */
  timeoutMs: number;
  guard: SendGuard;
  /** Lockyard's own add-ons: webhook URLs under `prefix` are served in process by `exchange` (main.ts). */
  local?: { prefix: string; exchange: HttpExchange };
}

/** A delivery to one of Lockyard's own add-ons: the same body and headers, answered in process, same time limit. */
async function postLocal(
  exchange: HttpExchange,
  req: HttpRequest,
  timeoutMs: number,
  clock: Clock,
  keepChars = 500,
): Promise<SendResult> {
  const started = clock.now().getTime();
  const elapsed = () => clock.now().getTime() - started;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const res = await Promise.race([exchange(req), timeout]);
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      statusCode: res.status,
      durationMs: elapsed(),
      responseSnippet: res.body.slice(0, keepChars),
      error: ok ? null : `HTTP ${res.status}: ${res.body.slice(0, 200)}`,
    };
  } catch (err) {
    return { ok: false, statusCode: null, durationMs: elapsed(), responseSnippet: null, error: String(err) };
  } finally {
    clearTimeout(timer);
  }
}

type Attempted = SendResult | { skipped: string };

/** The longest answer a custom-billing call may give (a hosted checkout page is HTML). */
export const BILLING_ANSWER_CHARS = 1_000_000;

/**
 * Custom billing's synchronous calls (domain/addons/custom-billing.service.ts): the delivery path's address guard,
 * local route for Lockyard's own add-ons and time limit, keeping the whole answer. Never retried.
 */
export function addonCaller(clock: Clock, settings: AddonDeliverySettings): AddonCall {
  return async ({ url, headers, body }) => {
    const all = { ...headers, 'User-Agent': ADDON_USER_AGENT };
    const r =
      settings.local && url.startsWith(settings.local.prefix)
        ? await postLocal(
            settings.local.exchange,
            { method: 'POST', url, headers: all, body },
            settings.timeoutMs,
            clock,
            BILLING_ANSWER_CHARS,
          )
        : await postWebhook({
            url,
            body,
            headers: all,
            timeoutMs: settings.timeoutMs,
            guard: settings.guard,
            responseLimit: { chars: BILLING_ANSWER_CHARS, strict: true },
          });
    return { ok: r.ok, statusCode: r.statusCode, body: r.responseSnippet, error: r.error };
  };
}

/** One attempt at one add-on delivery: retried on ADDON_RETRY_DELAYS_SECONDS, then a task "Errors in <add-on>". */
export function addonDeliveryJobHandler(
  clock: Clock,
  addons: AddonsService,
  settings: AddonDeliverySettings,
): JobHandler<repo.AddonDeliveryTarget, Attempted> {
  return {
    kind: ADDON_DELIVERY_JOB,

    async load(db, jobs) {
      const targets = await repo.deliveryTargets(
        db,
        jobs.map((j) => j.payload.delivery_id as string),
      );
      const out = new Map<string, repo.AddonDeliveryTarget>();
      for (const j of jobs) {
        const t = targets.get(j.payload.delivery_id as string);
        if (t && t.delivery.status === 'pending') out.set(j.id, t);
      }
      return out;
    },

    async run(_job, target, signal) {
      // Paused or disabled since it was queued: the guide says no webhooks in either state.
      if (target.state !== 'enabled') return { skipped: `skipped: the add-on is ${target.state}` };
      if (!target.url) return { skipped: 'skipped: the add-on has no webhook URL' };
      const secret = addons.openSignatureSecret(target.signatureSecretSealed);
      const headers = {
        'Content-Type': 'application/json;charset=UTF-8',
        'User-Agent': ADDON_USER_AGENT,
        'sg-signature': sgSignature(secret, target.delivery.body),
      };
      if (settings.local && target.url.startsWith(settings.local.prefix))
        return postLocal(
          settings.local.exchange,
          { method: 'POST', url: target.url, headers, body: target.delivery.body },
          settings.timeoutMs,
          clock,
        );
      return postWebhook({
        url: target.url,
        body: target.delivery.body,
        timeoutMs: settings.timeoutMs,
        guard: settings.guard,
        stop: signal,
        headers,
      });
    },

    async settle(tx: Tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      for (const { job, loaded, result } of items) {
        const d = loaded.delivery;
        const now = job.operatorNow();
        if ('skipped' in result) {
          await repo.updateDelivery(
            tx,
            d.id,
            { status: 'skipped', attemptCount: d.attemptCount, lastStatusCode: null, lastError: result.skipped },
            now,
          );
          outcomes.set(job.id, { type: 'done' });
          continue;
        }
        const attempt = d.attemptCount + 1;
        const delay = ADDON_RETRY_DELAYS_SECONDS[attempt - 1];
        const status = result.ok ? 'succeeded' : delay === undefined ? 'failed' : 'pending';
        await repo.updateDelivery(
          tx,
          d.id,
          { status, attemptCount: attempt, lastStatusCode: result.statusCode, lastError: result.error },
          now,
        );
        if (status === 'pending') {
          outcomes.set(job.id, {
            type: 'retry',
            runAt: new Date(clock.now().getTime() + delay! * 1000),
            error: result.error ?? undefined,
          });
          continue;
        }
        if (status === 'failed')
          await addons.openFailureTask(
            tx,
            d.operatorId,
            d.addonId,
            loaded.addonName,
            `The ${d.type} webhook (${d.id}) failed ${attempt} times; last: ${result.error ?? `HTTP ${result.statusCode}`}.`,
          );
        outcomes.set(job.id, { type: 'done' });
      }
      return outcomes;
    },
  };
}
