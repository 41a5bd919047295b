import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import { findAccessGrant, listAccessGrants } from '../../storage/repos/access-grants.repo.ts';
import { findAllocationOfUnit } from '../../storage/repos/unit-allocations.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findUnits } from '../../storage/repos/units.repo.ts';
import { findAccessProviderName, saveAccessProviderName } from '../../storage/repos/access-control-settings.repo.ts';
import { DomainError, invalidContent, notFound } from '../../kernel/errors.ts';
import type { PageOf } from '../../kernel/listing.ts';
import type { OperatorContext } from '../context.ts';
import type { Unit } from '../catalogue/unit.ts';
import type { AccessControlProvider, AccessGrant, AccessGrantFilter, AccessSubject } from './access-grant.ts';
import { SIMULATED_PROVIDER, simulatedAccessProvider } from './simulated-access.provider.ts';

/** The unit changes that move access, as their events name them. */
export type AccessCause =
  'unit.reserved' | 'unit.occupied' | 'unit.overlocked' | 'unit.deallocated' | 'unit.repossessed';

/** Providers by name: the built-in simulated one plus any add-on handed in at start (no self-registration). */
export function accessProviderRegistry(addOns: AccessControlProvider[] = []): Map<string, AccessControlProvider> {
  const registry = new Map<string, AccessControlProvider>();
  for (const p of [simulatedAccessProvider(), ...addOns]) {
    if (registry.has(p.name)) throw new Error(`Access-control provider '${p.name}' is registered twice`);
    registry.set(p.name, p);
  }
  return registry;
}

/** Why the door does what it does, in the operator's words (shown in the sandbox and on the unit page). */
export function accessReason(cause: AccessCause, s: AccessSubject): string {
  switch (cause) {
    case 'unit.reserved':
      return `Reserved for tenancy ${s.tenancyId}: the code opens the door from now on.`;
    case 'unit.occupied':
      return `Occupied by tenancy ${s.tenancyId}.`;
    case 'unit.overlocked':
      return 'Overlocked: the door stays shut until the overlock is removed (the overdue balance is paid).';
    case 'unit.deallocated':
      return `Deallocated: tenancy ${s.tenancyId ?? '(none)'} no longer holds the unit.`;
    case 'unit.repossessed':
      return 'Repossessed by the operator: the tenant no longer has access.';
  }
}

/**
 * Access control driven by the unit's state machine (docs/decisions/access-control.md): reserved or occupied →
 * grant, overlocked → restrict, deallocated or repossessed → revoke, for the tenancy (and its contact) that holds
 * the unit. Called by the unit actions inside the transaction of the change, so access and unit status never
 * disagree after a commit. The operator's setting names its provider; the registry resolves the name.
 */
export function accessControlService({
  db,
  providers = accessProviderRegistry(),
}: {
  db: Db;
  providers?: Map<string, AccessControlProvider>;
}) {
  /** Who holds the unit now: its allocation's tenancy and that tenancy's contact. */
  async function holderOf(tx: Tx, ctx: OperatorContext, unitId: string): Promise<AccessSubject> {
    const allocation = await findAllocationOfUnit(tx, ctx.operator.id, unitId);
    const [tenancy] = allocation ? await findTenancies(tx, ctx.operator.id, [allocation.tenancyId]) : [];
    return { unitId, tenancyId: tenancy?.id ?? null, contactId: tenancy?.contactId ?? null };
  }

  /**
   * The operator's provider. A name the registry no longer holds (an add-on not handed in at this start) fails the
   * unit change rather than leave a door the platform believes it moved.
   */
  async function providerOf(tx: Tx, ctx: OperatorContext): Promise<AccessControlProvider> {
    const name = (await findAccessProviderName(tx, ctx.operator.id)) ?? SIMULATED_PROVIDER;
    const provider = providers.get(name);
    if (!provider)
      throw new DomainError(
        'conflict',
        `The operator's access-control provider '${name}' is not available; choose one of: ${[...providers.keys()].join(', ')}.`,
      );
    return provider;
  }

  return {
    holderOf,
    providerNames: (): string[] => [...providers.keys()],

    /**
     * Applies the access consequence of a unit change. `subject` defaults to the unit's current holder; a
     * deallocation passes the holder it read before the allocation was removed.
     */
    async onUnitChange(tx: Tx, ctx: OperatorContext, unit: Unit, cause: AccessCause, subject?: AccessSubject) {
      const provider = await providerOf(tx, ctx);
      const who = subject ?? (await holderOf(tx, ctx, unit.id));
      const reason = accessReason(cause, who);
      if (cause === 'unit.reserved' || cause === 'unit.occupied') await provider.grant(tx, ctx, who, reason);
      else if (cause === 'unit.overlocked') await provider.restrict(tx, ctx, who, reason);
      else await provider.revoke(tx, ctx, who, reason);
    },

    /** The provider the operator chose (`simulated` until it chooses another). */
    providerName: async (ctx: OperatorContext): Promise<string> =>
      (await findAccessProviderName(db, ctx.operator.id)) ?? SIMULATED_PROVIDER,

    /** Chooses the operator's provider; only a name the registry holds (a 422 on `/provider` otherwise). */
    setProvider: (ctx: OperatorContext, name: string): Promise<string> =>
      withTransaction(db, async (tx) => {
        if (!providers.has(name))
          throw invalidContent(
            '/provider',
            `value at \`/provider\` must be one of: ${[...providers.keys()].join(', ')}`,
          );
        await saveAccessProviderName(tx, ctx.operator.id, name, ctx.now());
        return name;
      }),

    /** The simulated provider's doors (sandbox and back office). */
    listSimulated: (
      ctx: OperatorContext,
      filter: AccessGrantFilter,
      page: { page: number; limit: number },
    ): Promise<PageOf<AccessGrant>> => listAccessGrants(db, ctx.operator.id, filter, page),

    /** One unit's door in the simulated provider; null when nothing was ever granted. Unknown unit: not found. */
    simulatedOfUnit: (ctx: OperatorContext, unitId: string): Promise<AccessGrant | null> =>
      withTransaction(db, async (tx) => {
        if (!(await findUnits(tx, ctx.operator.id, [unitId])).length) notFound('unit', unitId);
        return findAccessGrant(tx, ctx.operator.id, unitId);
      }),

    simulatedEnabled: (): boolean => providers.has(SIMULATED_PROVIDER),
  };
}

export type AccessControlService = ReturnType<typeof accessControlService>;
