import type { Task, TaskFilter } from '../../domain/tasks/task.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate, whereTimeRange } from './paging.ts';

function toTask(r: Row<'tasks'>): Task {
  return {
    id: r.id,
    operatorId: r.operator_id,
    title: r.title,
    description: r.description,
    dueAt: r.due_at,
    status: r.status as Task['status'],
    completedAt: r.completed_at,
    assigneeId: r.assignee_id,
    creatorId: r.creator_id,
    siteId: r.site_id,
    resourceType: r.resource_type as Task['resourceType'],
    resourceId: r.resource_id,
    metadata: (r.metadata ?? {}) as Task['metadata'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(t: Task) {
  return {
    title: t.title,
    description: t.description,
    due_at: t.dueAt,
    status: t.status,
    completed_at: t.completedAt,
    assignee_id: t.assigneeId,
    site_id: t.siteId,
    resource_type: t.resourceType,
    resource_id: t.resourceId,
    metadata: JSON.stringify(t.metadata),
    updated_at: t.updatedAt,
  };
}

export async function insertTask(tx: Tx, t: Task): Promise<void> {
  await tx
    .insertInto('tasks')
    .values({ id: t.id, operator_id: t.operatorId, creator_id: t.creatorId, created_at: t.createdAt, ...columns(t) })
    .execute();
}

/** Conditional on the status it was read in: a racing complete/open cannot both win. */
export async function updateTask(tx: Tx, t: Task, expectedStatus: string): Promise<boolean> {
  const r = await tx
    .updateTable('tasks')
    .set(columns(t))
    .where('id', '=', t.id)
    .where('operator_id', '=', t.operatorId)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteTask(tx: Tx, operatorId: string, id: string): Promise<void> {
  await tx.deleteFrom('tasks').where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

export async function findTasks(tx: Handle, operatorId: string, ids: string[]): Promise<Task[]> {
  if (!ids.length) return [];
  return (
    await tx.selectFrom('tasks').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute()
  ).map(toTask);
}

export async function listTasks(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: TaskFilter,
  range: TimeRange,
): Promise<PageOf<Task>> {
  let qb = tx.selectFrom('tasks').selectAll('tasks').where('tasks.operator_id', '=', operatorId);
  const inList = (
    column: 'status' | 'assignee_id' | 'site_id' | 'resource_id' | 'resource_type',
    values: string[] | undefined,
  ) => {
    if (values?.length) qb = qb.where(`tasks.${column}`, 'in', values);
  };
  inList('status', filter.statuses);
  inList('assignee_id', filter.assigneeIds);
  inList('site_id', filter.siteIds);
  inList('resource_id', filter.resourceIds);
  inList('resource_type', filter.resourceTypes);
  if (filter.dueAfter) qb = qb.where('tasks.due_at', '>=', filter.dueAfter);
  if (filter.dueBefore) qb = qb.where('tasks.due_at', '<', filter.dueBefore);
  if (filter.overdueAt) qb = qb.where('tasks.status', '=', 'open').where('tasks.due_at', '<', filter.overdueAt);
  if (filter.search) {
    const p = likePattern(filter.search);
    qb = qb.where((eb) => eb.or([eb('tasks.title', 'ilike', p), eb('tasks.description', 'ilike', p)]));
  }
  qb = whereTimeRange(qb, 'tasks', range);
  return paginate(
    qb,
    page,
    { created_at: 'tasks.created_at', updated_at: 'tasks.updated_at', due_at: 'tasks.due_at' },
    toTask,
    'tasks',
  );
}
