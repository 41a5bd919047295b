import { newId, randomBytes } from '../../kernel/ids.ts';
import type { Order, OrderLineItem } from '../../domain/orders/order.ts';
import { viewOf } from '../../domain/orders/order-views.ts';
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import { insertLineItems, insertOrder } from '../../storage/repos/orders.repo.ts';
import { insertEndpoint } from '../../storage/repos/webhook-endpoints.repo.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * The demo operator's work in progress: a draft order with line items (announced as `order.created`,
 * so the sandbox event log has an entry) and a webhook endpoint. Every resource the API serves then has
 * a seeded instance, which the generated isolation and contract tests require (a skip there is a failure).
 * The endpoint is created disabled, after the event: seeding never sends a webhook anywhere.
 */
export async function seedOrdersAndWebhooks(s: SeedContext): Promise<void> {
  if (s.size !== 'full') return;
  const site = s.created.sites[0];
  const unitTypeRef = s.created.unitTypes.find((u) => u.siteId === site?.id);
  const contactId = s.created.contacts?.[1];
  if (!site || !unitTypeRef || !contactId) return;
  const [unitType] = await findUnitTypes(s.tx, s.operator.id, [unitTypeRef.id]);
  const monthly = unitType.prices.find((p) => p.billingPeriod === 'monthly') ?? unitType.prices[0];
  const createdAt = s.at(90);
  const order: Order = {
    id: newId('order'),
    operatorId: s.operator.id,
    siteId: site.id,
    contactId,
    billingPeriod: 'monthly',
    paymentMethod: 'card',
    startsAt: s.at(-14 * 24 * 60),
    startsNow: false,
    couponId: null,
    contractTemplateId: s.created.contractTemplates[0] ?? null,
    purchaseOrderNumber: null,
    emails: { bookingConfirmation: true, moveInDay: true },
    metadata: { campaign: 'spring-move-in' },
    source: 'public_api',
    status: 'draft',
    checkoutToken: null,
    cancelRedirectUrl: null,
    tenancyId: null,
    subscriptionId: null,
    finalizedAt: null,
    completedAt: null,
    createdAt,
    updatedAt: createdAt,
  };
  const line = (type: OrderLineItem['type'], itemId: string, unitAmount: number): OrderLineItem => ({
    id: newId('orderLineItem'),
    operatorId: s.operator.id,
    orderId: order.id,
    type,
    itemId,
    quantity: 1,
    unitAmount,
    createdAt,
    updatedAt: createdAt,
  });
  const lines = [line('unit_type', unitType.id, monthly.amount)];
  const [product] = (await findProducts(s.tx, s.operator.id, s.created.products)).filter(
    (p) => p.siteId === site.id && p.chargeType === 'one_time',
  );
  const productPrice = product?.prices.find((p) => p.billingPeriod === 'one_time');
  if (product && productPrice) lines.push(line('product', product.id, productPrice.amount));
  await insertOrder(s.tx, order);
  await insertLineItems(s.tx, lines);
  await s.emit('order.created', await viewOf(s.tx, s.operator.id, order), createdAt);

  const endpointAt = s.at(60);
  const staffId = s.created.staff[0];
  if (!staffId) return;
  const endpoint: WebhookEndpoint = {
    id: newId('webhookEndpoint'),
    operatorId: s.operator.id,
    applicationId: null,
    creatorId: staffId,
    authority: { kind: 'staff', id: staffId },
    name: 'Bookings to CRM',
    description: 'Sends new and completed orders to the CRM (disabled until the CRM is live).',
    url: 'https://crm.example.com/webhooks/lockyard',
    apiVersion: '2025-09',
    eventTypes: ['order.created', 'order.completed'],
    metadata: {},
    secret: randomBytes(32).toString('hex'),
    status: 'disabled',
    disabledAt: endpointAt,
    disabledReason: 'operator_disabled',
    createdAt: endpointAt,
    updatedAt: endpointAt,
  };
  await insertEndpoint(s.tx, endpoint);
}
