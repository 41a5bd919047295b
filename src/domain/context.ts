import type { Scope } from '../kernel/scopes.ts';

export interface Operator {
  id: string;
  name: string;
  slug: string;
  currency: string;
  timezone: string;
  countryAlpha2: string;
  rateLimitPerSecond: number;
  rateLimitPerMinute: number;
  clockOffsetMs: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is acting: an access token, later an OAuth application or a staff member. */
export interface Principal {
  kind: 'access_token' | 'application' | 'staff';
  tokenId: string | null;
  applicationId: string | null;
  staffId: string | null;
  scopes: ReadonlySet<Scope>;
}

/** What every domain call receives: the tenant and its clock. No HTTP in here. */
export interface OperatorContext {
  operator: Operator;
  principal: Principal;
  now(): Date;
}
