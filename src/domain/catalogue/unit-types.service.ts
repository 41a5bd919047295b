import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/unit-types.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS } from './price.ts';
import { UNIT_TYPE_STATUSES, type UnitType } from './unit-type.ts';

/** What the back office or the CLI gives to create a unit type; the optional parts take the defaults shown. */
export interface NewUnitType {
  siteId: string;
  name: string;
  /** Default: the name, slugified. */
  slug?: string;
  sizeDescription?: string;
  dimensions?: UnitType['dimensions'];
  sellingPoints?: string[];
  /** Default `bookable`. */
  status?: UnitType['status'];
  requireInsuranceCoverage?: boolean;
  /** Minor units; a deposit makes `require_security_deposit` true. */
  securityDeposit?: number | null;
  /** Base prices per billing period. */
  prices?: BasePriceInput;
}

/** `promotionId`: a coupon of the operator shown as the unit type's promotion, or null to remove it. */
export type UnitTypeEdit = repo.UnitTypeChange & { promotionId?: string | null };

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function checkEdit(e: UnitTypeEdit): void {
  if (e.name !== undefined && !e.name.trim()) throw invalidContent('/name', 'value at `/name` must not be blank');
  if (e.slug !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.slug))
    throw invalidContent('/slug', 'value at `/slug` must be lowercase letters, digits and single hyphens');
  if (e.status !== undefined && !UNIT_TYPE_STATUSES.includes(e.status))
    throw invalidContent('/status', `value at \`/status\` must be one of: ${UNIT_TYPE_STATUSES.join(', ')}`);
  if (e.securityDeposit != null && (!Number.isInteger(e.securityDeposit) || e.securityDeposit <= 0))
    throw invalidContent('/security_deposit', 'value at `/security_deposit` must be a positive integer (minor units)');
  if (e.securityDeposit != null && e.requireSecurityDeposit === false)
    throw invalidContent('/require_security_deposit', 'a security deposit requires `require_security_deposit` true');
  const d = e.dimensions;
  if (
    d &&
    (![d.width, d.length, d.height].every((n) => Number.isFinite(n) && n >= 0) ||
      !['ft', 'm'].includes(d.measurement_unit))
  )
    throw invalidContent(
      '/dimensions',
      'value at `/dimensions` needs non-negative width, length, height and a unit (ft or m)',
    );
}

export function unitTypesService({ db, events }: { db: Db; events: EventsService }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: { siteIds?: string[] }): Promise<PageOf<UnitType>> =>
      repo.listUnitTypes(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findUnitTypes(db, ctx.operator.id, ids),
    idsBySite: (ctx: OperatorContext, siteIds: string[]) => repo.unitTypeIdsBySite(db, ctx.operator.id, siteIds),
    async get(ctx: OperatorContext, id: string): Promise<UnitType> {
      const [ut] = await repo.findUnitTypes(db, ctx.operator.id, [id]);
      return ut ?? notFound('unit_type', id);
    },

    /** Back office / CLI: a new unit type at one of the operator's sites, with its base prices (`unit_type.created`). */
    create: (ctx: OperatorContext, input: NewUnitType): Promise<UnitType> =>
      withTransaction(db, async (tx) => {
        const [site] = await findSites(tx, ctx.operator.id, [input.siteId]);
        if (!site) throw invalidContent('/site_id', 'value at `/site_id` is not a site of this operator');
        const deposit = input.securityDeposit ?? null;
        const fields = {
          name: input.name.trim(),
          slug: input.slug ?? slugOf(input.name),
          sizeDescription: input.sizeDescription ?? '',
          dimensions: input.dimensions ?? { width: 0, length: 0, height: 0, measurement_unit: 'ft' as const },
          sellingPoints: input.sellingPoints ?? [],
          status: input.status ?? 'bookable',
          requireInsuranceCoverage: input.requireInsuranceCoverage ?? false,
          requireSecurityDeposit: deposit !== null,
          securityDeposit: deposit,
        };
        checkEdit({ ...fields, name: input.name });
        const now = ctx.now();
        const id = newId('unitType');
        await repo.insertUnitType(tx, {
          id,
          operatorId: ctx.operator.id,
          siteId: site.id,
          ...fields,
          dynamicPricing: false,
          promotionId: null,
          stripeProductId: `prod_${randomToken(10).replace(/[-_]/g, 'x')}`,
          image: null,
          createdAt: now,
          updatedAt: now,
        });
        if (input.prices) await writeBasePrices(tx, ctx.operator.id, id, input.prices, BILLING_PERIODS, now);
        const [created] = await repo.findUnitTypes(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'unit_type.created', created);
        return created;
      }),

    /** Back office / CLI: edits the given attributes (`unit_type.updated`). */
    update: (ctx: OperatorContext, id: string, edit: UnitTypeEdit): Promise<UnitType> =>
      withTransaction(db, async (tx) => {
        const [ut] = await repo.findUnitTypes(tx, ctx.operator.id, [id]);
        if (!ut) notFound('unit_type', id);
        const change: UnitTypeEdit = { ...edit };
        if (change.securityDeposit !== undefined && change.requireSecurityDeposit === undefined)
          change.requireSecurityDeposit = change.securityDeposit !== null;
        checkEdit(change);
        const requires = change.requireSecurityDeposit ?? ut.requireSecurityDeposit;
        if (requires && (change.securityDeposit === undefined ? ut.securityDeposit : change.securityDeposit) === null)
          throw invalidContent('/security_deposit', 'a unit type that requires a security deposit needs its amount');
        if (change.name !== undefined) change.name = change.name.trim();
        const { promotionId, ...attributes } = change;
        if (promotionId) {
          const [coupon] = await findCoupons(tx, ctx.operator.id, [promotionId]);
          if (!coupon)
            throw invalidContent('/promotion_id', 'value at `/promotion_id` is not a coupon of this operator');
        }
        await repo.updateUnitType(tx, ctx.operator.id, id, attributes, ctx.now());
        if (promotionId !== undefined) await repo.setUnitTypePromotion(tx, ctx.operator.id, id, promotionId, ctx.now());
        const [updated] = await repo.findUnitTypes(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'unit_type.updated', updated);
        return updated;
      }),

    /** Sets base prices and announces the change as `unit_type.updated`, in one transaction. */
    setBasePrices: (ctx: OperatorContext, id: string, input: BasePriceInput): Promise<UnitType> =>
      withTransaction(db, async (tx) => {
        const [ut] = await repo.findUnitTypes(tx, ctx.operator.id, [id]);
        if (!ut) notFound('unit_type', id);
        const now = ctx.now();
        await writeBasePrices(tx, ctx.operator.id, id, input, BILLING_PERIODS, now);
        await repo.touchUnitType(tx, ctx.operator.id, id, now);
        const [updated] = await repo.findUnitTypes(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'unit_type.updated', updated);
        return updated;
      }),
  };
}
