import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/dashboard.repo.ts';
import type { OperatorContext } from '../context.ts';
import { UNIT_STATUSES, type UnitStatus } from '../catalogue/unit.ts';
import type { UnitType } from '../catalogue/unit-type.ts';
import { localHourOn } from '../lifecycle/local-time.ts';
import { OCCUPYING, type Dashboard, type DayCounts, type SiteFigures } from './dashboard.ts';

const DAY_MS = 86_400_000;
const SQ_FT_PER_M2 = 10.763910416709722;

/** Local midnight `days` days after the local day of `now`, in the zone (noon anchors survive DST shifts). */
function localMidnight(now: Date, timeZone: string, days: number): Date {
  const noon = localHourOn(now, timeZone, 12).getTime() + days * DAY_MS;
  return localHourOn(new Date(noon), timeZone, 0);
}

function floorArea(dimensions: unknown): { area: number; unit: 'ft' | 'm' } {
  const d = (dimensions ?? {}) as Partial<UnitType['dimensions']>;
  const area = Number(d.width ?? 0) * Number(d.length ?? 0);
  return { area: Number.isFinite(area) && area > 0 ? area : 0, unit: d.measurement_unit === 'm' ? 'm' : 'ft' };
}

/**
 * The back-office dashboard: occupancy per site (units and floor area), move-ins and move-outs today and in the next
 * seven days (each site's own calendar day, on the operator clock), overdue invoices, open tasks, open deals by
 * stage. Storage hands back grouped rows (dashboard.repo.ts); the figures are summed here.
 */
export function dashboardService({ db }: { db: Db }) {
  return {
    async get(ctx: OperatorContext): Promise<Dashboard> {
      const op = ctx.operator.id;
      const now = ctx.now();
      const sites = await repo.siteZones(db, op);
      const bounds = new Map(
        sites.map((s) => [
          s.id,
          [localMidnight(now, s.timezone, 0), localMidnight(now, s.timezone, 1), localMidnight(now, s.timezone, 8)],
        ]),
      );
      // One range covering every site's window (zones differ by at most a day or so); bucketed per site below.
      const all = [...bounds.values()];
      const from = new Date(Math.min(...all.map((b) => b[0].getTime()), now.getTime()));
      const to = new Date(Math.max(...all.map((b) => b[2].getTime()), now.getTime()));
      const [units, starts, ends, overdueInvoices, tasks, dealsByStage] = await Promise.all([
        repo.unitCountsByTypeAndStatus(db, op),
        repo.tenancyDatesBetween(db, op, 'starts_at', from, to),
        repo.tenancyDatesBetween(db, op, 'ends_at', from, to),
        repo.overdueInvoiceTotals(db, op, now),
        repo.openTaskCounts(db, op, now),
        repo.openDealsByStage(db, op),
      ]);

      const bucket = (rows: Array<{ siteId: string; at: Date }>) => {
        const bySite = new Map<string, DayCounts>(sites.map((s) => [s.id, { today: 0, next7Days: 0 }]));
        for (const r of rows) {
          const c = bySite.get(r.siteId);
          const b = bounds.get(r.siteId);
          if (!c || !b) continue;
          if (r.at >= b[0] && r.at < b[1]) c.today++;
          else if (r.at >= b[1] && r.at < b[2]) c.next7Days++;
        }
        return bySite;
      };
      const moveIns = bucket(starts);
      const moveOuts = bucket(ends);
      const unitsBySite = new Map<string, typeof units>();
      for (const u of units) unitsBySite.set(u.siteId, [...(unitsBySite.get(u.siteId) ?? []), u]);

      const figures: SiteFigures[] = sites.map((s) => {
        const mine = unitsBySite.get(s.id) ?? [];
        const metric = mine.some((u) => floorArea(u.dimensions).unit === 'm');
        const byStatus = Object.fromEntries(UNIT_STATUSES.map((st) => [st, 0])) as Record<UnitStatus, number>;
        let area = 0;
        let occupiedArea = 0;
        for (const u of mine) {
          const f = floorArea(u.dimensions);
          // A site mixing feet and metres is shown in m² (feet converted); otherwise in its own unit.
          const each = metric && f.unit === 'ft' ? f.area / SQ_FT_PER_M2 : f.area;
          if (u.status in byStatus) byStatus[u.status as UnitStatus] += u.units;
          area += each * u.units;
          if (OCCUPYING.includes(u.status as UnitStatus)) occupiedArea += each * u.units;
        }
        const total = mine.reduce((n, u) => n + u.units, 0);
        return {
          siteId: s.id,
          name: s.name,
          timezone: s.timezone,
          units: total,
          occupiedUnits: OCCUPYING.reduce((n, st) => n + byStatus[st], 0),
          byStatus,
          area: Math.round(area),
          occupiedArea: Math.round(occupiedArea),
          areaUnit: metric ? 'm²' : 'sq ft',
          moveIns: moveIns.get(s.id)!,
          moveOuts: moveOuts.get(s.id)!,
        };
      });
      return { now, currency: ctx.operator.currency, sites: figures, overdueInvoices, tasks, dealsByStage };
    },
  };
}
