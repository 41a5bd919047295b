import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { TimelineEventInput } from '../../domain/timeline/timeline-events.service.ts';
import { TIMELINE_EVENT_LINKS, type TimelineEventLink } from '../../domain/timeline/timeline-event.ts';
import {
  IdInput,
  Nullable,
  NullableInput,
  Ref,
  SuccessEnvelope,
  Timestamp,
  oneEnvelope,
} from '../../http/conventions/fields.ts';

const LINK_PREFIX: Record<TimelineEventLink, string> = {
  contact: 'con',
  invoice: 'inv',
  site: 'site',
  subscription: 'sub',
  tenancy: 'ten',
  unit: 'unit',
  unit_type: 'utype',
};

const External = Type.Object({ id: Nullable(Type.String()), url: Nullable(Type.String()) });

export const TimelineEventSchema = Type.Object({
  id: Type.String({ examples: ['aevt_327151655672f2cc'] }),
  contact: Nullable(Ref('con')),
  created_at: Timestamp,
  creator: Type.Object({
    id: Type.String({
      description: 'The OAuth application, access token or staff member that recorded the event',
      examples: ['app_99b90b9d208a137b'],
    }),
  }),
  description: Nullable(Type.String()),
  external: Nullable(External),
  invoice: Nullable(Ref('inv')),
  site: Nullable(Ref('site')),
  source: Ref('tsrc'),
  subscription: Nullable(Ref('sub')),
  template: Ref('aetpl'),
  tenancy: Nullable(Ref('ten')),
  unit: Nullable(Ref('unit')),
  unit_type: Nullable(Ref('utype')),
  updated_at: Timestamp,
  variables: Type.Record(Type.String(), Type.String()),
});

const ExternalInput = Type.Object(
  {
    id: Type.Optional(
      NullableInput(Type.String({ maxLength: 255, description: 'The id of the object in your system' })),
    ),
    url: Type.Optional(
      NullableInput(Type.String({ format: 'uri', maxLength: 2000, description: 'Where the object is in your system' })),
    ),
  },
  { additionalProperties: false },
);

const VariablesInput = Type.Record(
  Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }),
  Type.String({ maxLength: 1000 }),
  {
    maxProperties: 50,
    description:
      "Values for the template's custom variables (string → string). Every variable the template uses must be given; `contact` comes from the attached contact.",
    examples: [{ deal_name: '10x10 Unit — 12 months', previous_state: 'Qualified', new_state: 'Negotiation' }],
  },
);

const linkInputs = () =>
  Object.fromEntries(
    TIMELINE_EVENT_LINKS.map((l) => [
      l,
      Type.Optional(
        NullableInput({ ...IdInput(LINK_PREFIX[l]), description: `The ${l.replace('_', ' ')} the event is about` }),
      ),
    ]),
  ) as Record<TimelineEventLink, TSchema>;

const writable = <S extends TSchema>(ref: S) => ({
  source: ref,
  template: ref,
  ...linkInputs(),
  description: Type.Optional(
    NullableInput(Type.String({ maxLength: 1000, description: 'A short text for the event' })),
  ),
  external: Type.Optional(NullableInput(ExternalInput)),
  variables: Type.Optional(VariablesInput),
});

export const CreateTimelineEventBody = Type.Object(writable(IdInput('tsrc')), { additionalProperties: false });
export const UpdateTimelineEventBody = Type.Object(writable(Type.Optional(IdInput('tsrc'))), {
  additionalProperties: false,
});

export const TimelineEventParams = Type.Object({
  event_id: Type.String({ description: 'The ID of the timeline event' }),
});
export const TimelineEventEnvelope = oneEnvelope('event', TimelineEventSchema);
export { SuccessEnvelope as TimelineEventDeletedEnvelope };

type Body = Omit<Static<typeof UpdateTimelineEventBody>, TimelineEventLink> &
  Partial<Record<TimelineEventLink, { id: string } | null>>;

/** Wire body → domain input; absent keys stay absent so that PATCH leaves them alone. */
export function timelineEventInputOf(wire: Static<typeof UpdateTimelineEventBody>): TimelineEventInput {
  const body = wire as Body;
  const links: TimelineEventInput['links'] = {};
  for (const l of TIMELINE_EVENT_LINKS) {
    const v = body[l];
    if (v !== undefined) links[l] = v === null ? null : v.id;
  }
  const ext = body.external;
  return {
    sourceId: (body.source as { id: string } | undefined)?.id,
    templateId: (body.template as { id: string } | undefined)?.id,
    links,
    description: body.description,
    external: ext === undefined ? undefined : ext === null ? null : { id: ext.id ?? null, url: ext.url ?? null },
    variables: body.variables,
  };
}
