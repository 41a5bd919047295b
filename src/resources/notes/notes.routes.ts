import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import { NOTE_RESOURCE_TYPES } from '../../domain/notes/note.ts';
import type { ResourceModule } from '../module.ts';
import {
  CreateNoteBody,
  NoteDeletedEnvelope,
  NoteEnvelope,
  NoteParams,
  NotesEnvelope,
  NotesQuery,
  UpdateNoteBody,
} from './notes.schemas.ts';
import { serializeNote } from './notes.serialize.ts';

const one = { kind: 'one', key: 'note', type: 'note' } as const;
const tag = 'Notes';
const read = 'public.note:read';
const write = 'public.note:write';

const listNotes = defineRoute({
  method: 'GET',
  path: '/notes',
  scope: read,
  operationId: 'listNotes',
  summary: 'List all Notes',
  tag,
  query: NotesQuery,
  response: NotesEnvelope,
  envelope: { kind: 'list', key: 'notes', type: 'note' },
  handler: async (ctx, { query }) => {
    const filter = {
      resourceIds: multi(query, 'resource_id'),
      resourceTypes: multi(query, 'resource_type', NOTE_RESOURCE_TYPES),
    };
    const { items, total } = await ctx.services.notes.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((n) => serializeNote(ctx, n)), total };
  },
});

const showNote = defineRoute({
  method: 'GET',
  path: '/notes/:note_id',
  scope: read,
  operationId: 'showNote',
  summary: 'Show a Note',
  tag,
  params: NoteParams,
  query: ShowQuery,
  response: NoteEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeNote(ctx, await ctx.services.notes.get(ctx, params.note_id)),
});

const createNote = defineRoute({
  method: 'POST',
  path: '/notes',
  scope: write,
  operationId: 'createNote',
  summary: 'Create a Note',
  tag,
  query: ShowQuery,
  body: CreateNoteBody,
  response: NoteEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeNote(
      ctx,
      await ctx.services.notes.create(ctx, {
        content: body.content,
        resourceId: body.resource.id,
        metadata: body.metadata,
      }),
    ),
});

const updateNote = defineRoute({
  method: 'PATCH',
  path: '/notes/:note_id',
  scope: write,
  operationId: 'updateNote',
  summary: 'Update a Note',
  tag,
  params: NoteParams,
  query: ShowQuery,
  body: UpdateNoteBody,
  response: NoteEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeNote(
      ctx,
      await ctx.services.notes.update(ctx, params.note_id, {
        content: body.content,
        resourceId: body.resource?.id,
        metadata: body.metadata,
      }),
    ),
});

const deleteNote = defineRoute({
  method: 'DELETE',
  path: '/notes/:note_id',
  scope: write,
  operationId: 'deleteNote',
  summary: 'Delete a Note',
  tag,
  params: NoteParams,
  response: NoteDeletedEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.notes.remove(ctx, params.note_id);
    return { message: 'Note deleted successfully.' };
  },
});

export const notesModule: ResourceModule = {
  routes: [listNotes, showNote, createNote, updateNote, deleteNote],
  types: [
    {
      name: 'note',
      scope: read,
      load: async (ctx, ids) => renderedById(await ctx.services.notes.findMany(ctx, ids), (n) => serializeNote(ctx, n)),
    },
  ],
  renderers: { note: serializeNote },
};
