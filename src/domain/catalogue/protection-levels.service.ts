import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/protection-levels.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS } from './price.ts';
import type { ProtectionLevel } from './protection-level.ts';

/** What the back office or the CLI gives to create a protection level (cover in minor units). */
export interface NewProtectionLevel {
  coverLevel: number;
  accountCode?: string | null;
  /** Default true: offered in checkout. */
  public?: boolean;
  prices?: BasePriceInput;
}

export type ProtectionLevelEdit = Partial<Pick<ProtectionLevel, 'coverLevel' | 'accountCode' | 'public'>>;

function checkEdit(e: ProtectionLevelEdit): void {
  if (e.coverLevel !== undefined && (!Number.isInteger(e.coverLevel) || e.coverLevel <= 0))
    throw invalidContent('/cover_level', 'value at `/cover_level` must be a positive integer (minor units)');
  if (e.accountCode != null && !e.accountCode.trim())
    throw invalidContent('/account_code', 'value at `/account_code` must not be blank (null removes it)');
}

export function protectionLevelsService({ db, events }: { db: Db; events: EventsService }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<ProtectionLevel>> =>
      repo.listProtectionLevels(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findProtectionLevels(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<ProtectionLevel> {
      const [level] = await repo.findProtectionLevels(db, ctx.operator.id, [id]);
      return level ?? notFound('protection_level', id);
    },

    /** Back office / CLI: a new protection level with its base prices (`protection_level.created`). */
    create: (ctx: OperatorContext, input: NewProtectionLevel): Promise<ProtectionLevel> =>
      withTransaction(db, async (tx) => {
        checkEdit(input);
        const now = ctx.now();
        const id = newId('protectionLevel');
        await repo.insertProtectionLevel(tx, {
          id,
          operatorId: ctx.operator.id,
          coverLevel: input.coverLevel,
          accountCode: input.accountCode ?? null,
          public: input.public ?? true,
          stripeProductId: `prod_${randomToken(10).replace(/[-_]/g, 'x')}`,
          createdAt: now,
          updatedAt: now,
        });
        if (input.prices) await writeBasePrices(tx, ctx.operator.id, id, input.prices, BILLING_PERIODS, now);
        const [created] = await repo.findProtectionLevels(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'protection_level.created', created);
        return created;
      }),

    /** Back office / CLI: edits cover, account code or visibility (`protection_level.updated`). */
    update: (ctx: OperatorContext, id: string, edit: ProtectionLevelEdit): Promise<ProtectionLevel> =>
      withTransaction(db, async (tx) => {
        const [level] = await repo.findProtectionLevels(tx, ctx.operator.id, [id]);
        if (!level) notFound('protection_level', id);
        checkEdit(edit);
        await repo.updateProtectionLevel(tx, ctx.operator.id, id, edit, ctx.now());
        const [updated] = await repo.findProtectionLevels(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'protection_level.updated', updated);
        return updated;
      }),

    /** Protection is billed with the subscription, so only recurring periods; announced as `protection_level.updated`. */
    setBasePrices: (ctx: OperatorContext, id: string, input: BasePriceInput): Promise<ProtectionLevel> =>
      withTransaction(db, async (tx) => {
        const [level] = await repo.findProtectionLevels(tx, ctx.operator.id, [id]);
        if (!level) notFound('protection_level', id);
        const now = ctx.now();
        await writeBasePrices(tx, ctx.operator.id, id, input, BILLING_PERIODS, now);
        await repo.touchProtectionLevel(tx, ctx.operator.id, id, now);
        const [updated] = await repo.findProtectionLevels(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'protection_level.updated', updated);
        return updated;
      }),
  };
}
