import type { Price } from './price.ts';

export interface ProtectionLevel {
  id: string;
  operatorId: string;
  /** Cover in minor units of the operator's currency. */
  coverLevel: number;
  accountCode: string | null;
  public: boolean;
  stripeProductId: string;
  prices: Price[];
  createdAt: Date;
  updatedAt: Date;
}
