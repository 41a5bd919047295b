import type { PageOf, Page } from '../../kernel/listing.ts';
import { notFound } from '../../kernel/errors.ts';
import type { Db } from '../../storage/database.ts';
import * as sites from '../../storage/repos/sites.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Site } from './site.ts';

export function sitesService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: { search?: string }): Promise<PageOf<Site>> =>
      sites.listSites(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => sites.findSites(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Site> {
      const [site] = await sites.findSites(db, ctx.operator.id, [id]);
      return site ?? notFound('site', id);
    },
  };
}
