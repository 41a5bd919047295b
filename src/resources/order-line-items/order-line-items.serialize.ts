import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import type { LineItemView } from '../../domain/orders/order.ts';

/** `total` and `total_excluding_tax` are before the discount, as the reference's line items show them. */
export function serializeLineItem(env: RenderEnv, { line, priced }: LineItemView) {
  const m = (amount: number) => money(amount, env.operator.currency);
  return {
    id: line.id,
    created_at: isoSeconds(line.createdAt),
    discount_total: m(priced.discountTotal),
    item: { id: line.itemId },
    price: m(priced.price),
    quantity: line.quantity,
    tax: m(priced.tax),
    total: m(priced.total),
    total_excluding_tax: m(priced.totalExcludingTax),
    type: line.type,
    updated_at: isoSeconds(line.updatedAt),
  };
}
