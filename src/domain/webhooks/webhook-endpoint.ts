import type { Metadata } from '../metadata/metadata.ts';

export const ENDPOINT_STATUSES = ['disabled', 'enabled'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];
export const WEBHOOK_API_VERSIONS = ['2025-09'] as const;

export interface WebhookEndpoint {
  id: string;
  operatorId: string;
  /** The OAuth application that created it; only that application sees it. */
  applicationId: string | null;
  /** What created it: an access token (tok_), an OAuth application (app_) or staff (staff_). */
  creatorId: string;
  name: string;
  description: string | null;
  url: string;
  apiVersion: string;
  eventTypes: string[];
  metadata: Metadata;
  secret: string;
  status: EndpointStatus;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who may see an endpoint: one OAuth application's own, the operator's own, or (CLI) all. */
export type Visibility = { applicationId: string | null } | 'all';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Production accepts https only; the sandbox also accepts http to localhost / 127.0.0.1
 * so a partner can point it at a server on their own machine.
 */
export function endpointUrlProblem(url: string, sandbox: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'value at `/url` is not a valid URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (sandbox && parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return sandbox
    ? 'value at `/url` must use https (http is allowed only for localhost and 127.0.0.1 in sandbox mode)'
    : 'value at `/url` must use https';
}
