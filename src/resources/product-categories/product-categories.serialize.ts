import type { ProductCategory } from '../../domain/catalogue/product.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeProductCategory(_env: RenderEnv, c: ProductCategory) {
  return { id: c.id, name: c.name };
}
