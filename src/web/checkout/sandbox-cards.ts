/**
 * The sandbox's payment rules: Stripe's well-known test cards, nothing charged. 4242… succeeds,
 * 4000 0000 0000 0002 is declined, 4000 0000 0000 0341 pays now but declines every later charge (it stays on file),
 * anything else is refused as not a test card.
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  failsLater: '4000000000000341',
} as const;

export type CardOutcome =
  | { ok: true; last4: string; brand: 'visa'; number: string }
  | { ok: false; field: 'card_number' | 'expiry' | 'cvc' | 'name'; message: string };

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
  if (number === TEST_CARDS.declined) {
    return {
      ok: false,
      field: 'card_number',
      message: 'Your card was declined. No money was taken. Try another card.',
    };
  }
  if (number !== TEST_CARDS.success && number !== TEST_CARDS.failsLater) {
    return {
      ok: false,
      field: 'card_number',
      message: 'This is a sandbox: use test card 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined).',
    };
  }
  return { ok: true, last4: number.slice(-4), brand: 'visa', number };
}
