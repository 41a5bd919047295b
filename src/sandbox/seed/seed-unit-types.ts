import { newId, randomToken } from '../../kernel/ids.ts';
import { insertUnitType } from '../../storage/repos/unit-types.repo.ts';
import { upsertPrices } from '../../storage/repos/prices.repo.ts';
import { insertImage } from '../../storage/repos/images.repo.ts';
import { newStripePriceId } from '../../domain/catalogue/base-prices.ts';
import { placeholderSvg } from './placeholder-image.ts';
import type { SeedContext } from './seed-context.ts';
import { slugify } from './seed-context.ts';

/** Eight sizes from locker to warehouse; monthly price in pence, the rest derived from it. */
const SIZES = [
  { name: 'Locker', w: 3, l: 3, h: 4, monthly: 2900, points: ['Perfect for documents', 'Ground floor'] },
  { name: '25 sq ft', w: 5, l: 5, h: 8, monthly: 5900, points: ['Fits a small car boot', 'Ground floor'] },
  { name: '35 sq ft', w: 5, l: 7, h: 8, monthly: 7900, points: ['Fits a studio flat'] },
  { name: '50 sq ft', w: 5, l: 10, h: 8, monthly: 9900, points: ['Fits a one-bed flat', 'Most popular'] },
  { name: '75 sq ft', w: 7.5, l: 10, h: 8, monthly: 13900, points: ['Fits a two-bed flat'] },
  { name: '100 sq ft', w: 10, l: 10, h: 8, monthly: 16900, points: ['Fits a three-bed house', 'Drive-up access'] },
  { name: '150 sq ft', w: 10, l: 15, h: 8, monthly: 22900, points: ['Fits a four-bed house', 'Drive-up access'] },
  {
    name: '200 sq ft',
    w: 10,
    l: 20,
    h: 10,
    monthly: 28900,
    points: ['Business stock', 'Roller door', 'Drive-up access'],
  },
] as const;

export async function seedUnitTypes(s: SeedContext): Promise<void> {
  const sizes = s.size === 'full' ? SIZES : SIZES.slice(2, 5);
  for (const [si, site] of s.created.sites.entries()) {
    for (const [i, size] of sizes.entries()) {
      const at = s.at(60 * 24 * 300 - si * 600 - i * 10);
      const id = newId('unitType');
      // The largest size at the third site is not bookable online, to show the conditional link.
      const status = si === 2 && i === sizes.length - 1 ? 'not_bookable' : 'bookable';
      const deposit = size.monthly >= 13900 ? 5000 : null;
      await insertUnitType(s.tx, {
        id,
        operatorId: s.operator.id,
        siteId: site.id,
        name: size.name,
        slug: slugify(size.name),
        sizeDescription: `${size.w}x${size.l} ft`,
        dimensions: { width: size.w, length: size.l, height: size.h, measurement_unit: 'ft' },
        sellingPoints: [...size.points],
        status,
        dynamicPricing: i % 3 === 0,
        requireInsuranceCoverage: true,
        requireSecurityDeposit: deposit !== null,
        securityDeposit: deposit,
        promotionId: null,
        stripeProductId: `prod_${randomToken(10).replace(/[-_]/g, 'x')}`,
        image: { filename: `${slugify(size.name)}.svg` },
        createdAt: at,
        updatedAt: at,
      });
      const m = size.monthly;
      await upsertPrices(
        s.tx,
        s.operator.id,
        id,
        [
          { billingPeriod: 'weekly', amount: Math.round((m * 12) / 52), stripePriceId: newStripePriceId() },
          { billingPeriod: 'monthly', amount: m, stripePriceId: newStripePriceId() },
          {
            billingPeriod: 'every_four_weeks',
            amount: Math.round((m * 12 * 4) / 52),
            stripePriceId: newStripePriceId(),
          },
          { billingPeriod: 'yearly', amount: Math.round(m * 12 * 0.9), stripePriceId: newStripePriceId() },
        ],
        at,
      );
      await insertImage(s.tx, {
        id: `img_${id.slice(6)}`,
        operatorId: s.operator.id,
        ownerId: id,
        name: 'default',
        filename: `${slugify(size.name)}.svg`,
        contentType: 'image/svg+xml',
        data: placeholderSvg(size.name),
        createdAt: at,
      });
      s.created.unitTypes.push({ id, siteId: site.id });
    }
  }
}
