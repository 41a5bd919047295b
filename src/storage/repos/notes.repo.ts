import type { Note, NoteFilter } from '../../domain/notes/note.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

function toNote(r: Row<'notes'>): Note {
  return {
    id: r.id,
    operatorId: r.operator_id,
    content: r.content,
    creatorId: r.creator_id,
    resourceType: r.resource_type as Note['resourceType'],
    resourceId: r.resource_id,
    metadata: (r.metadata ?? {}) as Note['metadata'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const columns = (n: Note) => ({
  content: n.content,
  resource_type: n.resourceType,
  resource_id: n.resourceId,
  metadata: JSON.stringify(n.metadata),
  updated_at: n.updatedAt,
});

export async function insertNote(tx: Tx, n: Note): Promise<void> {
  await tx
    .insertInto('notes')
    .values({ id: n.id, operator_id: n.operatorId, creator_id: n.creatorId, created_at: n.createdAt, ...columns(n) })
    .execute();
}

export async function updateNote(tx: Tx, n: Note): Promise<void> {
  await tx
    .updateTable('notes')
    .set(columns(n))
    .where('id', '=', n.id)
    .where('operator_id', '=', n.operatorId)
    .execute();
}

export async function deleteNote(tx: Tx, operatorId: string, id: string): Promise<void> {
  await tx.deleteFrom('notes').where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

/** Notes written on a record being deleted. */
export async function deleteNotesOf(tx: Tx, operatorId: string, resourceId: string): Promise<void> {
  await tx.deleteFrom('notes').where('resource_id', '=', resourceId).where('operator_id', '=', operatorId).execute();
}

export async function findNotes(tx: Handle, operatorId: string, ids: string[]): Promise<Note[]> {
  if (!ids.length) return [];
  return (
    await tx.selectFrom('notes').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute()
  ).map(toNote);
}

export async function listNotes(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: NoteFilter,
  range: TimeRange,
): Promise<PageOf<Note>> {
  let qb = tx.selectFrom('notes').selectAll('notes').where('notes.operator_id', '=', operatorId);
  if (filter.resourceIds?.length) qb = qb.where('notes.resource_id', 'in', filter.resourceIds);
  if (filter.resourceTypes?.length) qb = qb.where('notes.resource_type', 'in', filter.resourceTypes);
  qb = whereTimeRange(qb, 'notes', range);
  return paginate(qb, page, { created_at: 'notes.created_at', updated_at: 'notes.updated_at' }, toNote, 'notes');
}
