import { invalidContent } from '../../kernel/errors.ts';
import { money } from '../../kernel/money.ts';
import type { Tx } from '../../storage/database.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import { findProtectionLevels } from '../../storage/repos/protection-levels.repo.ts';
import type { ChargeType, LineItemType } from '../pricing/order-pricing.ts';

const KIND: Record<LineItemType, string> = {
  unit_type: 'a unit type',
  security_deposit: 'a unit type',
  protection: 'a protection level',
  product: 'a product',
};

export interface ResolvedItem {
  name: string;
  chargeType?: ChargeType;
}

/**
 * Checks that `itemId` is the right kind of resource for the line type, the operator's own and, for
 * unit types and products, at the order's site (protection levels belong to the operator, not a site).
 * A mismatch is a 422 at `pointer` (`/item/id`, or `/line_items/2/item/id` inside an order body).
 */
export async function resolveItem(
  tx: Tx,
  operator: { id: string; currency: string },
  siteId: string,
  type: LineItemType,
  itemId: string,
  pointer: string,
): Promise<ResolvedItem> {
  const wrong = () => invalidContent(pointer, `value at \`${pointer}\` is not ${KIND[type]} at site ${siteId}`);
  switch (type) {
    case 'unit_type':
    case 'security_deposit': {
      const [u] = await findUnitTypes(tx, operator.id, [itemId]);
      if (!u || u.siteId !== siteId) throw wrong();
      return { name: u.name };
    }
    case 'product': {
      const [p] = await findProducts(tx, operator.id, [itemId]);
      if (!p || p.siteId !== siteId) throw wrong();
      return { name: p.name, chargeType: p.chargeType };
    }
    case 'protection': {
      const [p] = await findProtectionLevels(tx, operator.id, [itemId]);
      if (!p) throw wrong();
      return { name: `Protection: ${money(p.coverLevel, operator.currency).formatted} cover` };
    }
  }
}
