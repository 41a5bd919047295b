import type { ProtectionLevel } from '../../domain/catalogue/protection-level.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { serializePrices } from '../../http/conventions/serialize-helpers.ts';

export function serializeProtectionLevel(env: RenderEnv, p: ProtectionLevel) {
  const currency = env.operator.currency;
  return {
    id: p.id,
    account_code: p.accountCode,
    cover_level: money(p.coverLevel, currency),
    created_at: isoSeconds(p.createdAt),
    prices: serializePrices(p.prices, currency),
    public: p.public,
    stripe_product_id: p.stripeProductId,
    updated_at: isoSeconds(p.updatedAt),
  };
}
