import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/subscriptions.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Subscription } from './subscription.ts';

export function subscriptionsService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page, filter: { contactIds?: string[] }): Promise<PageOf<Subscription>> =>
      repo.listSubscriptions(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findSubscriptions(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Subscription> {
      const [s] = await repo.findSubscriptions(db, ctx.operator.id, [id]);
      return s ?? notFound('subscription', id);
    },
  };
}
