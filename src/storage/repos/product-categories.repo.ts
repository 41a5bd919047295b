import type { ProductCategory } from '../../domain/catalogue/product.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toCategory(r: Row<'product_categories'>): ProductCategory {
  return { id: r.id, operatorId: r.operator_id, name: r.name, createdAt: r.created_at };
}

export async function insertProductCategories(tx: Tx, categories: ProductCategory[]): Promise<void> {
  if (!categories.length) return;
  await tx
    .insertInto('product_categories')
    .values(categories.map((c) => ({ id: c.id, operator_id: c.operatorId, name: c.name, created_at: c.createdAt })))
    .execute();
}

export async function findProductCategories(tx: Handle, operatorId: string, ids: string[]): Promise<ProductCategory[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('product_categories')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toCategory);
}

export async function listProductCategories(
  tx: Handle,
  operatorId: string,
  page: Page,
): Promise<PageOf<ProductCategory>> {
  const qb = tx
    .selectFrom('product_categories')
    .selectAll('product_categories')
    .where('product_categories.operator_id', '=', operatorId);
  return paginate(
    qb,
    page,
    { name: 'product_categories.name', created_at: 'product_categories.created_at' },
    toCategory,
    'product_categories',
  );
}
