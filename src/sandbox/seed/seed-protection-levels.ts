import { newId, randomToken } from '../../kernel/ids.ts';
import { newStripePriceId } from '../../domain/catalogue/base-prices.ts';
import { insertProtectionLevel } from '../../storage/repos/protection-levels.repo.ts';
import { upsertPrices } from '../../storage/repos/prices.repo.ts';
import type { SeedContext } from './seed-context.ts';

/** Cover in minor units and the weekly premium; monthly and four-weekly derive from it. */
const FULL = [
  { cover: 100_000, weekly: 150, accountCode: 'INS-COVER', public: true },
  { cover: 500_000, weekly: 350, accountCode: 'INS-COVER', public: true },
  { cover: 1_000_000, weekly: 575, accountCode: 'INS-COVER', public: true },
  // High-value cover is arranged by staff, not offered on the storefront.
  { cover: 2_000_000, weekly: 999, accountCode: null, public: false },
];
const SMALL = [
  { cover: 100_000, weekly: 175, accountCode: null, public: true },
  { cover: 500_000, weekly: 400, accountCode: null, public: true },
];

export async function seedProtectionLevels(s: SeedContext): Promise<void> {
  for (const [i, d] of (s.size === 'full' ? FULL : SMALL).entries()) {
    const at = s.at(60 * 24 * 305 - i * 10);
    const id = newId('protectionLevel');
    await insertProtectionLevel(s.tx, {
      id,
      operatorId: s.operator.id,
      coverLevel: d.cover,
      accountCode: d.accountCode,
      public: d.public,
      stripeProductId: `prod_${randomToken(10).replace(/[-_]/g, 'x')}`,
      createdAt: at,
      updatedAt: at,
    });
    await upsertPrices(
      s.tx,
      s.operator.id,
      id,
      [
        { billingPeriod: 'weekly', amount: d.weekly, stripePriceId: newStripePriceId() },
        { billingPeriod: 'monthly', amount: Math.round((d.weekly * 52) / 12), stripePriceId: newStripePriceId() },
        { billingPeriod: 'every_four_weeks', amount: d.weekly * 4, stripePriceId: newStripePriceId() },
      ],
      at,
    );
    s.created.protectionLevels.push(id);
  }
}
