import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findProductCategories } from '../../storage/repos/product-categories.repo.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Handle } from '../../storage/database.ts';
import * as repo from '../../storage/repos/products.repo.ts';
import type { OperatorContext } from '../context.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS, type PricePeriod } from './price.ts';
import { CHARGE_TYPES, type Product, type ProductFilter } from './product.ts';

/** What the back office gives to create a product (a site's extra: padlock, boxes, insurance add-on…). */
export interface NewProduct {
  siteId: string;
  name: string;
  chargeType: Product['chargeType'];
  description?: string | null;
  accountingCode?: string | null;
  sku?: string | null;
  categoryId?: string | null;
  prices?: BasePriceInput;
}

export type ProductEdit = repo.ProductChange;

/** A one-time product is priced once; a recurring one per billing period. */
export function periodsFor(product: Pick<Product, 'chargeType'>): readonly PricePeriod[] {
  return product.chargeType === 'one_time' ? ['one_time'] : BILLING_PERIODS;
}

function checkEdit(e: ProductEdit): void {
  if (e.name !== undefined && !e.name.trim()) throw invalidContent('/name', 'value at `/name` must not be blank');
  if (e.sku != null && !/^[A-Za-z0-9._-]{1,64}$/.test(e.sku))
    throw invalidContent('/sku', 'value at `/sku` must be 1–64 letters, digits, dots, hyphens or underscores');
}

export function productsService({ db }: { db: Db }) {
  async function checkCategory(tx: Handle, operatorId: string, id?: string | null) {
    if (!id) return;
    const [category] = await findProductCategories(tx, operatorId, [id]);
    if (!category)
      throw invalidContent('/category_id', 'value at `/category_id` is not a product category of this operator');
  }

  return {
    /** Back office: a new product at one of the operator's sites, with its prices (products have no webhooks). */
    create: (ctx: OperatorContext, input: NewProduct): Promise<Product> =>
      withTransaction(db, async (tx) => {
        const [site] = await findSites(tx, ctx.operator.id, [input.siteId]);
        if (!site) throw invalidContent('/site_id', 'value at `/site_id` is not a site of this operator');
        if (!CHARGE_TYPES.includes(input.chargeType))
          throw invalidContent('/charge_type', `value at \`/charge_type\` must be one of: ${CHARGE_TYPES.join(', ')}`);
        checkEdit(input);
        await checkCategory(tx, ctx.operator.id, input.categoryId);
        const now = ctx.now();
        const id = newId('product');
        await repo.insertProducts(tx, [
          {
            id,
            operatorId: ctx.operator.id,
            siteId: site.id,
            categoryId: input.categoryId ?? null,
            name: input.name.trim(),
            description: input.description ?? null,
            chargeType: input.chargeType,
            accountingCode: input.accountingCode ?? null,
            sku: input.sku ?? null,
            createdAt: now,
            updatedAt: now,
          },
        ]);
        if (input.prices) await writeBasePrices(tx, ctx.operator.id, id, input.prices, periodsFor(input), now);
        const [created] = await repo.findProducts(tx, ctx.operator.id, [id]);
        return created;
      }),

    /** Back office: edits name, description, codes or category; the charge type is fixed (its prices depend on it). */
    update: (ctx: OperatorContext, id: string, edit: ProductEdit): Promise<Product> =>
      withTransaction(db, async (tx) => {
        const [product] = await repo.findProducts(tx, ctx.operator.id, [id]);
        if (!product) notFound('product', id);
        checkEdit(edit);
        await checkCategory(tx, ctx.operator.id, edit.categoryId);
        await repo.updateProduct(tx, ctx.operator.id, id, { ...edit, name: edit.name?.trim() }, ctx.now());
        const [updated] = await repo.findProducts(tx, ctx.operator.id, [id]);
        return updated;
      }),

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
