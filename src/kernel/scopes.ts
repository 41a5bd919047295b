/**
 * The scopes Lockyard grants: the Authentication guide's list, minus the three that guard no endpoint
 * (`public.access_token:read`, `public.application:read`, `public.timeline_event:read`), so a token form,
 * the consent page or `scopes_supported` never offers a scope that grants nothing (docs/decisions/scopes.md;
 * test/api/scopes.test.ts keeps this list equal to the scopes the routes use).
 */
export const SCOPES = [
  'public.contact:read',
  'public.contact:write',
  'public.contract:read',
  'public.contract_template:read',
  'public.coupon:read',
  'public.credit_note:read',
  'public.deal:read',
  'public.deal:write',
  'public.deal_stage:read',
  'public.identity_verification:read',
  'public.invoice:read',
  'public.note:read',
  'public.note:write',
  'public.order:read',
  'public.order:write',
  'public.product:read',
  'public.product:write',
  'public.product_category:read',
  'public.protection_level:read',
  'public.protection_level:write',
  'public.site:read',
  'public.staff:read',
  'public.subscription:read',
  'public.task:read',
  'public.task:write',
  'public.tenancy:read',
  'public.timeline_event:write',
  'public.timeline_source:read',
  'public.timeline_template:read',
  'public.unit:read',
  'public.unit:write',
  'public.unit_allocation:read',
  'public.unit_type:read',
  'public.unit_type:write',
  'public.webhook_endpoint:read',
  'public.webhook_endpoint:write',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A scope that allows changing data (`public.*:write`). */
export function isWriteScope(scope: Scope): boolean {
  return scope.endsWith(':write');
}
