/**
 * Sandbox direct-debit mandates (`bacs_debit`, `sepa_debit`): the bank details alone decide the outcome, the way
 * Stripe's test accounts do. The success accounts are Stripe's; the other outcomes are Lockyard's own numbers
 * (docs/decisions/sandbox-payments.md). Nothing is debited.
 */
export type DirectDebitMethod = 'bacs_debit' | 'sepa_debit';

export type MandateOutcome = 'succeeds' | 'mandate_fails' | 'payments_fail';

/** Bacs: Stripe's test sort code 10-88-00 with these account numbers. */
export const BACS_SORT_CODE = '108800';
export const BACS_ACCOUNTS: Record<string, MandateOutcome> = {
  '00012345': 'succeeds',
  '55555559': 'mandate_fails',
  '33333335': 'payments_fail',
};

/** SEPA: German test IBANs. */
export const SEPA_IBANS: Record<string, MandateOutcome> = {
  DE89370400440532013000: 'succeeds',
  DE35370400440532013002: 'mandate_fails',
  DE62370400440532013001: 'payments_fail',
};

/** The defaults when an order paid by direct debit names no bank details: the success accounts. */
export const DEFAULT_BANK_DETAILS = {
  bacs_debit: { sort_code: BACS_SORT_CODE, account_number: '00012345' },
  sepa_debit: { iban: 'DE89370400440532013000' },
} as const;

export interface BankDetails {
  sort_code?: string;
  account_number?: string;
  iban?: string;
}

export type MandateSetup =
  | { ok: true; last4: string; later: 'succeeds' | 'fails' }
  | { ok: false; field: 'sort_code' | 'account_number' | 'iban'; message: string; mandateFailed: boolean };

/** Sets up the sandbox mandate for these bank details: active (and how later debits go), or refused and why. */
export function setUpMandate(method: DirectDebitMethod, details: BankDetails): MandateSetup {
  let outcome: MandateOutcome | undefined;
  let last4: string;
  if (method === 'bacs_debit') {
    const sortCode = (details.sort_code ?? '').replace(/[\s-]/g, '');
    const account = (details.account_number ?? '').replace(/\s/g, '');
    if (sortCode !== BACS_SORT_CODE)
      return {
        ok: false,
        field: 'sort_code',
        message: 'This is a sandbox: use the test sort code 10-88-00.',
        mandateFailed: false,
      };
    outcome = BACS_ACCOUNTS[account];
    if (!outcome)
      return {
        ok: false,
        field: 'account_number',
        message: `This is a sandbox: use a test account number (${Object.keys(BACS_ACCOUNTS).join(', ')}).`,
        mandateFailed: false,
      };
    last4 = account.slice(-4);
  } else {
    const iban = (details.iban ?? '').replace(/\s/g, '').toUpperCase();
    outcome = SEPA_IBANS[iban];
    if (!outcome)
      return {
        ok: false,
        field: 'iban',
        message: `This is a sandbox: use a test IBAN (${Object.keys(SEPA_IBANS).join(', ')}).`,
        mandateFailed: false,
      };
    last4 = iban.slice(-4);
  }
  if (outcome === 'mandate_fails')
    return {
      ok: false,
      field: method === 'bacs_debit' ? 'account_number' : 'iban',
      message: 'The bank refused the Direct Debit mandate. No money was taken. Use another account.',
      mandateFailed: true,
    };
  return { ok: true, last4, later: outcome === 'succeeds' ? 'succeeds' : 'fails' };
}
