import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/coupons.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { BILLING_PERIODS } from './price.ts';
import { COUPON_DURATIONS, COUPON_TYPES, type Coupon } from './coupon.ts';

/** What the back office or the CLI gives to create a coupon (docs/decisions/coupons.md). */
export type NewCoupon = Pick<Coupon, 'name' | 'type' | 'duration'> &
  Partial<
    Pick<
      Coupon,
      'title' | 'code' | 'percent' | 'amount' | 'months' | 'billingPeriod' | 'maxRedemptions' | 'public' | 'autoApplyTo'
    >
  >;

/** Like Stripe's, a coupon's discount and duration are fixed once created; its names, code and reach can change. */
export type CouponEdit = repo.CouponChange;

const DEFAULT_AUTO_APPLY = { products: false, protections: false, subscriptions: true, unit_types: false };

export function couponsService({ db, events }: { db: Db; events: EventsService }) {
  async function checkCode(tx: Tx, ctx: OperatorContext, code: string | null | undefined, self?: string) {
    if (code == null) return;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(code))
      throw invalidContent('/code', 'value at `/code` must be 1–64 letters, digits, hyphens or underscores');
    const other = await repo.findCouponIdByCode(tx, ctx.operator.id, code);
    if (other && other !== self)
      throw invalidContent('/code', `value at \`/code\` is already the code of coupon '${other}'`);
  }

  function checkEdit(e: CouponEdit): void {
    if (e.name !== undefined && !e.name.trim()) throw invalidContent('/name', 'value at `/name` must not be blank');
    if (e.maxRedemptions != null && (!Number.isInteger(e.maxRedemptions) || e.maxRedemptions <= 0))
      throw invalidContent('/max_redemptions', 'value at `/max_redemptions` must be a positive integer or null');
  }

  return {
    list: (ctx: OperatorContext, page: Page): Promise<PageOf<Coupon>> => repo.listCoupons(db, ctx.operator.id, page),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findCoupons(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Coupon> {
      const [coupon] = await repo.findCoupons(db, ctx.operator.id, [id]);
      return coupon ?? notFound('coupon', id);
    },

    /** Back office / CLI: a new coupon (`coupon.created`). */
    create: (ctx: OperatorContext, input: NewCoupon): Promise<Coupon> =>
      withTransaction(db, async (tx) => {
        if (!COUPON_TYPES.includes(input.type))
          throw invalidContent('/type', `value at \`/type\` must be one of: ${COUPON_TYPES.join(', ')}`);
        if (!COUPON_DURATIONS.includes(input.duration))
          throw invalidContent('/duration', `value at \`/duration\` must be one of: ${COUPON_DURATIONS.join(', ')}`);
        const percent = input.type === 'percentage' ? (input.percent ?? null) : null;
        const amount = input.type === 'amount' ? (input.amount ?? null) : null;
        if (input.type === 'percentage' && (percent === null || !(percent > 0 && percent <= 100)))
          throw invalidContent(
            '/percent',
            'value at `/percent` must be more than 0 and at most 100 for a percentage coupon',
          );
        if (input.type === 'amount' && (amount === null || !Number.isInteger(amount) || amount <= 0))
          throw invalidContent(
            '/amount',
            'value at `/amount` must be a positive integer (minor units) for an amount coupon',
          );
        const months = input.duration === 'repeating' ? (input.months ?? null) : null;
        if (input.duration === 'repeating' && (months === null || !Number.isInteger(months) || months <= 0))
          throw invalidContent('/months', 'value at `/months` must be a positive integer for a repeating coupon');
        if (input.billingPeriod != null && !BILLING_PERIODS.includes(input.billingPeriod))
          throw invalidContent(
            '/billing_period',
            `value at \`/billing_period\` must be one of: ${BILLING_PERIODS.join(', ')}`,
          );
        checkEdit(input);
        await checkCode(tx, ctx, input.code);
        const now = ctx.now();
        const coupon: Coupon = {
          id: newId('coupon'),
          operatorId: ctx.operator.id,
          name: input.name.trim(),
          title: input.title ?? null,
          code: input.code ?? null,
          type: input.type,
          percent,
          amount,
          duration: input.duration,
          months,
          billingPeriod: input.billingPeriod ?? null,
          maxRedemptions: input.maxRedemptions ?? null,
          public: input.public ?? false,
          autoApplyTo: input.autoApplyTo ?? DEFAULT_AUTO_APPLY,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertCoupons(tx, [coupon]);
        const [created] = await repo.findCoupons(tx, ctx.operator.id, [coupon.id]);
        await events.emit(tx, ctx, 'coupon.created', created);
        return created;
      }),

    /** Back office / CLI: edits names, code, visibility, redemption cap or reach (`coupon.updated`). */
    update: (ctx: OperatorContext, id: string, edit: CouponEdit): Promise<Coupon> =>
      withTransaction(db, async (tx) => {
        const [coupon] = await repo.findCoupons(tx, ctx.operator.id, [id]);
        if (!coupon) notFound('coupon', id);
        checkEdit(edit);
        await checkCode(tx, ctx, edit.code, id);
        await repo.updateCoupon(tx, ctx.operator.id, id, edit, ctx.now());
        const [updated] = await repo.findCoupons(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'coupon.updated', updated);
        return updated;
      }),
  };
}
