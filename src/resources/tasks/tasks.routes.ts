import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import { TASK_RESOURCE_TYPES, TASK_STATUSES } from '../../domain/tasks/task.ts';
import type { ResourceModule } from '../module.ts';
import {
  CreateTaskBody,
  TaskDeletedEnvelope,
  TaskEnvelope,
  TaskParams,
  TasksEnvelope,
  TasksQuery,
  UpdateTaskBody,
  taskInputOf,
} from './tasks.schemas.ts';
import { serializeTask } from './tasks.serialize.ts';

const one = { kind: 'one', key: 'task', type: 'task' } as const;
const tag = 'Tasks';
const read = 'public.task:read';
const write = 'public.task:write';
const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);

const listTasks = defineRoute({
  method: 'GET',
  path: '/tasks',
  scope: read,
  operationId: 'listTasks',
  summary: 'List all Tasks',
  tag,
  query: TasksQuery,
  response: TasksEnvelope,
  envelope: { kind: 'list', key: 'tasks', type: 'task' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', TASK_STATUSES),
      assigneeIds: multi(query, 'assignee_id'),
      siteIds: multi(query, 'site_id'),
      resourceIds: multi(query, 'resource_id'),
      resourceTypes: multi(query, 'resource_type', TASK_RESOURCE_TYPES),
      dueAfter: date(query.due_after),
      dueBefore: date(query.due_before),
      overdue: query.overdue === true,
      search: text(query, 'search'),
    };
    const { items, total } = await ctx.services.tasks.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((x) => serializeTask(ctx, x)), total };
  },
});

const showTask = defineRoute({
  method: 'GET',
  path: '/tasks/:task_id',
  scope: read,
  operationId: 'showTask',
  summary: 'Show a Task',
  tag,
  params: TaskParams,
  query: ShowQuery,
  response: TaskEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeTask(ctx, await ctx.services.tasks.get(ctx, params.task_id)),
});

const createTask = defineRoute({
  method: 'POST',
  path: '/tasks',
  scope: write,
  operationId: 'createTask',
  summary: 'Create a Task',
  tag,
  query: ShowQuery,
  body: CreateTaskBody,
  response: TaskEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeTask(ctx, await ctx.services.tasks.create(ctx, { ...taskInputOf(body), title: body.title })),
});

const updateTask = defineRoute({
  method: 'PATCH',
  path: '/tasks/:task_id',
  scope: write,
  operationId: 'updateTask',
  summary: 'Update a Task',
  tag,
  params: TaskParams,
  query: ShowQuery,
  body: UpdateTaskBody,
  response: TaskEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeTask(ctx, await ctx.services.tasks.update(ctx, params.task_id, taskInputOf(body))),
});

const deleteTask = defineRoute({
  method: 'DELETE',
  path: '/tasks/:task_id',
  scope: write,
  operationId: 'deleteTask',
  summary: 'Delete a Task',
  tag,
  params: TaskParams,
  response: TaskDeletedEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.tasks.remove(ctx, params.task_id);
    return { message: 'Task deleted successfully.' };
  },
});

const completeTask = defineRoute({
  method: 'POST',
  path: '/tasks/:task_id/complete',
  scope: write,
  operationId: 'completeTask',
  summary: 'Complete a Task',
  tag,
  params: TaskParams,
  query: ShowQuery,
  response: TaskEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeTask(ctx, await ctx.services.tasks.complete(ctx, params.task_id)),
});

const openTask = defineRoute({
  method: 'POST',
  path: '/tasks/:task_id/open',
  scope: write,
  operationId: 'openTask',
  summary: 'Open a Task',
  tag,
  params: TaskParams,
  query: ShowQuery,
  response: TaskEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeTask(ctx, await ctx.services.tasks.open(ctx, params.task_id)),
});

export const tasksModule: ResourceModule = {
  routes: [listTasks, showTask, createTask, updateTask, deleteTask, completeTask, openTask],
  types: [
    {
      name: 'task',
      scope: read,
      load: async (ctx, ids) => renderedById(await ctx.services.tasks.findMany(ctx, ids), (x) => serializeTask(ctx, x)),
      // `creator` may be staff, an application or a token: only staff creators expand.
      relations: { assignee: { type: 'staff' }, creator: { type: 'staff' }, site: { type: 'site' } },
    },
  ],
  renderers: { task: serializeTask },
};
