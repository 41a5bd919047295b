/** How a contact's invoices are collected: a card, or a Direct Debit mandate (sandbox). */
export type PaymentMethodBrand = 'visa' | 'bacs_debit' | 'sepa_debit';

/** The card or mandate a contact's invoices are collected from. */
export interface PaymentMethodOnFile {
  id: string;
  operatorId: string;
  contactId: string;
  brand: PaymentMethodBrand;
  last4: string;
  /** Sandbox: what later charges do. */
  behaviour: 'succeeds' | 'fails';
  createdAt: Date;
}

/**
 * Stripe's test cards as the sandbox treats cards attached for later charges: 4242… pays, 4000 0000 0000 0341
 * attaches but every later charge is declined. Anything else cannot be attached.
 */
export const ATTACHABLE_TEST_CARDS: Record<string, PaymentMethodOnFile['behaviour']> = {
  '4242424242424242': 'succeeds',
  '4000000000000341': 'fails',
};
