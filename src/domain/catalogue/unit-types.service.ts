import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/unit-types.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS } from './price.ts';
import type { UnitType } from './unit-type.ts';

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
