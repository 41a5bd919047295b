import type { Product, ProductFilter } from '../../domain/catalogue/product.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';
import { pricesFor } from './prices.repo.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toProduct(r: Row<'products'>): Product {
  return {
    id: r.id,
    operatorId: r.operator_id,
    siteId: r.site_id,
    categoryId: r.category_id,
    name: r.name,
    description: r.description,
    chargeType: r.charge_type as Product['chargeType'],
    accountingCode: r.accounting_code,
    sku: r.sku,
    prices: [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withPrices(tx: Handle, list: Product[]): Promise<Product[]> {
  const prices = await pricesFor(
    tx,
    list.map((p) => p.id),
  );
  for (const p of list) p.prices = prices.get(p.id) ?? [];
  return list;
}

export async function insertProducts(tx: Tx, products: Array<Omit<Product, 'prices'>>): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  if (!products.length) return;
  await tx
    .insertInto('products')
    .values(
      products.map((p) => ({
        id: p.id,
        operator_id: p.operatorId,
        site_id: p.siteId,
        category_id: p.categoryId,
        name: p.name,
        description: p.description,
        charge_type: p.chargeType,
        accounting_code: p.accountingCode,
        sku: p.sku,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      })),
    )
    .execute();
}

export async function findProducts(tx: Handle, operatorId: string, ids: string[]): Promise<Product[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('products')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withPrices(tx, rows.map(toProduct));
}

export async function listProducts(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: ProductFilter,
): Promise<PageOf<Product>> {
  let qb = tx.selectFrom('products').selectAll('products').where('products.operator_id', '=', operatorId);
  if (filter.siteIds) qb = qb.where('products.site_id', 'in', filter.siteIds);
  if (filter.chargeTypes) qb = qb.where('products.charge_type', 'in', filter.chargeTypes);
  if (filter.categoryIds) qb = qb.where('products.category_id', 'in', filter.categoryIds);
  const res = await paginate(qb, page, { created_at: 'products.created_at' }, toProduct, 'products');
  await withPrices(tx, res.items);
  return res;
}

export async function touchProduct(tx: Tx, operatorId: string, id: string, at: Date): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .updateTable('products')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export type ProductChange = Partial<Pick<Product, 'name' | 'description' | 'accountingCode' | 'sku' | 'categoryId'>>;

/** Writes the given attributes (and `updated_at`); the others stay as they are. */
export async function updateProduct(tx: Tx, operatorId: string, id: string, change: ProductChange, at: Date) {
  forgetInTx(tx, CATALOGUE_MEMO);
  const set: Record<string, unknown> = { updated_at: at };
  if (change.name !== undefined) set.name = change.name;
  if (change.description !== undefined) set.description = change.description;
  if (change.accountingCode !== undefined) set.accounting_code = change.accountingCode;
  if (change.sku !== undefined) set.sku = change.sku;
  if (change.categoryId !== undefined) set.category_id = change.categoryId;
  await tx.updateTable('products').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}
