import { Command, InvalidArgumentError } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

// The operator's catalogue and billing edits (src/admin/operations/catalogue.ts; docs/decisions/catalogue-edits.md).
// On the CLI's fast path: commander and the admin client only.

type Flags = StoreFlags & Record<string, unknown>;

function amount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('an amount in minor units (a whole number)');
  return n;
}

function positive(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number');
  return n;
}

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

const visibility = (f: Flags) => (f.public ? true : f.private ? false : undefined);

/** A subcommand acting for `--operator` on the running server (or the store), sending `input(flags, …args)`. */
function sub(
  parent: Command,
  name: string,
  description: string,
  operation: string,
  input: (f: Flags, ...args: string[]) => Record<string, unknown>,
  configure: (c: Command) => Command = (c) => c,
): void {
  const cmd = withServerOptions(
    configure(parent.command(name).description(description)).option(
      '--operator <id>',
      'operator id (default: the first operator)',
    ),
  );
  cmd.action(async (...args: unknown[]) => {
    const positional = args.slice(0, cmd.registeredArguments.length) as string[];
    const flags = args[cmd.registeredArguments.length] as Flags;
    await printAdmin(flags, operation, { operator: flags.operator, ...input(flags, ...positional) });
  });
}

function unitTypes(): Command {
  const cmd = new Command('unit-types').description('create and edit unit types (unit_type.created/updated)');
  sub(
    cmd,
    'create',
    'create a unit type at a site',
    'unit-types.create',
    (f) => ({
      site_id: f.site,
      name: f.name,
      slug: f.slug,
      size_description: f.sizeDescription,
      status: f.status,
      monthly: f.monthly,
      security_deposit: f.deposit,
      require_insurance_coverage: f.requireInsurance ?? false,
    }),
    (c) =>
      c
        .requiredOption('--site <id>', 'the site (site_…)')
        .requiredOption('--name <name>', 'name, e.g. "50 sq ft"')
        .option('--slug <slug>', 'URL slug (default: from the name)')
        .option('--size-description <text>', 'e.g. "5x10 ft"')
        .option('--status <status>', 'bookable, not_bookable or archived')
        .option('--monthly <amount>', 'monthly base price in minor units', amount)
        .option('--deposit <amount>', 'security deposit in minor units', amount)
        .option('--require-insurance', 'require insurance coverage'),
  );
  sub(
    cmd,
    'update',
    'edit a unit type',
    'unit-types.update',
    (f, id) => ({
      unit_type_id: id,
      name: f.name,
      slug: f.slug,
      size_description: f.sizeDescription,
      status: f.status,
      security_deposit: f.deposit === false ? null : f.deposit,
    }),
    (c) =>
      c
        .argument('<unit_type_id>')
        .option('--name <name>')
        .option('--slug <slug>')
        .option('--size-description <text>')
        .option('--status <status>', 'bookable, not_bookable or archived')
        .option('--deposit <amount>', 'security deposit in minor units', amount)
        .option('--no-deposit', 'no security deposit'),
  );
  return cmd;
}

function units(): Command {
  const cmd = new Command('units').description(
    'create and edit units, take them out of service, repossess (unit.created/updated/unavailable/available/repossessed)',
  );
  sub(
    cmd,
    'create',
    'create an available unit of a unit type (at its site)',
    'units.create',
    (f) => ({ unit_type_id: f.unitType, reference_id: f.reference }),
    (c) =>
      c
        .requiredOption('--unit-type <id>', 'the unit type (utype_…)')
        .requiredOption('--reference <ref>', 'the unit number on the door, e.g. A-101'),
  );
  sub(
    cmd,
    'update',
    "change a unit's reference or unit type",
    'units.update',
    (f, id) => ({ unit_id: id, reference_id: f.reference, new_unit_type_id: f.unitType }),
    (c) => c.argument('<unit_id>').option('--reference <ref>').option('--unit-type <id>'),
  );
  for (const [name, description] of [
    ['unavailable', 'take an available unit out of service'],
    ['available', 'put an unavailable unit back in service'],
    ['repossess', 'take back an overlocked unit'],
  ] as const)
    sub(
      cmd,
      name,
      description,
      `units.${name}`,
      (_f, id) => ({ unit_id: id }),
      (c) => c.argument('<unit_id>'),
    );
  return cmd;
}

