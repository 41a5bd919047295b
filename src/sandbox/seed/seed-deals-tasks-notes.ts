import { newId } from '../../kernel/ids.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import type { Task } from '../../domain/tasks/task.ts';
import type { Note } from '../../domain/notes/note.ts';
import { insertDeal } from '../../storage/repos/deals.repo.ts';
import { insertTask } from '../../storage/repos/tasks.repo.ts';
import { insertNote } from '../../storage/repos/notes.repo.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * The demo operator's sales pipeline in miniature: an open deal, a follow-up task on it and a note on its
 * contact. One of each, so the generated isolation and contract tests have a record to try (a skip there
 * is a failure).
 */
export async function seedDealsTasksNotes(s: SeedContext): Promise<void> {
  const stageId = s.created.dealStages?.[0];
  const contactId = s.created.contacts?.[4];
  const staffId = s.created.staff[0];
  const site = s.created.sites[0];
  const unitType = s.created.unitTypes.find((u) => u.siteId === site?.id);
  if (s.size !== 'full' || !stageId || !contactId || !staffId || !site || !unitType) return;
  const at = s.at(45);
  const deal: Deal = {
    id: newId('deal'),
    operatorId: s.operator.id,
    name: 'House move: 50 sq ft for three months',
    contactId,
    stageId,
    status: 'open',
    lostReason: null,
    assigneeId: staffId,
    creatorId: staffId,
    siteId: site.id,
    note: 'Moving mid-month; wants ground-floor access.',
    valueEstimate: null,
    startsAt: s.at(-21 * 24 * 60),
    lineItems: [{ type: 'unit_type', itemId: unitType.id, quantity: 1 }],
    metadata: {},
    createdAt: at,
    updatedAt: at,
  };
  await insertDeal(s.tx, deal);
  const task: Task = {
    id: newId('task'),
    operatorId: s.operator.id,
    title: 'Call back with a ground-floor quote',
    description: null,
    dueAt: s.at(-2 * 24 * 60),
    status: 'open',
    completedAt: null,
    assigneeId: staffId,
    creatorId: staffId,
    siteId: site.id,
    resourceType: 'deal',
    resourceId: deal.id,
    metadata: {},
    createdAt: at,
    updatedAt: at,
  };
  await insertTask(s.tx, task);
  const note: Note = {
    id: newId('note'),
    operatorId: s.operator.id,
    content: 'Prefers email; available after 5pm.',
    creatorId: staffId,
    resourceType: 'contact',
    resourceId: contactId,
    metadata: {},
    createdAt: at,
    updatedAt: at,
  };
  await insertNote(s.tx, note);
}
