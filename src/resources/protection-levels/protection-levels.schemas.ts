import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  MoneyInput,
  MoneySchema,
  Nullable,
  PriceSchema,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const ProtectionLevelSchema = Type.Object({
  id: Type.String({ examples: ['plvl_e8f3ad0a07e47566'] }),
  account_code: Nullable(Type.String()),
  cover_level: MoneySchema,
  created_at: Timestamp,
  prices: Type.Array(PriceSchema),
  public: Type.Boolean(),
  stripe_product_id: Type.String(),
  updated_at: Timestamp,
});

export const ProtectionLevelParams = Type.Object({ protection_level_id: Type.String() });
export const ProtectionLevelsQuery = listQuery({ sort: ['created_at'] });
export const ProtectionLevelEnvelope = oneEnvelope('protection_level', ProtectionLevelSchema);
export const ProtectionLevelsEnvelope = listEnvelope('protection_levels', ProtectionLevelSchema);

/** Recurring billing periods only: protection is charged with the storage subscription. */
export const ProtectionLevelBasePriceBody = Type.Object(
  Object.fromEntries(BILLING_PERIODS.map((p) => [p, Type.Optional(MoneyInput)])),
  { additionalProperties: false, minProperties: 1 },
);
