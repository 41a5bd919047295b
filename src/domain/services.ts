import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../storage/database.ts';
import { tokensService } from './access/tokens.service.ts';
import { idempotencyService, type IdempotencyFaults } from './access/idempotency.service.ts';
import { sitesService } from './catalogue/sites.service.ts';
import { unitTypesService } from './catalogue/unit-types.service.ts';
import { unitsService } from './catalogue/units.service.ts';
import { unitAllocationsService } from './catalogue/unit-allocations.service.ts';
import { unitActionsService } from './catalogue/unit-actions.service.ts';
import { lifecycleService } from './lifecycle/lifecycle.service.ts';
import { accessControlService, accessProviderRegistry } from './access-control/access-control.service.ts';
import type { AccessControlProvider } from './access-control/access-grant.ts';
import { productCategoriesService } from './catalogue/product-categories.service.ts';
import { productsService } from './catalogue/products.service.ts';
import { protectionLevelsService } from './catalogue/protection-levels.service.ts';
import { couponsService } from './catalogue/coupons.service.ts';
import { contactsService } from './contacts/contacts.service.ts';
import { staffService } from './staff/staff.service.ts';
import { contractTemplatesService } from './contracts/contract-templates.service.ts';
import { dealStagesService } from './deals/deal-stages.service.ts';
import { timelineCatalogueService } from './timeline/timeline-catalogue.service.ts';
import { eventsService, type EventRenderer } from './events/events.service.ts';
import { imagesService } from './images/images.service.ts';
import { clockService } from './operators/clock.service.ts';
import { contextsService } from './operators/contexts.service.ts';
import { jobsService } from './jobs/jobs.service.ts';
import { webhookEndpointsService } from './webhooks/webhook-endpoints.service.ts';
import { webhooksService } from './webhooks/webhooks.service.ts';
import { requestInspectorService } from './requests/request-inspector.service.ts';
import type { WebhookNetwork } from './webhooks/webhook-endpoint.ts';
import { oauthService } from './oauth/oauth.service.ts';
import { staffLoginsService } from './staff-auth/staff-logins.service.ts';
import { teamService } from './staff-auth/team.service.ts';
import { operatorsService } from './operators/operators.service.ts';
import { tenanciesService } from './billing/tenancies.service.ts';
import { subscriptionsService } from './billing/subscriptions.service.ts';
import { invoicesService } from './billing/invoices.service.ts';
import { creditNotesService } from './billing/credit-notes.service.ts';
import { invoiceActionsService } from './billing/invoice-actions.service.ts';
import { contractsService } from './contracts/contracts.service.ts';
import { billingService } from './billing/billing.service.ts';
import { ordersService } from './orders/orders.service.ts';
import { dealsService } from './deals/deals.service.ts';
import { tasksService } from './tasks/tasks.service.ts';
import { notesService } from './notes/notes.service.ts';
import { timelineEventsService } from './timeline/timeline-events.service.ts';
import { identityVerificationsService } from './identity/identity-verifications.service.ts';
import { addonsService, type AddonsDeps, type AddonsService } from './addons/addons.service.ts';
import { addonApiService } from './addons/addon-api.service.ts';
import { customBillingService, type AddonCall } from './addons/custom-billing.service.ts';
import { billingCollection } from './addons/billing-collection.ts';
import type { Sealer } from './addons/sealing.ts';
import type { WebtaskRunner } from './addons/webtask.ts';
import { emailsService } from './email/emails.service.ts';
import { emailTemplatesService } from './email/email-templates.service.ts';
import { portalAuthService } from './portal/portal-auth.service.ts';
import { portalService } from './portal/portal.service.ts';
import { dashboardService } from './dashboard/dashboard.service.ts';
import { faultsService } from './faults/faults.service.ts';

export interface ServiceDeps {
  db: Db;
  /** Real time; each operator's business time comes from `contexts`. */
  clock: Clock;
  /** Writes by any process (database.onChange): keeps the operator cache behind `contexts` honest. */
  onDataChange?: (listener: () => void) => () => void;
  /** Signs image URLs; one per instance, kept in the database. */
  imageSecret: string;
  /** Renders event payloads the way the show endpoints do. */
  renderEvent: EventRenderer;
  /** Sandbox (default) or production mode: decides, among other things, where webhooks may connect. */
  sandbox?: boolean;
  /** Where webhooks may connect beyond the public internet (operator allow-list) and, in tests, a resolver. */
  webhookNetwork?: WebhookNetwork;
  /** Test seams around the Idempotency-Key's unit of work (crash-safety tests only). */
  idempotencyFaults?: IdempotencyFaults;
  /** Access-control add-ons, registered by name next to the built-in simulated provider. */
  accessProviders?: AccessControlProvider[];
  /** Seals what add-ons entrust to Lockyard (signing secrets, secret custom fields): AES-256-GCM, key from main.ts. */
  sealer: Sealer;
  /** `<public url>/api`, the add-on API (the `apiUrl` of deliveries). */
  addonApiUrl?: string;
  /** Runs add-on webtasks in a sandbox (engines/addons/webtask-runner.ts). */
  webtaskRunner?: WebtaskRunner;
  /** Synchronous signed calls to add-ons (custom billing), built on the delivery path (engines/addons). */
  addonCall?: AddonCall;
  /** Lockyard's own add-ons take the credentials of their installs here (main.ts). */
  onAddonInstalled?: AddonsDeps['onInstalled'];
}

