import type { Tx } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { UnitActionsService } from '../catalogue/unit-actions.service.ts';
import type { LifecycleService } from '../lifecycle/lifecycle.service.ts';
import { createBookingRecords, type BookingRecords, type BookingRecordsInput } from './create-booking-records.ts';

/** Billing actions other areas call inside their own transactions. */
export function billingService(deps: {
  events: EventsService;
  unitActions: Pick<UnitActionsService, 'autoAllocateIn'>;
  lifecycle: Pick<LifecycleService, 'scheduleMoveIn'>;
}) {
  const { events, unitActions, lifecycle } = deps;
  return {
    /**
     * See create-booking-records.ts: runs in the caller's `tx`, never its own transaction. With the operator's
     * auto-reservation on, a unit of the booked type is then allocated to the new tenancy (`unit.reserved`); the
     * move-in step is scheduled (06:00 site time on the start date).
     */
    async createBookingRecords(tx: Tx, ctx: OperatorContext, input: BookingRecordsInput): Promise<BookingRecords> {
      const records = await createBookingRecords(tx, ctx, events, input, (tenancyId) =>
        unitActions.autoAllocateIn(tx, ctx, tenancyId),
      );
      await lifecycle.scheduleMoveIn(tx, ctx, records.tenancyId);
      return records;
    },
  };
}
