/**
 * The sandbox's payment rules: Stripe's well-known test cards, nothing charged. The hosted checkout, the portal's
 * card form and `POST /sandbox/orders/{id}/pay` all read this one table, so they agree on every number
 * (docs/decisions/sandbox-payments.md).
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  failsLater: '4000000000000341',
} as const;

/** Why a test card is declined, as Stripe's `decline_code` says it. */
export type DeclineCode =
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error';

/** The customer-facing message for each decline (Stripe's wording, ending with what to do). */
const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  generic_decline: 'Your card was declined. No money was taken. Try another card.',
  insufficient_funds: 'Your card has insufficient funds. No money was taken. Try another card.',
  // Stripe shows lost and stolen cards to the customer as a plain decline.
  lost_card: 'Your card was declined. No money was taken. Try another card.',
  stolen_card: 'Your card was declined. No money was taken. Try another card.',
  expired_card: 'Your card has expired. No money was taken. Try another card.',
  incorrect_cvc: "Your card's security code is incorrect. No money was taken. Check it and try again.",
  processing_error: 'An error occurred while processing your card. No money was taken. Try again in a moment.',
};

/** Stripe's test card numbers and what each does here. */
export const TEST_CARD_OUTCOMES: Record<string, { pays: 'always' | 'now_only' } | { declines: DeclineCode }> = {
  [TEST_CARDS.success]: { pays: 'always' },
  // Attaches and pays now; every later charge (renewals, dunning) is declined.
  [TEST_CARDS.failsLater]: { pays: 'now_only' },
  [TEST_CARDS.declined]: { declines: 'generic_decline' },
  '4000000000009995': { declines: 'insufficient_funds' },
  '4000000000009987': { declines: 'lost_card' },
  '4000000000009979': { declines: 'stolen_card' },
  '4000000000000069': { declines: 'expired_card' },
  '4000000000000127': { declines: 'incorrect_cvc' },
  '4000000000000119': { declines: 'processing_error' },
};

/** What charging a test card does: pays (and how it behaves later), or is declined with a reason. */
export type TestCardCharge =
  | { ok: true; number: string; last4: string; later: 'succeeds' | 'fails' }
  | { ok: false; declineCode: DeclineCode; message: string }
  | { ok: false; declineCode: null; message: string };

export const NOT_A_TEST_CARD =
  'This is a sandbox: use test card 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined).';

/** The card number alone decides (the API has no expiry or CVC to check). */
export function chargeTestCard(cardNumber: string): TestCardCharge {
  const number = cardNumber.replace(/[\s-]/g, '');
  const outcome = TEST_CARD_OUTCOMES[number];
  if (!outcome) return { ok: false, declineCode: null, message: NOT_A_TEST_CARD };
  if ('declines' in outcome)
    return { ok: false, declineCode: outcome.declines, message: DECLINE_MESSAGES[outcome.declines] };
  return { ok: true, number, last4: number.slice(-4), later: outcome.pays === 'always' ? 'succeeds' : 'fails' };
}

export type CardOutcome =
  | { ok: true; last4: string; brand: 'visa'; number: string; later: 'succeeds' | 'fails' }
  | {
      ok: false;
      field: 'card_number' | 'expiry' | 'cvc' | 'name';
      message: string;
      /** Set when the card itself was declined (a payment failure, not a form error). */
      declineCode?: DeclineCode;
    };

export interface CardForm {
  name?: string;
  card_number?: string;
  expiry?: string;
  cvc?: string;
}

export function checkCard(form: CardForm, now: Date): CardOutcome {
  const name = (form.name ?? '').trim();
  if (!name) return { ok: false, field: 'name', message: 'Enter the name on the card.' };
  const number = (form.card_number ?? '').replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number))
    return { ok: false, field: 'card_number', message: 'Enter the 16-digit card number.' };
  const m = (form.expiry ?? '').trim().match(/^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/);
  const month = m ? Number(m[1]) : 0;
  if (!m || month < 1 || month > 12) return { ok: false, field: 'expiry', message: 'Enter the expiry date as MM/YY.' };
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  // A card is valid through the last day of its expiry month.
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    return { ok: false, field: 'expiry', message: 'This card has expired. Use another card.' };
  }
  if (!/^\d{3,4}$/.test((form.cvc ?? '').trim()))
    return { ok: false, field: 'cvc', message: 'Enter the 3-digit security code (CVC).' };
  const charge = chargeTestCard(number);
  if (!charge.ok)
    return charge.declineCode
      ? { ok: false, field: 'card_number', message: charge.message, declineCode: charge.declineCode }
      : { ok: false, field: 'card_number', message: charge.message };
  return { ok: true, last4: charge.last4, brand: 'visa', number, later: charge.later };
}
