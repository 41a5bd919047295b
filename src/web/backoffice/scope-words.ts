import type { Scope } from '../../kernel/scopes.ts';

/** Each scope in words, as the Authorization guide names and describes it (consent page, scope pickers). */
export const SCOPE_WORDS: Record<Scope, { name: string; description: string }> = {
  'public.contact:read': { name: 'Contact (Read)', description: 'Allow to read all contacts' },
  'public.contact:write': { name: 'Contact (Write)', description: 'Allow to manage contacts' },
  'public.contract:read': { name: 'Contract (Read)', description: 'Allow to read all contracts' },
  'public.contract_template:read': {
    name: 'Contract Template (Read)',
    description: 'Allow to read all contract templates',
  },
  'public.coupon:read': { name: 'Coupon (Read)', description: 'Allow to read all coupons' },
  'public.credit_note:read': { name: 'Credit Note (Read)', description: 'Allow to read all credit notes' },
  'public.deal:read': { name: 'Deal (Read)', description: 'Allow to read all deals' },
  'public.deal:write': { name: 'Deal (Write)', description: 'Allow to manage deals' },
  'public.deal_stage:read': { name: 'Deal Stage (Read)', description: 'Allow to read all deal stages' },
  'public.identity_verification:read': {
    name: 'Identity Verification (Read)',
    description: 'Allow to read all identity verifications',
  },
  'public.invoice:read': { name: 'Invoice (Read)', description: 'Allow to read all invoices' },
  'public.note:read': { name: 'Note (Read)', description: 'Allow to read all notes' },
  'public.note:write': { name: 'Note (Write)', description: 'Allow to manage notes' },
  'public.order:read': { name: 'Order (Read)', description: 'Allow to read all orders' },
  'public.order:write': { name: 'Order (Write)', description: 'Allow to manage orders' },
  'public.product:read': { name: 'Product (Read)', description: 'Allow to read all products' },
  'public.product:write': { name: 'Product (Write)', description: 'Allow to manage products' },
  'public.product_category:read': {
    name: 'Product Category (Read)',
    description: 'Allow to read all product categories',
  },
  'public.protection_level:read': {
    name: 'Protection Level (Read)',
    description: 'Allow to read all protection levels',
  },
  'public.protection_level:write': {
    name: 'Protection Level (Write)',
    description: 'Allow to manage protection levels',
  },
  'public.site:read': { name: 'Site (Read)', description: 'Allow to read all sites' },
  'public.staff:read': { name: 'Staff (Read)', description: 'Allow to read all staff' },
  'public.subscription:read': { name: 'Subscription (Read)', description: 'Allow to read all subscriptions' },
  'public.task:read': { name: 'Task (Read)', description: 'Allow to read all tasks' },
  'public.task:write': { name: 'Task (Write)', description: 'Allow to manage tasks' },
  'public.tenancy:read': { name: 'Tenancy (Read)', description: 'Allow to read all tenancies' },
  'public.timeline_event:write': { name: 'Timeline Event (Write)', description: 'Allow to manage timeline events' },
  'public.timeline_source:read': { name: 'Timeline Source (Read)', description: 'Allow to read all timeline sources' },
  'public.timeline_template:read': {
    name: 'Timeline Template (Read)',
    description: 'Allow to read all timeline templates',
  },
  'public.unit:read': { name: 'Unit (Read)', description: 'Allow to read all units' },
  'public.unit:write': { name: 'Unit (Write)', description: 'Allow to manage units' },
  'public.unit_allocation:read': { name: 'Unit Allocation (Read)', description: 'Allow to read all unit allocations' },
  'public.unit_type:read': { name: 'Unit Type (Read)', description: 'Allow to read all unit types' },
  'public.unit_type:write': { name: 'Unit Type (Write)', description: 'Allow to manage unit types' },
  'public.webhook_endpoint:read': {
    name: 'Webhook Endpoint (Read)',
    description: 'Allow to read all webhook endpoints',
  },
  'public.webhook_endpoint:write': {
    name: 'Webhook Endpoint (Write)',
    description: 'Allow to manage webhook endpoints',
  },
};

/** Scopes grouped by resource for the pickers: `Contact` → read / write. */
export function scopeRows(): Array<{ resource: string; read?: Scope; write?: Scope }> {
  const rows = new Map<string, { resource: string; read?: Scope; write?: Scope }>();
  for (const scope of Object.keys(SCOPE_WORDS) as Scope[]) {
    const [, resource, access] = scope.match(/^public\.(.+):(read|write)$/)!;
    const row = rows.get(resource) ?? { resource: SCOPE_WORDS[scope].name.replace(/ \((Read|Write)\)$/, '') };
    row[access as 'read' | 'write'] = scope;
    rows.set(resource, row);
  }
  return [...rows.values()];
}
