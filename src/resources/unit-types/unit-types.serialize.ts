import type { UnitType } from '../../domain/catalogue/unit-type.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { moneyOrNull } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref, serializePrices } from '../../http/conventions/serialize-helpers.ts';

export function serializeUnitType(env: RenderEnv, u: UnitType) {
  const currency = env.operator.currency;
  return {
    id: u.id,
    // The storefront order link exists only while the unit type can be booked.
    _links:
      u.status === 'bookable'
        ? {
            'sf:new_order': {
              href: `/sites/${u.siteSlug}/order/contact-details?unit_type_slug=${encodeURIComponent(u.slug)}`,
              title: 'New order',
            },
          }
        : {},
    created_at: isoSeconds(u.createdAt),
    dimensions: {
      height: u.dimensions.height,
      length: u.dimensions.length,
      measurement_unit: u.dimensions.measurement_unit,
      width: u.dimensions.width,
    },
    dynamic_pricing: u.dynamicPricing,
    images: env.imageUrls(u.id, u.image),
    name: u.name,
    prices: serializePrices(u.prices, currency),
    promotion: ref(u.promotionId),
    require_insurance_coverage: u.requireInsuranceCoverage,
    require_security_deposit: u.requireSecurityDeposit,
    security_deposit: moneyOrNull(u.securityDeposit, currency),
    selling_points: u.sellingPoints,
    site: { id: u.siteId },
    size_description: u.sizeDescription,
    slug: u.slug,
    status: u.status,
    stripe_product_id: u.stripeProductId,
    updated_at: isoSeconds(u.updatedAt),
  };
}
