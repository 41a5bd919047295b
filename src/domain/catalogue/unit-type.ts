import type { Price } from './price.ts';

export const UNIT_TYPE_STATUSES = ['bookable', 'not_bookable', 'archived'] as const;
export type UnitTypeStatus = (typeof UNIT_TYPE_STATUSES)[number];

export interface UnitType {
  id: string;
  operatorId: string;
  siteId: string;
  siteSlug: string;
  name: string;
  slug: string;
  sizeDescription: string;
  dimensions: { width: number; length: number; height: number; measurement_unit: 'ft' | 'm' };
  sellingPoints: string[];
  status: UnitTypeStatus;
  dynamicPricing: boolean;
  requireInsuranceCoverage: boolean;
  requireSecurityDeposit: boolean;
  securityDeposit: number | null;
  promotionId: string | null;
  stripeProductId: string;
  image: { filename: string } | null;
  prices: Price[];
  createdAt: Date;
  updatedAt: Date;
}
