import type { Tx } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { createBookingRecords, type BookingRecords, type BookingRecordsInput } from './create-booking-records.ts';

/** Billing actions other areas call inside their own transactions. */
export function billingService({ events }: { events: EventsService }) {
  return {
    /** See create-booking-records.ts: runs in the caller's `tx`, never its own transaction. */
    createBookingRecords: (tx: Tx, ctx: OperatorContext, input: BookingRecordsInput): Promise<BookingRecords> =>
      createBookingRecords(tx, ctx, events, input),
  };
}
