import { sql } from 'kysely';
import type { Coupon } from '../../domain/catalogue/coupon.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toCoupon(r: Row<'coupons'>): Coupon {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    title: r.title,
    code: r.code,
    type: r.type as Coupon['type'],
    percent: r.percent,
    amount: r.amount,
    duration: r.duration as Coupon['duration'],
    months: r.months,
    billingPeriod: r.billing_period as Coupon['billingPeriod'],
    maxRedemptions: r.max_redemptions,
    public: r.public,
    autoApplyTo: r.auto_apply_to as Coupon['autoApplyTo'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertCoupons(tx: Tx, coupons: Coupon[]): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  if (!coupons.length) return;
  await tx
    .insertInto('coupons')
    .values(
      coupons.map((c) => ({
        id: c.id,
        operator_id: c.operatorId,
        name: c.name,
        title: c.title,
        code: c.code,
        type: c.type,
        percent: c.percent,
        amount: c.amount,
        duration: c.duration,
        months: c.months,
        billing_period: c.billingPeriod,
        max_redemptions: c.maxRedemptions,
        public: c.public,
        auto_apply_to: JSON.stringify(c.autoApplyTo),
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })),
    )
    .execute();
}

export async function findCoupons(tx: Handle, operatorId: string, ids: string[]): Promise<Coupon[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('coupons')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toCoupon);
}

export async function listCoupons(tx: Handle, operatorId: string, page: Page): Promise<PageOf<Coupon>> {
  const qb = tx.selectFrom('coupons').selectAll('coupons').where('coupons.operator_id', '=', operatorId);
  return paginate(qb, page, { created_at: 'coupons.created_at' }, toCoupon, 'coupons');
}

export type CouponChange = Partial<
  Pick<Coupon, 'name' | 'title' | 'code' | 'maxRedemptions' | 'public' | 'autoApplyTo'>
>;

export async function updateCoupon(tx: Tx, operatorId: string, id: string, change: CouponChange, at: Date) {
  forgetInTx(tx, CATALOGUE_MEMO);
  const set: Record<string, unknown> = { updated_at: at };
  if (change.name !== undefined) set.name = change.name;
  if (change.title !== undefined) set.title = change.title;
  if (change.code !== undefined) set.code = change.code;
  if (change.maxRedemptions !== undefined) set.max_redemptions = change.maxRedemptions;
  if (change.public !== undefined) set.public = change.public;
  if (change.autoApplyTo !== undefined) set.auto_apply_to = JSON.stringify(change.autoApplyTo);
  await tx.updateTable('coupons').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

/** The operator's coupon with this code (codes are what customers type, so one per operator), if any. */
export async function findCouponIdByCode(tx: Handle, operatorId: string, code: string): Promise<string | null> {
  const row = await tx
    .selectFrom('coupons')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirst();
  return row?.id ?? null;
}
