import { notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/coupons.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Coupon } from './coupon.ts';

export function couponsService({ db }: { db: Db }) {
  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<Coupon>> => repo.listCoupons(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findCoupons(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Coupon> {
      const [coupon] = await repo.findCoupons(db, ctx.operator.id, [id]);
      return coupon ?? notFound('coupon', id);
    },
  };
}
