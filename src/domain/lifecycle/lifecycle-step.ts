/**
 * One time-driven step of a rental, as a job payload. `at` is operator time (ISO 8601): when the step falls due,
 * and the time its records and events carry.
 */
export type LifecycleStep =
  | { step: 'move_in'; tenancy_id: string; at: string }
  | { step: 'renew'; subscription_id: string; at: string }
  | { step: 'collect'; invoice_id: string; attempt: number; first_failed_at: string; at: string }
  | { step: 'overlock'; invoice_id: string; at: string }
  | { step: 'end'; subscription_id: string; at: string };

export const LIFECYCLE_JOB = 'lifecycle';
