import assert from 'node:assert/strict';
import type { TestApp } from './test-app.ts';

export interface Booked {
  orderId: string;
  tenancyId: string;
  subscriptionId: string;
  contactId: string;
  siteId: string;
  unitTypeId: string;
}

/** A bookable unit type with a monthly price, and the operator's first contact (or those given). */
export async function bookingWorld(t: TestApp, token = t.a.token) {
  const uts = (await t.get('/2025-09/unit_types?limit=100', { token })).body.unit_types;
  const ut = uts.find((u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'));
  const contacts = (await t.get('/2025-09/contacts?limit=100', { token })).body.contacts;
  return {
    unitType: ut,
    monthly: ut.prices.find((p: any) => p.billing_period === 'monthly').price.amount as number,
    contacts: contacts.map((c: any) => c.id) as string[],
  };
}

/** Books through the front door: an order finalized on creation, then paid in the sandbox (card 4242). */
export async function book(
  t: TestApp,
  o: {
    unitTypeId: string;
    siteId: string;
    contactId?: string;
    email?: string;
    startsAt: string;
    amount: number;
    token?: string;
    /** The order's `emails` flags (both default true). */
    emails?: { booking_confirmation: boolean; move_in_day: boolean };
  },
): Promise<Booked> {
  const token = o.token ?? t.a.token;
  const res = await t.post(
    '/2025-09/orders',
    {
      site: { id: o.siteId },
      contact: o.contactId
        ? { id: o.contactId }
        : { email: o.email ?? `booker.${Math.random().toString(36).slice(2)}@example.com` },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: o.startsAt,
      line_items: [{ type: 'unit_type', quantity: 1, price: { amount: o.amount }, item: { id: o.unitTypeId } }],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
      ...(o.emails ? { emails: o.emails } : {}),
    },
    { token },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const paid = await t.post(`/sandbox/orders/${res.body.order.id}/pay`, undefined, { token });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const order = paid.body.order;
  return {
    orderId: order.id,
    tenancyId: order.tenancy.id,
    subscriptionId: order.subscription.id,
    contactId: order.contact.id,
    siteId: o.siteId,
    unitTypeId: o.unitTypeId,
  };
}
