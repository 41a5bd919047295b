import { newId } from '../../kernel/ids.ts';
import type { Unit, UnitStatus } from '../../domain/catalogue/unit.ts';
import { insertUnits } from '../../storage/repos/units.repo.ts';
import type { SeedContext } from './seed-context.ts';

/** Units per unit type, smallest size first: lockers and small rooms are the most numerous. */
const FULL_COUNTS = [40, 32, 26, 25, 18, 12, 9, 5];
const SMALL_COUNTS = [12, 10, 8];
const BATCH = 200;

/** Mostly available, a third occupied, then a tail of reserved, overlocked and offline units. */
function pickStatus(r: number): UnitStatus {
  if (r < 0.56) return 'available';
  if (r < 0.86) return 'occupied';
  if (r < 0.93) return 'reserved';
  if (r < 0.96) return 'overlock';
  if (r < 0.99) return 'unavailable';
  return 'repossessed';
}

/** "acme-camden" → "CAM", "harbour-storage-bristol" → "BRI": the place, not the brand. */
function siteCode(slug: string): string {
  const word = slug.split('-').find((w) => !['acme', 'harbour', 'storage', 'self'].includes(w)) ?? slug;
  return word.slice(0, 3).toUpperCase();
}

export async function seedUnits(s: SeedContext): Promise<void> {
  const counts = s.size === 'full' ? FULL_COUNTS : SMALL_COUNTS;
  const units: Unit[] = [];
  for (const site of s.created.sites) {
    const code = siteCode(site.slug);
    const numbers = new Map<string, number>();
    for (const [i, unitType] of s.created.unitTypes.filter((u) => u.siteId === site.id).entries()) {
      // Blocks by size: A small, B medium, C large (drive-up).
      const block = i < 3 ? 'A' : i < 6 ? 'B' : 'C';
      for (let k = 0; k < (counts[i] ?? 5); k++) {
        const n = (numbers.get(block) ?? 0) + 1;
        numbers.set(block, n);
        // The first unit of every type stays available, so every type has stock to book.
        const status = k === 0 ? 'available' : pickStatus(s.random());
        const createdAt = s.at(60 * 24 * 299 - units.length * 3);
        const updatedAt = status === 'available' ? createdAt : s.at(Math.floor(s.random() * 60 * 24 * 120));
        units.push({
          id: newId('unit'),
          operatorId: s.operator.id,
          siteId: site.id,
          unitTypeId: unitType.id,
          referenceId: `${code}-${block}${String(n).padStart(3, '0')}`,
          status,
          unitAllocationId: null,
          createdAt,
          updatedAt,
        });
      }
    }
  }
  for (let i = 0; i < units.length; i += BATCH) await insertUnits(s.tx, units.slice(i, i + BATCH));
  s.created.units = units.map((u) => ({ id: u.id, siteId: u.siteId, unitTypeId: u.unitTypeId, status: u.status }));
}
