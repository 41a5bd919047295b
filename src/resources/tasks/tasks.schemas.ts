import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TASK_RESOURCE_TYPES, TASK_STATUSES } from '../../domain/tasks/task.ts';
import type { TaskInput } from '../../domain/tasks/tasks.service.ts';
import {
  IdInput,
  MetadataInput,
  MetadataSchema,
  Nullable,
  NullableInput,
  Ref,
  StringEnum,
  SuccessEnvelope,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, commaFilter } from '../../http/conventions/list-query.ts';

export const TaskSchema = Type.Object({
  id: Type.String({ examples: ['task_195h6kfm9ro15lof'] }),
  assignee: Nullable(Ref('staff')),
  completed_at: Nullable(Timestamp),
  created_at: Timestamp,
  creator: Type.Object({
    id: Type.String({
      description: 'The staff member, OAuth application or access token that created the task',
      examples: ['tok_7f6e5fb4bb548dbc'],
    }),
  }),
  description: Nullable(Type.String()),
  due_at: Nullable(Timestamp),
  metadata: MetadataSchema,
  resource: Nullable(
    Type.Object({
      id: Type.String({
        description: 'A contact, deal, subscription, tenancy or unit',
        examples: ['unit_1e36123098e22cf8'],
      }),
    }),
  ),
  site: Nullable(Ref('site')),
  status: StringEnum(TASK_STATUSES),
  title: Type.String(),
  updated_at: Timestamp,
});

const writable = <T extends TSchema>(title: T) => ({
  title,
  description: Type.Optional(
    NullableInput(Type.String({ maxLength: 10000, description: 'May contain HTML; null removes it' })),
  ),
  due_at: Type.Optional(
    NullableInput(Type.String({ format: 'date-time', description: 'When the task is due; null removes it' })),
  ),
  assignee: Type.Optional(NullableInput(IdInput('staff'))),
  site: Type.Optional(NullableInput(IdInput('site'))),
  resource: Type.Optional(
    NullableInput(
      Type.Object(
        {
          id: Type.String({
            minLength: 1,
            maxLength: 64,
            description: `The ID of the related ${TASK_RESOURCE_TYPES.join(', ')}`,
          }),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  metadata: Type.Optional(MetadataInput),
});

const Title = Type.String({ minLength: 1, maxLength: 255, description: 'The title of the task' });
export const CreateTaskBody = Type.Object(writable(Title), { additionalProperties: false });
export const UpdateTaskBody = Type.Object(writable(Type.Optional(Title)), { additionalProperties: false });

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const TasksQuery = listQuery({
  sort: ['created_at', 'updated_at', 'due_at'],
  search: true,
  expand: true,
  timeRange: 'created_updated',
  filters: {
    status: filterEnum(TASK_STATUSES, 'Filter by status'),
    assignee_id: commaFilter('Filter by assignee (staff) ID'),
    site_id: commaFilter('Filter by site ID'),
    resource_id: commaFilter('Filter by related resource ID'),
    resource_type: filterEnum(TASK_RESOURCE_TYPES, 'Filter by related resource type'),
    due_after: DateTime('Tasks due at or after this ISO 8601 timestamp'),
    due_before: DateTime('Tasks due before this ISO 8601 timestamp'),
    overdue: Type.Boolean({ description: "true: open tasks whose due time has passed on the operator's clock" }),
  },
});

export const TaskParams = Type.Object({ task_id: Type.String({ description: 'The ID of the task' }) });
export const TaskEnvelope = oneEnvelope('task', TaskSchema);
export const TasksEnvelope = listEnvelope('tasks', TaskSchema);
export { SuccessEnvelope as TaskDeletedEnvelope };

type Body = Static<typeof UpdateTaskBody>;

/** Wire body → domain input; absent keys stay absent so that PATCH leaves them alone. */
export function taskInputOf(body: Body): TaskInput {
  const ref = (v: { id: string } | null | undefined) => (v === undefined ? undefined : v === null ? null : v.id);
  return {
    title: body.title,
    description: body.description,
    dueAt: body.due_at === undefined ? undefined : body.due_at === null ? null : new Date(body.due_at),
    assigneeId: ref(body.assignee),
    siteId: ref(body.site),
    resourceId: ref(body.resource),
    metadata: body.metadata,
  };
}
