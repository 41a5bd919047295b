/** Wire values: the API says `overlock` where the guides write "overlocked". */
export const UNIT_STATUSES = ['available', 'reserved', 'occupied', 'overlock', 'repossessed', 'unavailable'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface Unit {
  id: string;
  operatorId: string;
  siteId: string;
  unitTypeId: string;
  referenceId: string;
  status: UnitStatus;
  unitAllocationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UnitFilter {
  statuses?: UnitStatus[];
  siteIds?: string[];
  unitTypeIds?: string[];
  /** Case-insensitive substring of reference_id. */
  search?: string;
}
