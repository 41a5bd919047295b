import type { LoggedEvent, WebhookDelivery } from '../../domain/webhooks/delivery.ts';
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

/** `secret` is shown only by the create response (`revealSecret`); null everywhere else. */
export function serializeWebhookEndpoint(e: WebhookEndpoint, opts: { revealSecret?: boolean } = {}) {
  return {
    id: e.id,
    api_version: e.apiVersion,
    created_at: isoSeconds(e.createdAt),
    creator: { id: e.creatorId },
    description: e.description,
    disabled_at: isoSeconds(e.disabledAt),
    event_types: e.eventTypes,
    metadata: e.metadata,
    name: e.name,
    secret: opts.revealSecret ? e.secret : null,
    status: e.status,
    updated_at: isoSeconds(e.updatedAt),
    url: e.url,
  };
}

export function serializeDelivery(d: WebhookDelivery) {
  return {
    id: d.id,
    attempt_count: d.attemptCount,
    attempts: d.attempts.map((a) => ({
      attempt: a.attempt,
      attempted_at: isoSeconds(a.attemptedAt),
      duration_ms: a.durationMs,
      error: a.error,
      request_id: a.requestId,
      response_snippet: a.responseSnippet,
      status_code: a.statusCode,
    })),
    created_at: isoSeconds(d.createdAt),
    endpoint: { id: d.endpointId },
    event: { id: d.eventId, type: d.eventType },
    next_attempt_at: isoSeconds(d.nextAttemptAt),
    resend_of: ref(d.resendOf),
    status: d.status,
    status_reason: d.statusReason,
    updated_at: isoSeconds(d.updatedAt),
  };
}

/** The event exactly as delivered: the `event` object of the webhook body. */
export function serializeEvent(e: LoggedEvent) {
  return (e.body.event ?? e.body) as Record<string, unknown>;
}
