import type { Price } from './price.ts';

export const CHARGE_TYPES = ['one_time', 'recurring'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

export interface Product {
  id: string;
  operatorId: string;
  siteId: string;
  categoryId: string | null;
  name: string;
  description: string | null;
  chargeType: ChargeType;
  accountingCode: string | null;
  sku: string | null;
  prices: Price[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductFilter {
  siteIds?: string[];
  chargeTypes?: ChargeType[];
  categoryIds?: string[];
}

export interface ProductCategory {
  id: string;
  operatorId: string;
  name: string;
  createdAt: Date;
}
