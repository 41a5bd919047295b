import { DomainError, type ErrorDetail } from '../../kernel/errors.ts';

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

/** Checks settings from a form (Settings → Billing) with one error naming each bad field. */
export function validateLifecycleSettings(s: LifecycleSettings): LifecycleSettings {
  const details: ErrorDetail[] = [];
  const days = s.dunningRetryDays;
  if (days.length > 10) details.push({ pointer: '/dunning_retry_days', message: 'must list at most 10 retries' });
  else if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 90))
    details.push({ pointer: '/dunning_retry_days', message: 'must be whole days from 1 to 90, separated by commas' });
  else if (days.some((d, i) => i > 0 && d <= days[i - 1]))
    details.push({ pointer: '/dunning_retry_days', message: 'must be in increasing order' });
  const overlock = s.overlockAfterDays;
  if (overlock !== null && !(Number.isInteger(overlock) && overlock >= 1 && overlock <= 365))
    details.push({ pointer: '/overlock_after_days', message: 'must be whole days from 1 to 365, or blank for never' });
  if (details.length) throw new DomainError('invalid_content', 'The request body content is not valid.', details);
  return s;
}
