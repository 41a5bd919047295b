import { newId, withDeterministicIds } from '../../kernel/ids.ts';
import { SCOPES, type Scope } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import { insertOperator, listOperators } from '../../storage/repos/operators.repo.ts';
import { systemPrincipal, type Operator } from '../../domain/context.ts';
import type { TokensService } from '../../domain/access/tokens.service.ts';
import { seededRandom, type SeedContext } from './seed-context.ts';
import { seedSites } from './seed-sites.ts';
import { seedUnitTypes } from './seed-unit-types.ts';
import { seedCoupons, seedPromotions } from './seed-coupons.ts';
import { seedUnits } from './seed-units.ts';
import { seedProducts } from './seed-products.ts';
import { seedProtectionLevels } from './seed-protection-levels.ts';
import { seedStaff } from './seed-staff.ts';
import { seedContractTemplates } from './seed-contract-templates.ts';
import { seedDealStages } from './seed-deal-stages.ts';
import { seedTimeline } from './seed-timeline.ts';
import { seedContacts } from './seed-contacts.ts';
import { seedBilling } from './seed-billing.ts';
import { seedHeldUnits } from './seed-held-units.ts';
import { seedLifecycle } from './seed-lifecycle.ts';
import { finishDemoLogins, seedStaffLogins } from './seed-staff-logins.ts';
import { seedOrdersAndWebhooks } from './seed-orders-webhooks.ts';
import { seedDealsTasksNotes } from './seed-deals-tasks-notes.ts';
import { seedIdentityVerifications } from './seed-identity-verifications.ts';
import { seedEmails } from './seed-emails.ts';
import type { EventsService } from '../../domain/events/events.service.ts';

/** Seed parts in dependency order. Each area adds its part here. */
const PARTS: Array<{ name: string; run: (s: SeedContext) => Promise<void> }> = [
  { name: 'sites', run: seedSites },
  { name: 'coupons', run: seedCoupons },
  { name: 'unit types', run: seedUnitTypes },
  { name: 'promotions', run: seedPromotions },
  { name: 'units', run: seedUnits },
  { name: 'products', run: seedProducts },
  { name: 'protection levels', run: seedProtectionLevels },
  { name: 'staff', run: seedStaff },
  { name: 'contract templates', run: seedContractTemplates },
  { name: 'deal stages', run: seedDealStages },
  { name: 'timeline sources and templates', run: seedTimeline },
  { name: 'contacts', run: seedContacts },
  { name: 'completed bookings', run: seedBilling },
  { name: 'held units', run: seedHeldUnits },
  { name: 'lifecycle schedule', run: seedLifecycle },
  { name: 'draft order and webhook endpoint', run: seedOrdersAndWebhooks },
  { name: 'deal, task and note', run: seedDealsTasksNotes },
  { name: 'identity verification', run: seedIdentityVerifications },
  { name: 'sandbox mailbox', run: seedEmails },
  { name: 'staff logins', run: seedStaffLogins },
];

export interface SeededOperator {
  id: string;
  name: string;
  access_token: string;
  scopes: Scope[];
}

export interface DemoCredentials {
  operators: SeededOperator[];
  [extra: string]: unknown;
}

const OPERATORS = [
  {
    name: 'Acme Self Storage',
    slug: 'acme',
    currency: 'GBP',
    timezone: 'Europe/London',
    country: 'GB',
    size: 'full' as const,
    seed: 1,
  },
  {
    name: 'Harbour Storage Co',
    slug: 'harbour',
    currency: 'EUR',
    timezone: 'Europe/Dublin',
    country: 'IE',
    size: 'small' as const,
    seed: 2,
  },
];

/** True when the database has no operators yet (first start). */
export async function needsSeed(db: Db): Promise<boolean> {
  return (await listOperators(db)).length === 0;
}

/** The sandbox demo seed's default key: every sandbox seeded with it has the same ids, tokens and secrets. */
export const DEFAULT_SEED_KEY = 'lockyard-demo';

/**
 * Seeds the demo operator and a smaller second one (to prove isolation), each with an all-scopes token. With a
 * `seedKey` (sandbox mode) every id, token, client id and secret and the staff password derive from it, so a reset
 * recreates the same credentials (docs/decisions/deterministic-seed.md); without one (production) they are random.
 */
export async function seedDemo(
  deps: { db: Db; clock: Clock; tokens: TokensService; events: Pick<EventsService, 'emit'> },
  progress: (m: string) => void = () => {},
  seedKey?: string,
): Promise<DemoCredentials> {
  return seedKey ? withDeterministicIds(seedKey, () => seedAll(deps, progress)) : seedAll(deps, progress);
}

async function seedAll(
  deps: { db: Db; clock: Clock; tokens: TokensService; events: Pick<EventsService, 'emit'> },
  progress: (m: string) => void,
): Promise<DemoCredentials> {
  const operators: SeededOperator[] = [];
  for (const def of OPERATORS) {
    const now = deps.clock.now();
    const operator: Operator = {
      id: newId('operator'),
      name: def.name,
      slug: def.slug,
      currency: def.currency,
      timezone: def.timezone,
      countryAlpha2: def.country,
      rateLimitPerSecond: 10,
      rateLimitPerMinute: 60,
      clockOffsetMs: 0,
      createdAt: now,
      updatedAt: now,
    };
    progress(`Seeding ${def.name}…`);
    await withTransaction(deps.db, async (tx) => {
      await insertOperator(tx, operator);
      const s: SeedContext = {
        tx,
        operator,
        now,
        at: (minutesAgo) => new Date(Math.floor(now.getTime() / 1000) * 1000 - minutesAgo * 60_000),
        random: seededRandom(def.seed),
        size: def.size,
        created: {
          sites: [],
          unitTypes: [],
          coupons: [],
          productCategories: [],
          products: [],
          protectionLevels: [],
          staff: [],
          contractTemplates: [],
        },
        emit: async (type, entity, at) => {
          // Seeded history is back-dated on purpose: the event carries the time of the seeded change.
          await deps.events.emit(tx, { operator, principal: systemPrincipal('seed'), now: () => at }, type, entity);
        },
      };
      for (const part of PARTS) {
        progress(`  ${part.name}`);
        await part.run(s);
      }
    });
    const { token } = await deps.tokens.create({
      operatorId: operator.id,
      scopes: [...SCOPES],
      name: 'Demo all-scopes token',
    });
    operators.push({ id: operator.id, name: operator.name, access_token: token, scopes: [...SCOPES] });
  }
  return {
    operators,
    ...(await finishDemoLogins(
      deps,
      operators.map((o) => o.id),
    )),
  };
}
