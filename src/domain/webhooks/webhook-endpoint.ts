import { hostCategory, type AddressPolicy, type Resolver } from '../../kernel/net/address-guard.ts';
import type { Metadata } from '../metadata/metadata.ts';

export const ENDPOINT_STATUSES = ['disabled', 'enabled'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/**
 * The credential an endpoint answers to: deliveries are limited to what it may read now, and revoking it
 * disables the endpoint. A partner's OAuth grant, an operator's Client Credentials application, an operator
 * access token, or staff (the whole operator).
 */
export interface EndpointAuthority {
  kind: 'token' | 'grant' | 'application' | 'staff';
  id: string;
}

/** Why an endpoint is disabled (shown in the back office; the Stora shape has no field for it). */
export const DISABLED_REASONS = [
  'disabled',
  'operator_disabled',
  'token_revoked',
  'grant_revoked',
  'application_deleted',
] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

export const DISABLED_REASON_WORDS: Record<DisabledReason, string> = {
  disabled: 'disabled through the API',
  operator_disabled: 'disabled by the operator',
  token_revoked: 'the access token that created it was revoked',
  grant_revoked: 'the application’s access was revoked',
  application_deleted: 'the application that created it was deleted',
};
export const WEBHOOK_API_VERSIONS = ['2025-09'] as const;

export interface WebhookEndpoint {
  id: string;
  operatorId: string;
  /** The OAuth application that created it; only that application sees it. */
  applicationId: string | null;
  /** What created it: an access token (tok_), an OAuth application (app_) or staff (staff_). */
  creatorId: string;
  authority: EndpointAuthority;
  name: string;
  description: string | null;
  url: string;
  apiVersion: string;
  eventTypes: string[];
  metadata: Metadata;
  secret: string;
  status: EndpointStatus;
  disabledAt: Date | null;
  disabledReason: DisabledReason | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who may see an endpoint: one OAuth application's own, the operator's own, or (CLI) all. */
export type Visibility = { applicationId: string | null } | 'all';

/** Instance settings for where webhooks may connect (`--webhook-allow`, docs/decisions/webhooks.md). */
export interface WebhookNetwork {
  /** IP addresses or CIDR ranges webhooks may reach although they are loopback, private or link-local. */
  allow?: string[];
  /** Name resolution for delivery sockets; tests inject one, the default is the system resolver. */
  resolve?: Resolver;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const CATEGORY_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  shared: 'a shared (carrier-grade NAT) address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/**
 * Production accepts https only; the sandbox also accepts http to localhost / 127.0.0.1 / [::1]
 * so a partner can point it at a server on their own machine. Hosts that are (or name) addresses
 * webhooks may not reach are refused in both modes, loopback excepted in the sandbox.
 */
export function endpointUrlProblem(url: string, sandbox: boolean, policy: AddressPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'value at `/url` is not a valid URL';
  }
  const category = hostCategory(parsed.hostname, policy);
  if (category) return `value at \`/url\` points to ${CATEGORY_WORDS[category]}, which webhooks may not reach`;
  if (parsed.protocol === 'https:') return null;
  if (sandbox && parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return sandbox
    ? 'value at `/url` must use https (http is allowed only for localhost and 127.0.0.1 in sandbox mode)'
    : 'value at `/url` must use https';
}
