import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/staff.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { StaffMember } from './staff.ts';

export function staffService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: { search?: string }): Promise<PageOf<StaffMember>> =>
      repo.listStaff(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findStaff(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<StaffMember> {
      const [s] = await repo.findStaff(db, ctx.operator.id, [id]);
      return s ?? notFound('staff', id);
    },
  };
}
