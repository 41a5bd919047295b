import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/products.repo.ts';
import type { OperatorContext } from '../context.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS, type PricePeriod } from './price.ts';
import type { Product, ProductFilter } from './product.ts';

/** A one-time product is priced once; a recurring one per billing period. */
export function periodsFor(product: Pick<Product, 'chargeType'>): readonly PricePeriod[] {
  return product.chargeType === 'one_time' ? ['one_time'] : BILLING_PERIODS;
}

export function productsService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: ProductFilter): Promise<PageOf<Product>> =>
      repo.listProducts(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findProducts(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Product> {
      const [product] = await repo.findProducts(db, ctx.operator.id, [id]);
      return product ?? notFound('product', id);
    },

    /** Products have no webhooks, so a price change emits nothing. */
    setBasePrices: (ctx: OperatorContext, id: string, input: BasePriceInput): Promise<Product> =>
      withTransaction(db, async (tx) => {
        const [product] = await repo.findProducts(tx, ctx.operator.id, [id]);
        if (!product) notFound('product', id);
        const now = ctx.now();
        await writeBasePrices(tx, ctx.operator.id, id, input, periodsFor(product), now);
        await repo.touchProduct(tx, ctx.operator.id, id, now);
        const [updated] = await repo.findProducts(tx, ctx.operator.id, [id]);
        return updated;
      }),
  };
}
