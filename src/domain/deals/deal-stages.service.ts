import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/deal-stages.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { DealStage } from './deal-stage.ts';

export function dealStagesService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<DealStage>> =>
      repo.listDealStages(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findDealStages(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<DealStage> {
      const [s] = await repo.findDealStages(db, ctx.operator.id, [id]);
      return s ?? notFound('deal_stage', id);
    },
  };
}