/** Every domain service, wired once. Each is a factory with explicit dependencies. */
export function createServices(deps: ServiceDeps) {
  const contexts = contextsService({ db: deps.db, clock: deps.clock, onChange: deps.onDataChange });
  const tokens = tokensService(deps);
  const jobs = jobsService(deps);
  const webhooks = webhooksService({ ...deps, jobs });
  const emails = emailsService({ ...deps, jobs });
  // Every emitted event fans out to webhook deliveries, the emails it causes and add-ons, in the emitting transaction.
  // Add-ons are built after the tasks they open; their fan-out is reached through this binding.
  let addons: AddonsService | undefined;
  const events = eventsService({
    render: deps.renderEvent,
    hooks: [webhooks.fanOut, emails.onEvent, (tx, ctx, event) => addons!.fanOut(tx, ctx, event)],
  });
  const base = { ...deps, events, contexts };
  const tasks = tasksService(base);
  addons = addonsService({
    db: deps.db,
    clock: deps.clock,
    contexts,
    jobs,
    tasks,
    emails,
    sealer: deps.sealer,
    apiUrl: deps.addonApiUrl ?? 'http://localhost:4000/api',
    webtasks: deps.webtaskRunner,
    onInstalled: deps.onAddonInstalled,
  });
  const accessControl = accessControlService({ db: deps.db, providers: accessProviderRegistry(deps.accessProviders) });
  const unitActions = unitActionsService({ ...base, access: accessControl, onTransferred: addons.unitTransferred });
  const lifecycle = lifecycleService({
    ...base,
    jobs,
    unitActions,
    emails,
    collectElsewhere: billingCollection({ jobs }),
  });
  const contracts = contractsService(base);
  const invoices = invoicesService(base);
  const subscriptions = subscriptionsService(base);
  const identityVerifications = identityVerificationsService(base);
  const team = teamService(deps);
  const invoiceActions = invoiceActionsService({ ...base, lifecycle });
  return {
    contexts,
    tokens,
    faults: faultsService({ ...deps, sandbox: deps.sandbox ?? true }),
    events,
    idempotency: idempotencyService({ ...deps, faults: deps.idempotencyFaults }),
    clock: clockService({ db: deps.db, contexts }),
    jobs,
    emails,
    emailTemplates: emailTemplatesService({ db: deps.db }),
    webhookEndpoints: webhookEndpointsService(deps),
    webhooks,
    requests: requestInspectorService(deps),
    oauth: oauthService({ ...deps, tokens }),
    staffLogins: staffLoginsService(deps),
    team,
    operators: operatorsService({ db: deps.db, clock: deps.clock, contexts, team }),
    images: imagesService(deps),
    sites: sitesService(base),
    unitTypes: unitTypesService(base),
    units: unitsService(base),
    unitAllocations: unitAllocationsService(base),
    unitActions,
    accessControl,
    lifecycle,
    productCategories: productCategoriesService(base),
    products: productsService(base),
    protectionLevels: protectionLevelsService(base),
    coupons: couponsService(base),
    contacts: contactsService(base),
    staff: staffService(base),
    contractTemplates: contractTemplatesService(base),
    dealStages: dealStagesService(base),
    deals: dealsService(base),
    tasks,
    addons,
    addonApi: addonApiService({ db: deps.db, addons, invoiceActions }),
    notes: notesService(base),
    timelineEvents: timelineEventsService(base),
    identityVerifications,
    dashboard: dashboardService(base),
    timelineCatalogue: timelineCatalogueService(base),
    tenancies: tenanciesService(base),
    subscriptions,
    invoices,
    creditNotes: creditNotesService(base),
    invoiceActions,
    customBilling: customBillingService({
      db: deps.db,
      clock: deps.clock,
      sealer: deps.sealer,
      apiUrl: deps.addonApiUrl ?? 'http://localhost:4000/api',
      addons,
      call: deps.addonCall,
      markPaid: invoiceActions.markPaid,
    }),
    contracts,
    portalAuth: portalAuthService({ ...base, emails }),
    portal: portalService({ ...base, lifecycle, contracts, invoices, subscriptions, identityVerifications, addons }),
    billing: billingService({ ...base, unitActions, lifecycle }),
    // Stateless factories: the orders service gets its own contacts and billing handles.
    orders: ordersService({
      ...base,
      contacts: contactsService(base),
      billing: billingService({ ...base, unitActions, lifecycle }),
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
