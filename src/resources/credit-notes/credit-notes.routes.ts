import { binaryResult, defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import { PDF_CONTENT_TYPE } from '../../http/conventions/pdf.ts';
import { CREDIT_NOTE_STATUSES } from '../../domain/billing/credit-note.ts';
import type { ResourceModule } from '../module.ts';
import { CreditNoteEnvelope, CreditNoteParams, CreditNotesEnvelope, CreditNotesQuery } from './credit-notes.schemas.ts';
import { serializeCreditNote } from './credit-notes.serialize.ts';
import { creditNotePdf } from './credit-notes.pdf.ts';

const scope = 'public.credit_note:read';
const tag = 'Credit Notes';

const listCreditNotes = defineRoute({
  method: 'GET',
  path: '/credit_notes',
  scope,
  operationId: 'listCreditNotes',
  summary: 'List all Credit Notes',
  tag,
  query: CreditNotesQuery,
  response: CreditNotesEnvelope,
  envelope: { kind: 'list', key: 'credit_notes', type: 'credit_note' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', CREDIT_NOTE_STATUSES) as (typeof CREDIT_NOTE_STATUSES)[number][] | undefined,
      contactIds: multi(query, 'contact_id'),
      invoiceIds: multi(query, 'invoice_id'),
      siteIds: multi(query, 'site_id'),
    };
    const { items, total } = await ctx.services.creditNotes.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((c) => serializeCreditNote(ctx, c)), total };
  },
});

const showCreditNote = defineRoute({
  method: 'GET',
  path: '/credit_notes/:credit_note_id',
  scope,
  operationId: 'showCreditNote',
  summary: 'Show a Credit Note',
  tag,
  params: CreditNoteParams,
  query: ShowQuery,
  response: CreditNoteEnvelope,
  envelope: { kind: 'one', key: 'credit_note', type: 'credit_note' },
  formats: ['application/pdf'],
  handler: async (ctx, { params, format }) => {
    if (format !== PDF_CONTENT_TYPE)
      return serializeCreditNote(ctx, await ctx.services.creditNotes.get(ctx, params.credit_note_id));
    const doc = await ctx.services.creditNotes.document(ctx, params.credit_note_id);
    return binaryResult(
      PDF_CONTENT_TYPE,
      await creditNotePdf(ctx.operator, ctx.now(), doc),
      `${doc.creditNote.number}.pdf`,
    );
  },
});

export const creditNotesModule: ResourceModule = {
  routes: [listCreditNotes, showCreditNote],
  types: [
    {
      name: 'credit_note',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.creditNotes.findMany(ctx, ids), (c) => serializeCreditNote(ctx, c)),
      relations: { contact: { type: 'contact' }, invoice: { type: 'invoice' }, site: { type: 'site' } },
    },
  ],
  renderers: { credit_note: serializeCreditNote },
};
