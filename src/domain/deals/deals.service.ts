import { DomainError, invalidContent, notFound, conflict, type ErrorDetail } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/deals.repo.ts';
import { firstDealStageId } from '../../storage/repos/deal-stages.repo.ts';
import type { OwnedTable } from '../../storage/repos/ownership.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { EventOf } from '../events/event-map.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import { creatorIdOf, mustReference } from '../references/references.ts';
import {
  DEAL_LINE_ITEM_TYPES,
  type Deal,
  type DealFilter,
  type DealLineItem,
  type DealLineItemType,
  type LostReason,
} from './deal.ts';
import * as machine from './deal.machine.ts';

export interface DealLineItemInput {
  type: DealLineItemType;
  itemId: string;
  quantity?: number;
}

/** Writable fields; absent keys are left alone on update, null clears a nullable one. */
export interface DealInput {
  name?: string;
  contactId?: string;
  stageId?: string;
  assigneeId?: string | null;
  siteId?: string | null;
  note?: string | null;
  valueEstimate?: string | null;
  startsAt?: Date | null;
  lineItems?: DealLineItemInput[];
  metadata?: unknown;
}

const ITEM_TABLES: Record<DealLineItemType, OwnedTable> = {
  product: 'products',
  protection: 'protection_levels',
  unit_type: 'unit_types',
};

/** At most one item per type, each the operator's own; stored (and rendered) in type order. */
async function checkLineItems(tx: Tx, operatorId: string, items: DealLineItemInput[]): Promise<DealLineItem[]> {
  const seen = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  items.forEach((l, i) => {
    if (seen.has(l.type)) {
      const p = `/line_items/${i}/type`;
      problems.push({
        pointer: p,
        message: `value at \`${p}\` repeats \`${l.type}\` (line item ${seen.get(l.type)}); a deal has at most one item per type`,
      });
    }
    seen.set(l.type, i);
  });
  if (problems.length) throw new DomainError('invalid_content', undefined, problems);
  for (const [i, l] of items.entries())
    await mustReference(tx, operatorId, ITEM_TABLES[l.type], l.itemId, `/line_items/${i}/item/id`);
  const order = (t: DealLineItemType) => DEAL_LINE_ITEM_TYPES.indexOf(t);
  return items
    .map((l) => ({ type: l.type, itemId: l.itemId, quantity: l.quantity ?? 1 }))
    .sort((a, b) => order(a.type) - order(b.type));
}

async function checkRefs(tx: Tx, operatorId: string, input: DealInput): Promise<void> {
  await mustReference(tx, operatorId, 'contacts', input.contactId, '/contact/id');
  await mustReference(tx, operatorId, 'deal_stages', input.stageId, '/stage/id');
  await mustReference(tx, operatorId, 'staff', input.assigneeId, '/assignee/id');
  await mustReference(tx, operatorId, 'sites', input.siteId, '/site/id');
}

function changed(a: Deal, b: Deal): boolean {
  const wire = (d: Deal) =>
    JSON.stringify([
      d.name,
      d.contactId,
      d.stageId,
      d.assigneeId,
      d.siteId,
      d.note,
      d.valueEstimate,
      d.startsAt?.getTime() ?? null,
      d.lineItems,
      Object.entries(d.metadata),
    ]);
  return wire(a) !== wire(b);
}

