import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/units.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Unit, UnitFilter } from './unit.ts';

export function unitsService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: UnitFilter, range: TimeRange = {}): Promise<PageOf<Unit>> =>
      repo.listUnits(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findUnits(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Unit> {
      const [unit] = await repo.findUnits(db, ctx.operator.id, [id]);
      return unit ?? notFound('unit', id);
    },
  };
}
