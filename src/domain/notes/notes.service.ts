import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/notes.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import { creatorIdOf, relatedTypeOf } from '../references/references.ts';
import { NOTE_RESOURCE_TYPES, type Note, type NoteFilter } from './note.ts';

export interface NoteInput {
  content?: string;
  resourceId?: string;
  metadata?: unknown;
}

export function notesService({ db, events }: { db: Db; events: EventsService }) {
  async function mustFind(tx: Handle, ctx: OperatorContext, id: string): Promise<Note> {
    const [n] = await repo.findNotes(tx, ctx.operator.id, [id]);
    return n ?? notFound('note', id);
  }

  return {
    list: (ctx: OperatorContext, page: Page, filter: NoteFilter, range: TimeRange): Promise<PageOf<Note>> =>
      repo.listNotes(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findNotes(db, ctx.operator.id, ids),
    get: (ctx: OperatorContext, id: string) => mustFind(db, ctx, id),

    /** A note on one of the operator's records, announced as `note.created`. */
    create: (ctx: OperatorContext, input: { content: string; resourceId: string; metadata?: unknown }): Promise<Note> =>
      withTransaction(db, async (tx) => {
        const metadata = metadataForCreate(input.metadata);
        const resourceType = await relatedTypeOf(
          tx,
          ctx.operator.id,
          input.resourceId,
          NOTE_RESOURCE_TYPES,
          '/resource/id',
        );
        const now = ctx.now();
        const note: Note = {
          id: newId('note'),
          operatorId: ctx.operator.id,
          content: input.content,
          creatorId: creatorIdOf(ctx.principal),
          resourceType,
          resourceId: input.resourceId,
          metadata,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertNote(tx, note);
        const saved = await mustFind(tx, ctx, note.id);
        await events.emit(tx, ctx, 'note.created', saved);
        return saved;
      }),

    /** New content, another record (the note moves) or a metadata merge-patch; announced as `note.updated` if anything changed. */
    update: (ctx: OperatorContext, id: string, input: NoteInput): Promise<Note> =>
      withTransaction(db, async (tx) => {
        const current = await mustFind(tx, ctx, id);
        const metadata = applyMetadataPatch(current.metadata, input.metadata);
        const resourceType =
          input.resourceId === undefined
            ? current.resourceType
            : await relatedTypeOf(tx, ctx.operator.id, input.resourceId, NOTE_RESOURCE_TYPES, '/resource/id');
        const next: Note = {
          ...current,
          content: input.content ?? current.content,
          resourceId: input.resourceId ?? current.resourceId,
          resourceType,
          metadata,
        };
        const wire = (n: Note) => JSON.stringify([n.content, n.resourceId, Object.entries(n.metadata)]);
        if (wire(next) === wire(current)) return current;
        await repo.updateNote(tx, { ...next, updatedAt: ctx.now() });
        const saved = await mustFind(tx, ctx, id);
        await events.emit(tx, ctx, 'note.updated', saved);
        return saved;
      }),

    /** The catalogue has no `note.deleted`: deleting announces nothing. */
    remove: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        await mustFind(tx, ctx, id);
        await repo.deleteNote(tx, ctx.operator.id, id);
      }),
  };
}

export type NotesService = ReturnType<typeof notesService>;