function protectionLevels(): Command {
  const cmd = new Command('protection-levels').description(
    'create and edit protection levels (protection_level.created/updated)',
  );
  sub(
    cmd,
    'create',
    'create a protection level',
    'protection-levels.create',
    (f) => ({ cover_level: f.cover, monthly: f.monthly, account_code: f.accountCode, public: !f.private }),
    (c) =>
      c
        .requiredOption('--cover <amount>', 'cover level in minor units', amount)
        .option('--monthly <amount>', 'monthly base price in minor units', amount)
        .option('--account-code <code>', 'nominal code for accounting')
        .option('--private', 'not offered in checkout'),
  );
  sub(
    cmd,
    'update',
    'edit a protection level',
    'protection-levels.update',
    (f, id) => ({ protection_level_id: id, cover_level: f.cover, account_code: f.accountCode, public: visibility(f) }),
    (c) =>
      c
        .argument('<protection_level_id>')
        .option('--cover <amount>', 'cover level in minor units', amount)
        .option('--account-code <code>')
        .option('--public', 'offered in checkout')
        .option('--private', 'not offered in checkout'),
  );
  return cmd;
}

function coupons(): Command {
  const cmd = new Command('coupons').description('create and edit coupons (coupon.created/updated)');
  sub(
    cmd,
    'create',
    'create a coupon: --percent or --amount',
    'coupons.create',
    (f) => ({
      name: f.name,
      percent: f.percent,
      amount: f.amount,
      duration: f.duration,
      months: f.months,
      code: f.code,
      title: f.title,
      public: f.public ?? false,
    }),
    (c) =>
      c
        .requiredOption('--name <name>')
        .option('--percent <n>', 'percentage off', positive)
        .option('--amount <amount>', 'amount off in minor units', amount)
        .option('--duration <d>', 'once, repeating or forever', 'once')
        .option('--months <n>', 'for repeating coupons', count)
        .option('--code <code>', 'the code customers type')
        .option('--title <title>')
        .option('--public', 'shown in checkout'),
  );
  sub(
    cmd,
    'update',
    "edit a coupon's names, code, visibility or redemption cap",
    'coupons.update',
    (f, id) => ({
      coupon_id: id,
      name: f.name,
      title: f.title,
      code: f.code,
      max_redemptions: f.maxRedemptions,
      public: visibility(f),
    }),
    (c) =>
      c
        .argument('<coupon_id>')
        .option('--name <name>')
        .option('--title <title>')
        .option('--code <code>')
        .option('--max-redemptions <n>', 'cap on redemptions', count)
        .option('--public', 'shown in checkout')
        .option('--private', 'not shown in checkout'),
  );
  return cmd;
}

function billing(): Command[] {
  const invoices = new Command('invoices').description('edit invoices (invoice.updated)');
  sub(
    invoices,
    'update',
    "set or clear (empty string) an invoice's purchase order number",
    'invoices.update',
    (f, id) => ({ invoice_id: id, purchase_order_number: f.purchaseOrderNumber }),
    (c) => c.argument('<invoice_id>').requiredOption('--purchase-order-number <po>'),
  );
  const creditNotes = new Command('credit-notes').description('credit notes (credit_note.updated)');
  sub(
    creditNotes,
    'void',
    'void an issued credit note',
    'credit-notes.void',
    (_f, id) => ({ credit_note_id: id }),
    (c) => c.argument('<credit_note_id>'),
  );
  return [invoices, creditNotes];
}

export function catalogueCommands(): Command[] {
  return [unitTypes(), units(), protectionLevels(), coupons(), ...billing()];
}
