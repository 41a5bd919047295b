import { conflict, invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/units.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { UnitType } from './unit-type.ts';
import type { Unit, UnitFilter } from './unit.ts';

export interface NewUnit {
  unitTypeId: string;
  referenceId: string;
}

/** A unit's reference and type can change; its status moves only through the unit actions. */
export interface UnitEdit {
  referenceId?: string;
  unitTypeId?: string;
}

export function unitsService({ db, events }: { db: Db; events: EventsService }) {
  async function unitTypeOf(tx: Tx, ctx: OperatorContext, id: string): Promise<UnitType> {
    const [ut] = await findUnitTypes(tx, ctx.operator.id, [id]);
    if (!ut) throw invalidContent('/unit_type_id', 'value at `/unit_type_id` is not a unit type of this operator');
    return ut;
  }

  async function checkReference(tx: Tx, ctx: OperatorContext, siteId: string, ref: string, self?: string) {
    if (!ref.trim() || ref.length > 64)
      throw invalidContent('/reference_id', 'value at `/reference_id` must be 1–64 characters');
    const other = await repo.findUnitIdByReference(tx, ctx.operator.id, siteId, ref.trim());
    if (other && other !== self)
      throw invalidContent('/reference_id', `value at \`/reference_id\` is already unit '${other}' at this site`);
  }

  return {
    list: (ctx: OperatorContext, page: Page, filter: UnitFilter, range: TimeRange = {}): Promise<PageOf<Unit>> =>
      repo.listUnits(db, ctx.operator.id, page, filter, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findUnits(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Unit> {
      const [unit] = await repo.findUnits(db, ctx.operator.id, [id]);
      return unit ?? notFound('unit', id);
    },

    /** Back office / CLI: a new, available unit of a unit type, at the type's site (`unit.created`). */
    create: (ctx: OperatorContext, input: NewUnit): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const ut = await unitTypeOf(tx, ctx, input.unitTypeId);
        await checkReference(tx, ctx, ut.siteId, input.referenceId);
        const now = ctx.now();
        const id = newId('unit');
        await repo.insertUnits(tx, [
          {
            id,
            operatorId: ctx.operator.id,
            siteId: ut.siteId,
            unitTypeId: ut.id,
            referenceId: input.referenceId.trim(),
            status: 'available',
            unitAllocationId: null,
            createdAt: now,
            updatedAt: now,
          },
        ]);
        const [created] = await repo.findUnits(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'unit.created', created);
        return created;
      }),

    /** Back office / CLI: renames a unit or moves it to another type at its site (`unit.updated`). */
    update: (ctx: OperatorContext, id: string, edit: UnitEdit): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const unit = (await repo.lockUnit(tx, ctx.operator.id, id)) ?? notFound('unit', id);
        if (edit.unitTypeId !== undefined && edit.unitTypeId !== unit.unitTypeId) {
          const ut = await unitTypeOf(tx, ctx, edit.unitTypeId);
          if (ut.siteId !== unit.siteId)
            throw invalidContent(
              '/unit_type_id',
              `value at \`/unit_type_id\` is a unit type at site '${ut.siteId}', not at the unit's site '${unit.siteId}'`,
            );
          if (unit.unitAllocationId)
            throw conflict(
              `Unit '${unit.id}' is ${unit.status} with an allocation; changing its unit type requires an unallocated unit.`,
            );
        }
        if (edit.referenceId !== undefined) await checkReference(tx, ctx, unit.siteId, edit.referenceId, unit.id);
        await repo.updateUnitAttributes(
          tx,
          ctx.operator.id,
          id,
          { referenceId: edit.referenceId?.trim(), unitTypeId: edit.unitTypeId },
          ctx.now(),
        );
        const [updated] = await repo.findUnits(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'unit.updated', updated);
        return updated;
      }),
  };
}
