import type { UnitStatus } from '../catalogue/unit.ts';

/** Units a tenant holds: occupancy counts these over all the site's units (docs/decisions/dashboard.md). */
export const OCCUPYING: readonly UnitStatus[] = ['occupied', 'overlock'];

export interface DayCounts {
  /** The site's local calendar day containing the operator clock's now. */
  today: number;
  /** The seven local days after today. */
  next7Days: number;
}

export interface SiteFigures {
  siteId: string;
  name: string;
  timezone: string;
  units: number;
  occupiedUnits: number;
  byStatus: Record<UnitStatus, number>;
  /** Floor area (width × length of each unit's type), in `areaUnit`. */
  area: number;
  occupiedArea: number;
  areaUnit: 'sq ft' | 'm²';
  moveIns: DayCounts;
  moveOuts: DayCounts;
}

export interface Dashboard {
  /** The operator clock's now: what "today" and "overdue" are measured against. */
  now: Date;
  currency: string;
  sites: SiteFigures[];
  overdueInvoices: { count: number; amount: number };
  tasks: { open: number; overdue: number };
  dealsByStage: Array<{ stageId: string; name: string; deals: number }>;
}

/** Occupied share in percent, one decimal; 0 with nothing to occupy. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
