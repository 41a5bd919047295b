import { newId } from '../../kernel/ids.ts';
import { insertStaff } from '../../storage/repos/staff.repo.ts';
import type { SeedContext } from './seed-context.ts';

const FULL = ['Olivia Bennett', 'Marcus Reid', 'Priya Shah', 'Tom Gallagher'];
const SMALL = ['Aoife Byrne', 'Conor Walsh'];

export async function seedStaff(s: SeedContext): Promise<void> {
  const names = s.size === 'full' ? FULL : SMALL;
  for (const [i, name] of names.entries()) {
    const at = s.at(60 * 24 * 500 - i * 60 * 24 * 20);
    const id = newId('staff');
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}@${s.operator.slug}-storage.example.com`;
    await insertStaff(s.tx, { id, operatorId: s.operator.id, name, email, createdAt: at, updatedAt: at });
    s.created.staff.push(id);
  }
}
