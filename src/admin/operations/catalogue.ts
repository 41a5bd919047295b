import type { CouponDuration, CouponType } from '../../domain/catalogue/coupon.ts';
import type { UnitTypeStatus } from '../../domain/catalogue/unit-type.ts';
import type { Lockyard } from '../../main.ts';
import type { OperatorContext } from '../../domain/context.ts';
import {
  AdminError,
  optInt,
  optStr,
  operatorContext,
  str,
  type AdminInput,
  type AdminOperation,
} from '../admin-operation.ts';

/**
 * The operator's catalogue and billing edits (docs/decisions/catalogue-edits.md): `lockyard unit-types|units|
 * protection-levels|coupons|invoices|credit-notes …`. Each calls one domain service as principal `cli`; the
 * service emits the event (`unit_type.created`, …) in its transaction. Input keys are the API's wire names.
 */
function optBool(input: AdminInput, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new AdminError(`${key} must be true or false`);
  return v;
}

function optNum(input: AdminInput, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AdminError(`${key} must be a number`);
  return v;
}

/** Runs `act` for `input.operator` (default: the first operator); prints `<id> <summary>`, returns `{id}`. */
function operation<T extends { id: string }>(
  act: (lockyard: Lockyard, ctx: OperatorContext, input: AdminInput) => Promise<T>,
  describe: (result: T) => string,
): AdminOperation {
  return async (lockyard, input) => {
    const ctx = await operatorContext(lockyard, optStr(input, 'operator'));
    const result = await act(lockyard, ctx, input);
    return { stdout: `${result.id} ${describe(result)}\n`, data: { id: result.id } };
  };
}

const monthly = (input: AdminInput) => {
  const amount = optInt(input, 'monthly');
  return amount === undefined ? undefined : { monthly: { amount } };
};

export const CATALOGUE_OPERATIONS: Record<string, AdminOperation> = {
  'unit-types.create': operation(
    (l, ctx, i) =>
      l.services.unitTypes.create(ctx, {
        siteId: str(i, 'site_id'),
        name: str(i, 'name'),
        slug: optStr(i, 'slug'),
        sizeDescription: optStr(i, 'size_description'),
        status: optStr(i, 'status') as UnitTypeStatus | undefined,
        securityDeposit: optInt(i, 'security_deposit') ?? null,
        requireInsuranceCoverage: optBool(i, 'require_insurance_coverage'),
        prices: monthly(i),
      }),
    (ut) => `${ut.name} (${ut.status}) at ${ut.siteId}`,
  ),
  'unit-types.update': operation(
    (l, ctx, i) =>
      l.services.unitTypes.update(ctx, str(i, 'unit_type_id'), {
        name: optStr(i, 'name'),
        slug: optStr(i, 'slug'),
        sizeDescription: optStr(i, 'size_description'),
        status: optStr(i, 'status') as UnitTypeStatus | undefined,
        securityDeposit: i.security_deposit === null ? null : optInt(i, 'security_deposit'),
      }),
    (ut) => `${ut.name} (${ut.status}) updated`,
  ),
  'units.create': operation(
    (l, ctx, i) =>
      l.services.units.create(ctx, { unitTypeId: str(i, 'unit_type_id'), referenceId: str(i, 'reference_id') }),
    (u) => `${u.referenceId} ${u.status}`,
  ),
  'units.update': operation(
    (l, ctx, i) =>
      l.services.units.update(ctx, str(i, 'unit_id'), {
        referenceId: optStr(i, 'reference_id'),
        unitTypeId: i.new_unit_type_id === undefined ? undefined : str(i, 'new_unit_type_id'),
      }),
    (u) => `${u.referenceId} ${u.status} updated`,
  ),
  'units.unavailable': operation(
    (l, ctx, i) => l.services.unitActions.setAvailability(ctx, str(i, 'unit_id'), 'unavailable'),
    (u) => u.status,
  ),
  'units.available': operation(
    (l, ctx, i) => l.services.unitActions.setAvailability(ctx, str(i, 'unit_id'), 'available'),
    (u) => u.status,
  ),
  'units.repossess': operation(
    (l, ctx, i) => l.services.unitActions.repossess(ctx, str(i, 'unit_id')),
    (u) => u.status,
  ),
  'protection-levels.create': operation(
    (l, ctx, i) =>
      l.services.protectionLevels.create(ctx, {
        coverLevel: optInt(i, 'cover_level') ?? NaN,
        accountCode: optStr(i, 'account_code') ?? null,
        public: optBool(i, 'public'),
        prices: monthly(i),
      }),
    (p) => `cover ${p.coverLevel}${p.public ? '' : ' (private)'}`,
  ),
  'protection-levels.update': operation(
    (l, ctx, i) =>
      l.services.protectionLevels.update(ctx, str(i, 'protection_level_id'), {
        coverLevel: optInt(i, 'cover_level'),
        accountCode: optStr(i, 'account_code'),
        public: optBool(i, 'public'),
      }),
    (p) => `cover ${p.coverLevel} updated`,
  ),
  'coupons.create': operation(
    (l, ctx, i) =>
      l.services.coupons.create(ctx, {
        name: str(i, 'name'),
        type: (i.amount !== undefined ? 'amount' : 'percentage') as CouponType,
        percent: optNum(i, 'percent'),
        amount: optInt(i, 'amount'),
        duration: (optStr(i, 'duration') ?? 'once') as CouponDuration,
        months: optInt(i, 'months'),
        code: optStr(i, 'code'),
        title: optStr(i, 'title'),
        public: optBool(i, 'public'),
      }),
    (c) => `${c.name} (${c.type})`,
  ),
  'coupons.update': operation(
    (l, ctx, i) =>
      l.services.coupons.update(ctx, str(i, 'coupon_id'), {
        name: optStr(i, 'name'),
        title: optStr(i, 'title'),
        code: optStr(i, 'code'),
        maxRedemptions: optInt(i, 'max_redemptions'),
        public: optBool(i, 'public'),
      }),
    (c) => `${c.name} updated`,
  ),
  'invoices.update': operation(
    (l, ctx, i) =>
      l.services.invoices.setPurchaseOrderNumber(
        ctx,
        str(i, 'invoice_id'),
        i.purchase_order_number === null ? null : (optStr(i, 'purchase_order_number') ?? null),
      ),
    (inv) => `${inv.number} purchase order ${inv.purchaseOrderNumber ?? '(none)'}`,
  ),
  'credit-notes.void': operation(
    (l, ctx, i) => l.services.creditNotes.void(ctx, str(i, 'credit_note_id')),
    (c) => `${c.number} ${c.status}`,
  ),
};
