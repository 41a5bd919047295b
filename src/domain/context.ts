import { SCOPES, type Scope } from '../kernel/scopes.ts';

export interface Operator {
  id: string;
  name: string;
  slug: string;
  currency: string;
  timezone: string;
  countryAlpha2: string;
  rateLimitPerSecond: number;
  rateLimitPerMinute: number;
  /** The sandbox clock: business time is real time plus this. Read it through a context, never cache it. */
  clockOffsetMs: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Named actors that are the platform itself rather than a caller: who stamped a change made by a job or a page. */
export const SYSTEM_PRINCIPALS = ['checkout', 'portal', 'storefront', 'jobs', 'cli', 'seed'] as const;
export type SystemName = (typeof SYSTEM_PRINCIPALS)[number];

/**
 * Who is acting. `access_token`: a token created by the operator; `application`: an OAuth access token
 * (`grantId` set for authorization-code grants, null for client credentials); `staff`: a back-office user;
 * `system`: the platform on the operator's behalf (hosted checkout, customer portal, job worker, CLI, seed).
 */
export interface Principal {
  kind: 'access_token' | 'application' | 'staff' | 'system';
  tokenId: string | null;
  applicationId: string | null;
  grantId: string | null;
  /** The operator's staff record (the `staff` resource) the actor is, when known. */
  staffId: string | null;
  /** The back-office login. */
  staffUserId: string | null;
  system: SystemName | null;
  /** The customer acting in the portal (system principal `portal`): it only ever sees this contact's data. */
  contactId?: string | null;
  scopes: ReadonlySet<Scope>;
}

// Pages reached by capability URL (checkout, portal) act with no API scope; operator-side tools with all.
const SYSTEM_SCOPES: Record<SystemName, readonly Scope[]> = {
  checkout: [],
  portal: [],
  storefront: [],
  jobs: SCOPES,
  cli: SCOPES,
  seed: SCOPES,
};

/** The named system principal for work no caller asked for directly. */
export function systemPrincipal(name: SystemName): Principal {
  return {
    kind: 'system',
    tokenId: null,
    applicationId: null,
    grantId: null,
    staffId: null,
    staffUserId: null,
    system: name,
    scopes: new Set(SYSTEM_SCOPES[name]),
  };
}

/** A customer signed in to the portal: the `portal` system principal bound to one contact. */
export function portalPrincipal(contactId: string): Principal {
  return { ...systemPrincipal('portal'), contactId };
}

/** A back-office staff user acting for one of its operators. */
export function staffPrincipal(staffUserId: string, staffId: string | null = null): Principal {
  return {
    kind: 'staff',
    tokenId: null,
    applicationId: null,
    grantId: null,
    staffId,
    staffUserId,
    system: null,
    scopes: new Set(SCOPES),
  };
}

/**
 * What every domain call receives: the tenant, who acts, and the operator's business clock. Built only by
 * `contexts.contextFor` (domain/operators/contexts.service.ts), which loads the clock from storage. No HTTP here.
 */
export interface OperatorContext {
  operator: Operator;
  principal: Principal;
  /** The operator's business time (sandbox clock). Security lifetimes use the real `Clock` instead. */
  now(): Date;
  /** The API request acting, when one is: stamped on the events it emits (the request inspector's link). */
  requestId?: string;
}
