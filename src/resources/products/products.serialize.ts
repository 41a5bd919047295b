import type { Product } from '../../domain/catalogue/product.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref, serializePrices } from '../../http/conventions/serialize-helpers.ts';

export function serializeProduct(env: RenderEnv, p: Product) {
  return {
    id: p.id,
    accounting_code: p.accountingCode,
    category: ref(p.categoryId),
    charge_type: p.chargeType,
    created_at: isoSeconds(p.createdAt),
    description: p.description,
    name: p.name,
    prices: serializePrices(p.prices, env.operator.currency),
    site: { id: p.siteId },
    sku: p.sku,
    updated_at: isoSeconds(p.updatedAt),
  };
}
