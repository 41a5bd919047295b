import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DEAL_LINE_ITEM_TYPES, DEAL_STATUSES, LOST_REASONS } from '../../domain/deals/deal.ts';
import type { DealInput } from '../../domain/deals/deals.service.ts';
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

const LineItemSchema = Type.Object({
  item: Ref('utype'),
  quantity: Type.Integer({ minimum: 1 }),
  type: StringEnum(DEAL_LINE_ITEM_TYPES),
});

export const DealSchema = Type.Object({
  id: Type.String({ examples: ['deal_127b3057d5df338e'] }),
  assignee: Nullable(Ref('staff')),
  contact: Ref('con'),
  created_at: Timestamp,
  creator: Type.Object({
    id: Type.String({
      description: 'The staff member, OAuth application or access token that created the deal',
      examples: ['app_99b90b9d208a137b'],
    }),
  }),
  line_items: Type.Array(LineItemSchema, { description: 'At most one item per type' }),
  lost_reason: Nullable(StringEnum(LOST_REASONS)),
  metadata: MetadataSchema,
  name: Type.String(),
  note: Nullable(Type.String()),
  site: Nullable(Ref('site')),
  stage: Ref('dstg'),
  starts_at: Nullable(Timestamp),
  status: StringEnum(DEAL_STATUSES),
  updated_at: Timestamp,
  value_estimate: Nullable(Type.String()),
});

const LineItemInput = Type.Object(
  {
    type: StringEnum(DEAL_LINE_ITEM_TYPES, {
      description: 'What the item is: a unit type, a protection level or a product',
    }),
    item: IdInput('utype'),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1, description: 'Defaults to 1' })),
  },
  { additionalProperties: false },
);

const writable = <N extends TSchema, C extends TSchema>(name: N, contact: C) => ({
  name,
  contact,
  stage: Type.Optional(IdInput('dstg')),
  assignee: Type.Optional(NullableInput(IdInput('staff'))),
  site: Type.Optional(NullableInput(IdInput('site'))),
  note: Type.Optional(NullableInput(Type.String({ maxLength: 5000, description: 'Free text; null removes it' }))),
  value_estimate: Type.Optional(
    NullableInput(Type.String({ maxLength: 255, description: 'Free text such as "£50 per month"' })),
  ),
  starts_at: Type.Optional(
    NullableInput(Type.String({ format: 'date-time', description: 'Intended move-in date; null removes it' })),
  ),
  line_items: Type.Optional(
    Type.Array(LineItemInput, {
      maxItems: DEAL_LINE_ITEM_TYPES.length,
      description: 'Replaces the whole set; [] removes all; at most one item per type',
    }),
  ),
  metadata: Type.Optional(MetadataInput),
});

const Name = Type.String({ minLength: 1, maxLength: 255, description: 'The name of the deal' });
const ContactInput = IdInput('con');

export const CreateDealBody = Type.Object(writable(Name, ContactInput), { additionalProperties: false });
export const UpdateDealBody = Type.Object(writable(Type.Optional(Name), Type.Optional(ContactInput)), {
  additionalProperties: false,
});
export const LoseDealBody = Type.Object(
  { lost_reason: StringEnum(LOST_REASONS, { description: 'The reason the deal was lost' }) },
  { additionalProperties: false },
);
export const ReopenDealBody = Type.Object(
  {
    stage: Type.Optional(IdInput('dstg')),
    assignee: Type.Optional(IdInput('staff')),
  },
  { additionalProperties: false, description: 'Without a stage the deal goes back to the stage it was won or lost in' },
);

export const DealsQuery = listQuery({
  sort: ['created_at', 'updated_at', 'starts_at'],
  search: true,
  expand: true,
  timeRange: 'created_updated',
  filters: {
    status: filterEnum(DEAL_STATUSES, 'Filter by status'),
    stage_id: commaFilter('Filter by deal stage ID'),
    contact_id: commaFilter('Filter by contact ID'),
    assignee_id: commaFilter('Filter by assignee (staff) ID'),
    site_id: commaFilter('Filter by site ID'),
    lost_reason: filterEnum(LOST_REASONS, 'Filter by lost reason'),
  },
});

export const DealParams = Type.Object({ deal_id: Type.String({ description: 'The ID of the deal' }) });
export const DealEnvelope = oneEnvelope('deal', DealSchema);
export const DealsEnvelope = listEnvelope('deals', DealSchema);
export { SuccessEnvelope as DealDeletedEnvelope };

type Body = Static<typeof UpdateDealBody>;

/** Wire body → domain input; absent keys stay absent so that PATCH leaves them alone. */
export function dealInputOf(body: Body): DealInput {
  const ref = (v: { id: string } | null | undefined) => (v === undefined ? undefined : v === null ? null : v.id);
  return {
    name: body.name,
    contactId: body.contact?.id,
    stageId: body.stage?.id,
    assigneeId: ref(body.assignee),
    siteId: ref(body.site),
    note: body.note,
    valueEstimate: body.value_estimate,
    startsAt: body.starts_at === undefined ? undefined : body.starts_at === null ? null : new Date(body.starts_at),
    lineItems: body.line_items?.map((l) => ({ type: l.type, itemId: l.item.id, quantity: l.quantity })),
    metadata: body.metadata,
  };
}
