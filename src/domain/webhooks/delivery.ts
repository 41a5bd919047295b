/** The job kind of one delivery attempt: enqueued by the domain (fan-out, resend), run by engines/webhooks. */
export const DELIVERY_JOB = 'webhook.deliver';

export const DELIVERY_STATUSES = ['cancelled', 'failed', 'pending', 'succeeded'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  requestId: string;
  attempt: number;
  /** Operator clock. */
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  responseSnippet: string | null;
  error: string | null;
  /** The headers the attempt was sent with (null for attempts logged before they were kept). */
  requestHeaders: Record<string, string> | null;
}

export interface WebhookDelivery {
  id: string;
  operatorId: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  resendOf: string | null;
  /** Why it ended without success when no attempt decided it (cancelled or skipped). */
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  attempts: DeliveryAttempt[];
}

/** An event as the log shows it: the exact body that was (or would be) delivered. */
export interface LoggedEvent {
  id: string;
  type: string;
  createdAt: Date;
  body: Record<string, unknown>;
  /** The API request that emitted it (the request inspector's link), null when none did. */
  requestId: string | null;
}

/** The guide's schedule: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h after each failed attempt, then failed. */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600, 12 * 3600] as const;

/** Delay before the next attempt after `attemptsMade` failed ones, or null when the delivery has failed. */
export function retryDelayMs(attemptsMade: number): number | null {
  const d = RETRY_DELAYS_SECONDS[attemptsMade - 1];
  return d === undefined ? null : d * 1000;
}

/** How long finished deliveries and their attempts are kept (docs/webhooks.md). */
export const DELIVERY_LOG_RETENTION_DAYS = 30;
/** Longest response body kept per attempt. */
export const RESPONSE_SNIPPET_CHARS = 1024;
