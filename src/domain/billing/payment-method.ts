/** How an order or subscription is paid: the one home of the wire enum (orders and subscriptions share it). */
export const PAYMENT_METHODS = ['card', 'bacs_debit', 'sepa_debit'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
