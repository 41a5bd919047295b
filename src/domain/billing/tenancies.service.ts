import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/tenancies.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Tenancy } from './tenancy.ts';

export function tenanciesService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<Tenancy>> => repo.listTenancies(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findTenancies(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Tenancy> {
      const [t] = await repo.findTenancies(db, ctx.operator.id, [id]);
      return t ?? notFound('tenancy', id);
    },
  };
}
