import { conflict, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/tasks.repo.ts';
import { deleteNotesOf } from '../../storage/repos/notes.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { EventOf } from '../events/event-map.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import { creatorIdOf, mustReference, relatedTypeOf, type RelatedType } from '../references/references.ts';
import { TASK_RESOURCE_TYPES, type Task, type TaskFilter } from './task.ts';
import * as machine from './task.machine.ts';

/** Writable fields; absent keys are left alone on update, null clears a nullable one. */
export interface TaskInput {
  title?: string;
  description?: string | null;
  dueAt?: Date | null;
  assigneeId?: string | null;
  siteId?: string | null;
  resourceId?: string | null;
  metadata?: unknown;
}

function changed(a: Task, b: Task): boolean {
  const wire = (t: Task) =>
    JSON.stringify([
      t.title,
      t.description,
      t.dueAt?.getTime() ?? null,
      t.assigneeId,
      t.siteId,
      t.resourceId,
      Object.entries(t.metadata),
    ]);
  return wire(a) !== wire(b);
}

export function tasksService({ db, events }: { db: Db; events: EventsService }) {
  async function mustFind(tx: Handle, ctx: OperatorContext, id: string): Promise<Task> {
    const [t] = await repo.findTasks(tx, ctx.operator.id, [id]);
    return t ?? notFound('task', id);
  }

  /** References checked; the related record's type comes from its id. */
  async function resolve(
    tx: Tx,
    ctx: OperatorContext,
    input: TaskInput,
  ): Promise<{ resourceType?: RelatedType | null }> {
    await mustReference(tx, ctx.operator.id, 'staff', input.assigneeId, '/assignee/id');
    await mustReference(tx, ctx.operator.id, 'sites', input.siteId, '/site/id');
    if (input.resourceId === undefined) return {};
    if (input.resourceId === null) return { resourceType: null };
    return {
      resourceType: await relatedTypeOf(tx, ctx.operator.id, input.resourceId, TASK_RESOURCE_TYPES, '/resource/id'),
    };
  }

  async function save(tx: Tx, ctx: OperatorContext, current: Task, next: Task, type: EventOf<Task>): Promise<Task> {
    if (!(await repo.updateTask(tx, next, current.status))) {
      throw conflict(`Task '${current.id}' was changed by another request; fetch it and try again.`);
    }
    const saved = await mustFind(tx, ctx, current.id);
    await events.emit(tx, ctx, type, saved);
    return saved;
  }

  const transition = (ctx: OperatorContext, id: string, type: EventOf<Task>, apply: (t: Task, now: Date) => Task) =>
    withTransaction(db, async (tx) => {
      const current = await mustFind(tx, ctx, id);
      return save(tx, ctx, current, apply(current, ctx.now()), type);
    });

  async function createIn(tx: Tx, ctx: OperatorContext, input: TaskInput & { title: string }): Promise<Task> {
    const metadata = metadataForCreate(input.metadata);
    const { resourceType } = await resolve(tx, ctx, input);
    const now = ctx.now();
    const task: Task = {
      id: newId('task'),
      operatorId: ctx.operator.id,
      title: input.title,
      description: input.description ?? null,
      dueAt: input.dueAt ?? null,
      status: 'open',
      completedAt: null,
      assigneeId: input.assigneeId ?? null,
      creatorId: creatorIdOf(ctx.principal),
      siteId: input.siteId ?? null,
      resourceType: resourceType ?? null,
      resourceId: input.resourceId ?? null,
      metadata,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertTask(tx, task);
    const saved = await mustFind(tx, ctx, task.id);
    await events.emit(tx, ctx, 'task.created', saved);
    return saved;
  }

  return {
    /** `overdue` compares due times with the operator's clock, so moving the sandbox clock makes tasks overdue. */
    list: (
      ctx: OperatorContext,
      page: Page,
      filter: TaskFilter & { overdue?: boolean },
      range: TimeRange,
    ): Promise<PageOf<Task>> =>
      repo.listTasks(
        db,
        ctx.operator.id,
        page,
        { ...filter, overdueAt: filter.overdue ? ctx.now() : undefined },
        range,
      ),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findTasks(db, ctx.operator.id, ids),
    get: (ctx: OperatorContext, id: string) => mustFind(db, ctx, id),

    /** An open task, announced as `task.created`. */
    create: (ctx: OperatorContext, input: TaskInput & { title: string }): Promise<Task> =>
      withTransaction(db, (tx) => createIn(tx, ctx, input)),

    /** The same inside the caller's transaction (add-on delivery failures open one while settling). */
    createIn: (tx: Tx, ctx: OperatorContext, input: TaskInput & { title: string }): Promise<Task> =>
      createIn(tx, ctx, input),

    /** Applies the fields given; a patch that changes nothing writes and announces nothing. */
    update: (ctx: OperatorContext, id: string, input: TaskInput): Promise<Task> =>
      withTransaction(db, async (tx) => {
        const current = await mustFind(tx, ctx, id);
        const metadata = applyMetadataPatch(current.metadata, input.metadata);
        const { resourceType } = await resolve(tx, ctx, input);
        const keep = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
        const next: Task = {
          ...current,
          title: input.title ?? current.title,
          description: keep(input.description, current.description),
          dueAt: keep(input.dueAt, current.dueAt),
          assigneeId: keep(input.assigneeId, current.assigneeId),
          siteId: keep(input.siteId, current.siteId),
          resourceId: keep(input.resourceId, current.resourceId),
          resourceType: keep(resourceType, current.resourceType),
          metadata,
        };
        if (!changed(current, next)) return current;
        return save(tx, ctx, current, { ...next, updatedAt: ctx.now() }, 'task.updated');
      }),

    /** open → completed at the operator's now, announced as `task.completed`. */
    complete: (ctx: OperatorContext, id: string) => transition(ctx, id, 'task.completed', machine.complete),

    /** completed → open, completed_at cleared, announced as `task.reopened`. */
    open: (ctx: OperatorContext, id: string) => transition(ctx, id, 'task.reopened', machine.reopen),

    /** Deletes the task and the notes written on it (they annotate nothing once it is gone); no event exists for it. */
    remove: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        await mustFind(tx, ctx, id);
        await deleteNotesOf(tx, ctx.operator.id, id);
        await repo.deleteTask(tx, ctx.operator.id, id);
      }),
  };
}

export type TasksService = ReturnType<typeof tasksService>;
