import { newId } from '../../kernel/ids.ts';
import { insertDealStage } from '../../storage/repos/deal-stages.repo.ts';
import type { SeedContext } from './seed-context.ts';

// Gaps in the positions, as on a real board where stages were removed.
const FULL = [
  { name: 'New enquiry', position: 1 },
  { name: 'Contacted', position: 2 },
  { name: 'Viewing booked', position: 3 },
  { name: 'Quote sent', position: 5 },
  { name: 'Ready to book', position: 8 },
];
const SMALL = FULL.slice(0, 3);

export async function seedDealStages(s: SeedContext): Promise<void> {
  const stages: string[] = [];
  for (const [i, def] of (s.size === 'full' ? FULL : SMALL).entries()) {
    const at = s.at(60 * 24 * 420 - i * 60);
    const id = newId('dealStage');
    await insertDealStage(s.tx, {
      id,
      operatorId: s.operator.id,
      name: def.name,
      position: def.position,
      createdAt: at,
      updatedAt: at,
    });
    stages.push(id);
  }
  s.created.dealStages = stages;
}
