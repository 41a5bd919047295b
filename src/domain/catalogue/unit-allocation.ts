export interface UnitAllocation {
  id: string;
  operatorId: string;
  unitId: string;
  tenancyId: string;
  /** Null when access was granted straight from `available`. */
  reservedAt: Date | null;
  /** Null while the unit is only reserved. */
  grantedAccessAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