export function dealsService({ db, events }: { db: Db; events: EventsService }) {
  async function mustFind(tx: Handle, ctx: OperatorContext, id: string): Promise<Deal> {
    const [d] = await repo.findDeals(tx, ctx.operator.id, [id]);
    return d ?? notFound('deal', id);
  }

  /** Saves `next` only if the deal is still in the status it was read in, and announces it. */
  async function save(tx: Tx, ctx: OperatorContext, current: Deal, next: Deal, type: EventOf<Deal>): Promise<Deal> {
    if (!(await repo.updateDeal(tx, next, current.status))) {
      throw conflict(`Deal '${current.id}' was changed by another request; fetch it and try again.`);
    }
    const saved = await mustFind(tx, ctx, current.id);
    await events.emit(tx, ctx, type, saved);
    return saved;
  }

  /** A state change (win, lose, reopen) applied by a pure transition. */
  const transition = (
    ctx: OperatorContext,
    id: string,
    type: EventOf<Deal>,
    apply: (d: Deal, now: Date) => Deal,
    check?: (tx: Tx) => Promise<void>,
  ) =>
    withTransaction(db, async (tx) => {
      const current = await mustFind(tx, ctx, id);
      await check?.(tx);
      return save(tx, ctx, current, apply(current, ctx.now()), type);
    });

  return {
    list: (ctx: OperatorContext, page: Page, filter: DealFilter, range: TimeRange): Promise<PageOf<Deal>> =>
      repo.listDeals(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findDeals(db, ctx.operator.id, ids),
    get: (ctx: OperatorContext, id: string) => mustFind(db, ctx, id),

    /** An open deal at the given stage (default: the board's first column), announced as `deal.created`. */
    create: (ctx: OperatorContext, input: DealInput & { name: string; contactId: string }): Promise<Deal> =>
      withTransaction(db, async (tx) => {
        const op = ctx.operator.id;
        const metadata = metadataForCreate(input.metadata);
        await checkRefs(tx, op, input);
        const stageId = input.stageId ?? (await firstDealStageId(tx, op));
        if (!stageId)
          throw invalidContent(
            '/stage',
            'object at `/stage` is required: this operator has no deal stages to default to',
          );
        const lineItems = await checkLineItems(tx, op, input.lineItems ?? []);
        const now = ctx.now();
        const deal: Deal = {
          id: newId('deal'),
          operatorId: op,
          name: input.name,
          contactId: input.contactId,
          stageId,
          status: 'open',
          lostReason: null,
          assigneeId: input.assigneeId ?? null,
          creatorId: creatorIdOf(ctx.principal),
          siteId: input.siteId ?? null,
          note: input.note ?? null,
          valueEstimate: input.valueEstimate ?? null,
          startsAt: input.startsAt ?? null,
          lineItems,
          metadata,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertDeal(tx, deal);
        const saved = await mustFind(tx, ctx, deal.id);
        await events.emit(tx, ctx, 'deal.created', saved);
        return saved;
      }),

    /**
     * Applies the fields given; `line_items` replaces the whole set; a stage move needs an open deal.
     * A patch that changes nothing writes and announces nothing.
     */
    update: (ctx: OperatorContext, id: string, input: DealInput): Promise<Deal> =>
      withTransaction(db, async (tx) => {
        const op = ctx.operator.id;
        const current = await mustFind(tx, ctx, id);
        const metadata = applyMetadataPatch(current.metadata, input.metadata);
        await checkRefs(tx, op, input);
        const lineItems =
          input.lineItems === undefined ? current.lineItems : await checkLineItems(tx, op, input.lineItems);
        const keep = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
        const moved = input.stageId === undefined ? current : machine.moveStage(current, input.stageId);
        const next: Deal = {
          ...moved,
          name: input.name ?? current.name,
          contactId: input.contactId ?? current.contactId,
          assigneeId: keep(input.assigneeId, current.assigneeId),
          siteId: keep(input.siteId, current.siteId),
          note: keep(input.note, current.note),
          valueEstimate: keep(input.valueEstimate, current.valueEstimate),
          startsAt: keep(input.startsAt, current.startsAt),
          lineItems,
          metadata,
        };
        if (!changed(current, next)) return current;
        return save(tx, ctx, current, { ...next, updatedAt: ctx.now() }, 'deal.updated');
      }),

    /** open → won, announced as `deal.won`; a closed deal is a 409 naming its state. */
    win: (ctx: OperatorContext, id: string) => transition(ctx, id, 'deal.won', (d, now) => machine.win(d, now)),

    /** open → lost with a reason, announced as `deal.lost`. */
    lose: (ctx: OperatorContext, id: string, reason: LostReason) =>
      transition(ctx, id, 'deal.lost', (d, now) => machine.lose(d, reason, now)),

    /** won/lost → open, at the given stage or the one it left from, announced as `deal.reopened`. */
    reopen: (ctx: OperatorContext, id: string, cmd: { stageId?: string; assigneeId?: string }) =>
      transition(
        ctx,
        id,
        'deal.reopened',
        (d, now) => machine.reopen(d, cmd, now),
        async (tx) => {
          await mustReference(tx, ctx.operator.id, 'deal_stages', cmd.stageId, '/stage/id');
          await mustReference(tx, ctx.operator.id, 'staff', cmd.assigneeId, '/assignee/id');
        },
      ),
  };
}

export type DealsService = ReturnType<typeof dealsService>;
