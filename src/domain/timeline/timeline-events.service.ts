import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/timeline-events.repo.ts';
import { findTimelineSources, findTimelineTemplates } from '../../storage/repos/timeline-catalogue.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import type { OwnedTable } from '../../storage/repos/ownership.repo.ts';
import type { OperatorContext } from '../context.ts';
import { creatorIdOf, mustReference } from '../references/references.ts';
import { TIMELINE_EVENT_LINKS, type TimelineEvent, type TimelineEventLink } from './timeline-event.ts';
import { renderMessage } from './timeline-message.ts';

/** Absent keys are left alone on update; `variables`, when given, replaces the set (the template is rendered from it). */
export interface TimelineEventInput {
  sourceId?: string;
  templateId?: string;
  links?: Partial<Record<TimelineEventLink, string | null>>;
  description?: string | null;
  external?: { id: string | null; url: string | null } | null;
  variables?: Record<string, string>;
}

const LINK_TABLES: Record<TimelineEventLink, OwnedTable> = {
  contact: 'contacts',
  invoice: 'invoices',
  site: 'sites',
  subscription: 'subscriptions',
  tenancy: 'tenancies',
  unit: 'units',
  unit_type: 'unit_types',
};

/** One line of a contact's timeline as the back office shows it: "… via <application name>" when an application wrote it. */
export interface TimelineLine {
  event: TimelineEvent;
  source: string;
  text: string;
}

export function timelineLineText(message: string, applicationName: string | null): string {
  if (!applicationName) return message;
  return `${message.replace(/[.\s]+$/, '')} via ${applicationName}.`;
}

export function timelineEventsService({ db }: { db: Db }) {
  async function mustFind(tx: Handle, ctx: OperatorContext, id: string): Promise<TimelineEvent> {
    const [e] = await repo.findTimelineEvents(tx, ctx.operator.id, [id]);
    return e ?? notFound('timeline_event', id);
  }

  /** References checked, template rendered with the variables and the attached contact. */
  async function build(
    tx: Tx,
    ctx: OperatorContext,
    base: TimelineEvent,
    input: TimelineEventInput,
  ): Promise<TimelineEvent> {
    const op = ctx.operator.id;
    const sourceId = input.sourceId ?? base.sourceId;
    const templateId = input.templateId ?? base.templateId;
    if (!(await findTimelineSources(tx, op, [sourceId])).length)
      throw invalidContent('/source/id', 'value at `/source/id` is not a timeline source of this operator');
    const [template] = await findTimelineTemplates(tx, op, [templateId]);
    if (!template)
      throw invalidContent('/template/id', 'value at `/template/id` is not a timeline template of this operator');
    const links = { ...base.links };
    for (const link of TIMELINE_EVENT_LINKS) {
      const id = input.links?.[link];
      if (id === undefined) continue;
      await mustReference(tx, op, LINK_TABLES[link], id, `/${link}/id`);
      links[link] = id;
    }
    const variables = input.variables ?? base.variables;
    const [contact] = links.contact ? await findContacts(tx, op, [links.contact]) : [];
    const rendered = renderMessage(template.id, template.message, variables, {
      contact: contact ? (contact.fullName ?? contact.email) : null,
    });
    return {
      ...base,
      sourceId,
      templateId,
      links,
      description: input.description === undefined ? base.description : input.description,
      external: input.external === undefined ? base.external : input.external,
      variables,
      ...rendered,
    };
  }

  return {
    get: (ctx: OperatorContext, id: string) => mustFind(db, ctx, id),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findTimelineEvents(db, ctx.operator.id, ids),

    /** Records an action taken on the caller's platform; no webhook exists for timeline events. */
    create: (
      ctx: OperatorContext,
      input: TimelineEventInput & { sourceId: string; templateId: string },
    ): Promise<TimelineEvent> =>
      withTransaction(db, async (tx) => {
        const now = ctx.now();
        const empty = Object.fromEntries(TIMELINE_EVENT_LINKS.map((l) => [l, null])) as TimelineEvent['links'];
        const base: TimelineEvent = {
          id: newId('timelineEvent'),
          operatorId: ctx.operator.id,
          sourceId: input.sourceId,
          templateId: input.templateId,
          links: empty,
          description: null,
          external: null,
          variables: {},
          message: '',
          globalMessage: '',
          creatorId: creatorIdOf(ctx.principal),
          createdAt: now,
          updatedAt: now,
        };
        const event = await build(tx, ctx, base, input);
        await repo.insertTimelineEvent(tx, event);
        return mustFind(tx, ctx, event.id);
      }),

    /** Re-renders the template with what the event then holds. */
    update: (ctx: OperatorContext, id: string, input: TimelineEventInput): Promise<TimelineEvent> =>
      withTransaction(db, async (tx) => {
        const current = await mustFind(tx, ctx, id);
        const next = await build(tx, ctx, current, input);
        await repo.updateTimelineEvent(tx, { ...next, updatedAt: ctx.now() });
        return mustFind(tx, ctx, id);
      }),

    remove: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        await mustFind(tx, ctx, id);
        await repo.deleteTimelineEvent(tx, ctx.operator.id, id);
      }),

    /** A contact's timeline for the back office, newest first; undefined when the operator has no such contact. */
    async contactTimeline(
      operatorId: string,
      contactId: string,
      limit = 100,
    ): Promise<{ contactName: string; lines: TimelineLine[] } | undefined> {
      const [contact] = await findContacts(db, operatorId, [contactId]);
      if (!contact) return undefined;
      const rows = await repo.listContactTimeline(db, operatorId, contactId, limit);
      const lines = rows.map((r) => ({
        event: r.event,
        source: r.sourceName,
        text: timelineLineText(r.event.message, r.applicationName),
      }));
      return { contactName: contact.fullName ?? contact.email, lines };
    },
  };
}

export type TimelineEventsService = ReturnType<typeof timelineEventsService>;
