import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';
import { ask } from '../prompt.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface SetupFlags extends StoreFlags {
  operatorName?: string;
  currency?: string;
  timeZone?: string;
  country?: string;
  taxRate?: string[];
  ownerEmail?: string;
  ownerName?: string;
  ownerPassword?: string;
  json?: boolean;
}

/**
 * `lockyard setup`: the operator and its owner without the demo seed (docs/decisions/onboarding.md). On a
 * terminal it asks for what the flags leave out; otherwise every flag but the password is required.
 */
export function setupCommand(): Command {
  return withServerOptions(
    new Command('setup')
      .description('set up an operator and its owner login (no demo data); asks on a terminal, else takes flags')
      .option('--operator-name <name>', 'the operator (business) name')
      .option('--currency <code>', 'ISO 4217 currency, e.g. GBP')
      .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/London')
      .option('--country <code>', 'ISO 3166-1 alpha-2 country, e.g. GB')
      .option(
        '--tax-rate <type=percent>',
        'tax rate per line-item type (unit_type, protection, product); repeat',
        collect,
      )
      .option('--owner-email <email>', "the owner's sign-in email")
      .option('--owner-name <name>', "the owner's name")
      .option('--owner-password <password>', 'at least 12 characters (default: a generated one, printed once)')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: SetupFlags) => {
    const tty = !!process.stdin.isTTY && !flags.json;
    const need = async (value: string | undefined, flag: string, question: string, fallback?: string) => {
      if (value) return value;
      if (tty) return ask(question, { fallback });
      throw new Error(`${flag} is required (no terminal to ask on)`);
    };
    const operatorName = await need(flags.operatorName, '--operator-name', 'Operator name');
    const currency = await need(flags.currency, '--currency', 'Currency', 'GBP');
    const timeZone = await need(flags.timeZone, '--time-zone', 'Time zone', 'Europe/London');
    const country = await need(flags.country, '--country', 'Country (2 letters)', 'GB');
    let taxRates = flags.taxRate ?? [];
    if (!flags.taxRate && tty) {
      const unit = await ask('Tax rate on storage, percent (blank: none)', { fallback: '' });
      if (unit) taxRates = [`unit_type=${unit}`, `product=${unit}`];
    }
    const ownerEmail = await need(flags.ownerEmail, '--owner-email', "Owner's email");
    const ownerName = await need(flags.ownerName, '--owner-name', "Owner's name");
    const ownerPassword =
      flags.ownerPassword ??
      (tty
        ? (await ask('Owner password (blank: generate one)', { fallback: '', secret: true })) || undefined
        : undefined);
    await printAdmin(flags, 'setup', {
      operator_name: operatorName,
      currency,
      time_zone: timeZone,
      country,
      tax_rates: taxRates,
      owner_email: ownerEmail,
      owner_name: ownerName,
      owner_password: ownerPassword,
      json: !!flags.json,
    });
  });
}
