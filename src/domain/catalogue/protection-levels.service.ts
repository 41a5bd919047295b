import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/protection-levels.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { writeBasePrices, type BasePriceInput } from './base-prices.ts';
import { BILLING_PERIODS } from './price.ts';
import type { ProtectionLevel } from './protection-level.ts';

export function protectionLevelsService({ db, events }: { db: Db; events: EventsService }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<ProtectionLevel>> =>
      repo.listProtectionLevels(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findProtectionLevels(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<ProtectionLevel> {
      const [level] = await repo.findProtectionLevels(db, ctx.operator.id, [id]);
      return level ?? notFound('protection_level', id);
    },

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
