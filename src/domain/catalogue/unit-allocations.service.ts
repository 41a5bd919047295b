import { notFound } from '../../kernel/errors.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/unit-allocations.repo.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { OperatorContext } from '../context.ts';
import type { UnitAllocation } from './unit-allocation.ts';

/** Reads only: allocations are made and removed by the unit actions (reserve, grant access, deallocate). */
export function unitAllocationsService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: repo.UnitAllocationFilter): Promise<PageOf<UnitAllocation>> =>
      repo.listUnitAllocations(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findUnitAllocations(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<UnitAllocation> {
      const [allocation] = await repo.findUnitAllocations(db, ctx.operator.id, [id]);
      return allocation ?? notFound('unit_allocation', id);
    },
  };
}
