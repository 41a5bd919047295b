import { Type } from '@sinclair/typebox';
import { NOTE_RESOURCE_TYPES } from '../../domain/notes/note.ts';
import {
  MetadataInput,
  MetadataSchema,
  SuccessEnvelope,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, commaFilter } from '../../http/conventions/list-query.ts';

export const NoteSchema = Type.Object({
  id: Type.String({ examples: ['note_195h6kfm9ro15lof'] }),
  content: Type.String(),
  created_at: Timestamp,
  creator: Type.Object({
    id: Type.String({
      description: 'The staff member, OAuth application or access token that wrote the note',
      examples: ['tok_7f6e5fb4bb548dbc'],
    }),
  }),
  metadata: MetadataSchema,
  resource: Type.Object({
    id: Type.String({
      description: 'The annotated contact, deal, subscription, task, tenancy or unit',
      examples: ['con_1234567890abcdef'],
    }),
  }),
  updated_at: Timestamp,
});

const Content = Type.String({ minLength: 1, maxLength: 10000, description: 'The content of the note' });
const ResourceInput = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 64,
      description: `The ID of the ${NOTE_RESOURCE_TYPES.join(', ')} the note is about`,
    }),
  },
  { additionalProperties: false },
);

export const CreateNoteBody = Type.Object(
  { content: Content, resource: ResourceInput, metadata: Type.Optional(MetadataInput) },
  { additionalProperties: false },
);
export const UpdateNoteBody = Type.Object(
  { content: Type.Optional(Content), resource: Type.Optional(ResourceInput), metadata: Type.Optional(MetadataInput) },
  { additionalProperties: false },
);

export const NotesQuery = listQuery({
  sort: ['created_at', 'updated_at'],
  timeRange: 'created_updated',
  filters: {
    resource_id: commaFilter('Filter by Resource ID (unit, contact, subscription, task, deal or tenancy)'),
    resource_type: filterEnum(NOTE_RESOURCE_TYPES, 'Filter by resource type'),
  },
});

export const NoteParams = Type.Object({ note_id: Type.String({ description: 'The ID of the note' }) });
export const NoteEnvelope = oneEnvelope('note', NoteSchema);
export const NotesEnvelope = listEnvelope('notes', NoteSchema);
export { SuccessEnvelope as NoteDeletedEnvelope };
