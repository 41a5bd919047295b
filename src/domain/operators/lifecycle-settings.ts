/** What the operator decides about the automatic steps of a rental (docs/decisions/lifecycle.md). */
export interface LifecycleSettings {
  /** Booking completion reserves an available unit of the booked unit type. */
  autoReservation: boolean;
  /** Move-out deallocates the tenancy's units. */
  autoDeallocation: boolean;
  /** Days after a failed collection at which payment is retried; after the last failure, uncollectible. */
  dunningRetryDays: number[];
  /** Days an invoice may stay unpaid after it fell due before the contact's units are overlocked; null: never. */
  overlockAfterDays: number | null;
}

/** Without a stored row: no auto-reservation (the reference's default for API bookings). */
export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  autoReservation: false,
  autoDeallocation: true,
  dunningRetryDays: [3, 5, 7],
  overlockAfterDays: 14,
};
