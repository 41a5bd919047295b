import type { ResourceModule } from './module.ts';
import { sitesModule } from './sites/sites.routes.ts';
import { unitTypesModule } from './unit-types/unit-types.routes.ts';
import { unitsModule } from './units/units.routes.ts';
import { unitAllocationsModule } from './unit-allocations/unit-allocations.routes.ts';
import { productCategoriesModule } from './product-categories/product-categories.routes.ts';
import { productsModule } from './products/products.routes.ts';
import { protectionLevelsModule } from './protection-levels/protection-levels.routes.ts';
import { couponsModule } from './coupons/coupons.routes.ts';
import { contactsModule } from './contacts/contacts.routes.ts';
import { staffModule } from './staff/staff.routes.ts';
import { contractTemplatesModule } from './contract-templates/contract-templates.routes.ts';
import { dealStagesModule } from './deal-stages/deal-stages.routes.ts';
import { dealsModule } from './deals/deals.routes.ts';
import { tasksModule } from './tasks/tasks.routes.ts';
import { notesModule } from './notes/notes.routes.ts';
import { timelineEventsModule } from './timeline-events/timeline-events.routes.ts';
import { identityVerificationsModule } from './identity-verifications/identity-verifications.routes.ts';
import { timelineCatalogueModule } from './timeline-catalogue/timeline-catalogue.routes.ts';
import { webhookEndpointsModule } from './webhook-endpoints/webhook-endpoints.routes.ts';
import { sandboxModule } from './sandbox/sandbox.routes.ts';
import { imagesModule } from './images/images.routes.ts';
import { ordersModule } from './orders/orders.routes.ts';
import { orderLineItemsModule } from './order-line-items/order-line-items.routes.ts';
import { tenanciesModule } from './tenancies/tenancies.routes.ts';
import { subscriptionsModule } from './subscriptions/subscriptions.routes.ts';
import { invoicesModule } from './invoices/invoices.routes.ts';
import { creditNotesModule } from './credit-notes/credit-notes.routes.ts';
import { contractsModule } from './contracts/contracts.routes.ts';

/** Every API resource. A new resource folder adds its module here. */
export const apiModules: ResourceModule[] = [
  sitesModule,
  unitTypesModule,
  unitsModule,
  unitAllocationsModule,
  productCategoriesModule,
  productsModule,
  protectionLevelsModule,
  couponsModule,
  contactsModule,
  identityVerificationsModule,
  ordersModule,
  orderLineItemsModule,
  staffModule,
  contractTemplatesModule,
  contractsModule,
  tenanciesModule,
  subscriptionsModule,
  invoicesModule,
  creditNotesModule,
  dealStagesModule,
  dealsModule,
  tasksModule,
  notesModule,
  timelineCatalogueModule,
  timelineEventsModule,
  imagesModule,
  webhookEndpointsModule,
  sandboxModule,
];
