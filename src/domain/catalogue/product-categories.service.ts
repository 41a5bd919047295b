import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/product-categories.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { ProductCategory } from './product.ts';

export function productCategoriesService({ db }: { db: Db }) {
  return {
    /** The endpoint has no sort parameters; the reference lists categories alphabetically. */
    list: (ctx: OperatorContext, page: Pick<Page, 'page' | 'limit'>): Promise<PageOf<ProductCategory>> =>
      repo.listProductCategories(db, ctx.operator.id, {
        page: page.page,
        limit: page.limit,
        sortBy: 'name',
        direction: 'asc',
      }),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findProductCategories(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<ProductCategory> {
      const [category] = await repo.findProductCategories(db, ctx.operator.id, [id]);
      return category ?? notFound('product_category', id);
    },
  };
}
