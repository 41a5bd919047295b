import { invalidContent } from '../../kernel/errors.ts';

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

/** What paying gives to keep on file: the method without its record fields. */
export type NewPaymentMethod = Pick<PaymentMethodOnFile, 'brand' | 'last4' | 'behaviour'>;

/**
 * Stripe's test cards as the sandbox treats cards attached for later charges: 4242… pays, 4000 0000 0000 0341
 * attaches but every later charge is declined. Anything else cannot be attached.
 */
export const ATTACHABLE_TEST_CARDS: Record<string, PaymentMethodOnFile['behaviour']> = {
  '4242424242424242': 'succeeds',
  '4000000000000341': 'fails',
};

/** A sandbox test card as it goes on file; only the attachable cards above (a 422 at `/card_number` otherwise). */
export function attachableCard(cardNumber: string): NewPaymentMethod {
  const number = cardNumber.replace(/[\s-]/g, '');
  const behaviour = ATTACHABLE_TEST_CARDS[number];
  if (!behaviour)
    throw invalidContent(
      '/card_number',
      'value at `/card_number` is not a sandbox test card that can be attached (4242 4242 4242 4242 or 4000 0000 0000 0341)',
    );
  return { brand: 'visa', last4: number.slice(-4), behaviour };
}
