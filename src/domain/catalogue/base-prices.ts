import { randomBytes } from '../../kernel/ids.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { Tx } from '../../storage/database.ts';
import { upsertPrices } from '../../storage/repos/prices.repo.ts';
import type { PricePeriod } from './price.ts';

export type BasePriceInput = Partial<Record<PricePeriod, { amount: number }>>;

export function newStripePriceId(): string {
  return `price_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

/** Writes base prices for the periods given; each changed price gets a new Stripe-style price id. */
export async function writeBasePrices(
  tx: Tx,
  operatorId: string,
  ownerId: string,
  input: BasePriceInput,
  allowed: readonly PricePeriod[],
  now: Date,
): Promise<void> {
  const entries = Object.entries(input) as Array<[PricePeriod, { amount: number }]>;
  const bad = entries.filter(([period]) => !allowed.includes(period));
  if (bad.length) {
    throw new DomainError(
      'invalid_content',
      undefined,
      bad.map(([period]) => ({
        pointer: `/${period}`,
        message: `billing period \`${period}\` is not available here; use one of: ${allowed.join(', ')}`,
      })),
    );
  }
  await upsertPrices(
    tx,
    operatorId,
    ownerId,
    entries.map(([billingPeriod, { amount }]) => ({ billingPeriod, amount, stripePriceId: newStripePriceId() })),
    now,
  );
}
