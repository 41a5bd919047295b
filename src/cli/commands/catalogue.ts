import { Command, InvalidArgumentError } from 'commander';
import { createLockyard, type Lockyard } from '../../main.ts';
import { systemPrincipal, type OperatorContext } from '../../domain/context.ts';
import type { CouponDuration, CouponType } from '../../domain/catalogue/coupon.ts';
import type { UnitTypeStatus } from '../../domain/catalogue/unit-type.ts';
import { DomainError } from '../../kernel/errors.ts';
import { findOperator, listOperators } from '../../storage/repos/operators.repo.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';

/**
 * The operator's catalogue and billing edits from the command line (docs/decisions/catalogue-edits.md): unit
 * types, units, protection levels, coupons, an invoice's purchase order number, voiding a credit note. Each
 * calls one domain service as system principal `cli`; the service emits the event (`unit_type.created`, …).
 */
interface OperatorFlags extends StoreFlags {
  operator?: string;
}

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

/** Opens the store, acts for `--operator` (default: the first operator), prints one line per result, closes. */
async function act<T extends { id: string }>(
  flags: OperatorFlags,
  run: (lockyard: Lockyard, ctx: OperatorContext) => Promise<T>,
  describe: (result: T) => string,
): Promise<void> {
  const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
  try {
    const operator = flags.operator
      ? await findOperator(lockyard.database.db, flags.operator)
      : (await listOperators(lockyard.database.db))[0];
    if (!operator)
      throw new Error(
        flags.operator ? `no operator with id ${flags.operator}` : 'no operator yet (start once to seed)',
      );
    const ctx = await lockyard.services.contexts.contextFor(operator.id, systemPrincipal('cli'));
    const result = await run(lockyard, ctx).catch((err: unknown) => {
      if (err instanceof DomainError) {
        const details = (err.details ?? []).map((d) => `${d.pointer}: ${d.message}`).join('; ');
        throw new Error(details ? `${err.message} ${details}` : err.message);
      }
      throw err;
    });
    process.stdout.write(`${result.id} ${describe(result)}\n`);
  } finally {
    await lockyard.close();
  }
}

const operatorOption = (cmd: Command) =>
  withStoreOptions(cmd.option('--operator <id>', 'operator id (default: the first operator)'));

function unitTypesCommand(): Command {
  const cmd = new Command('unit-types').description('create and edit unit types (events unit_type.created/updated)');
  operatorOption(
    cmd
      .command('create')
      .description('create a unit type at a site')
      .requiredOption('--site <id>', 'the site (site_…)')
      .requiredOption('--name <name>', 'name, e.g. "50 sq ft"')
      .option('--slug <slug>', 'URL slug (default: from the name)')
      .option('--size-description <text>', 'e.g. "5x10 ft"')
      .option('--status <status>', 'bookable, not_bookable or archived', 'bookable')
      .option('--monthly <amount>', 'monthly base price in minor units', amount)
      .option('--deposit <amount>', 'security deposit in minor units', amount)
      .option('--require-insurance', 'require insurance coverage'),
  ).action(
    (
      f: OperatorFlags & {
        site: string;
        name: string;
        slug?: string;
        sizeDescription?: string;
        status: UnitTypeStatus;
        monthly?: number;
        deposit?: number;
        requireInsurance?: boolean;
      },
    ) =>
      act(
        f,
        (l, ctx) =>
          l.services.unitTypes.create(ctx, {
            siteId: f.site,
            name: f.name,
            slug: f.slug,
            sizeDescription: f.sizeDescription,
            status: f.status,
            securityDeposit: f.deposit ?? null,
            requireInsuranceCoverage: f.requireInsurance ?? false,
            prices: f.monthly !== undefined ? { monthly: { amount: f.monthly } } : undefined,
          }),
        (ut) => `${ut.name} (${ut.status}) at ${ut.siteId}`,
      ),
  );
  operatorOption(
    cmd
      .command('update')
      .description('edit a unit type')
      .argument('<unit_type_id>')
      .option('--name <name>')
      .option('--slug <slug>')
      .option('--size-description <text>')
      .option('--status <status>', 'bookable, not_bookable or archived')
      .option('--deposit <amount>', 'security deposit in minor units', amount)
      .option('--no-deposit', 'no security deposit'),
  ).action(
    (
      id: string,
      f: OperatorFlags & {
        name?: string;
        slug?: string;
        sizeDescription?: string;
        status?: UnitTypeStatus;
        deposit?: number | false;
      },
    ) =>
      act(
        f,
        (l, ctx) =>
          l.services.unitTypes.update(ctx, id, {
            name: f.name,
            slug: f.slug,
            sizeDescription: f.sizeDescription,
            status: f.status,
            securityDeposit: f.deposit === false ? null : f.deposit,
          }),
        (ut) => `${ut.name} (${ut.status}) updated`,
      ),
  );
  return cmd;
}

function unitsCommand(): Command {
  const cmd = new Command('units').description(
    'create and edit units, take them out of service, repossess (unit.created/updated/unavailable/available/repossessed)',
  );
  operatorOption(
    cmd
      .command('create')
      .description('create an available unit of a unit type (at its site)')
      .requiredOption('--unit-type <id>', 'the unit type (utype_…)')
      .requiredOption('--reference <ref>', 'the unit number on the door, e.g. A-101'),
  ).action((f: OperatorFlags & { unitType: string; reference: string }) =>
    act(
      f,
      (l, ctx) => l.services.units.create(ctx, { unitTypeId: f.unitType, referenceId: f.reference }),
      (u) => `${u.referenceId} ${u.status}`,
    ),
  );
  operatorOption(
    cmd
      .command('update')
      .description("change a unit's reference or unit type")
      .argument('<unit_id>')
      .option('--reference <ref>')
      .option('--unit-type <id>'),
  ).action((id: string, f: OperatorFlags & { reference?: string; unitType?: string }) =>
    act(
      f,
      (l, ctx) => l.services.units.update(ctx, id, { referenceId: f.reference, unitTypeId: f.unitType }),
      (u) => `${u.referenceId} ${u.status} updated`,
    ),
  );
  for (const [name, description] of [
    ['unavailable', 'take an available unit out of service'],
    ['available', 'put an unavailable unit back in service'],
  ] as const) {
    operatorOption(cmd.command(name).description(description).argument('<unit_id>')).action(
      (id: string, f: OperatorFlags) =>
        act(
          f,
          (l, ctx) => l.services.unitActions.setAvailability(ctx, id, name),
          (u) => u.status,
        ),
    );
  }
  operatorOption(cmd.command('repossess').description('take back an overlocked unit').argument('<unit_id>')).action(
    (id: string, f: OperatorFlags) =>
      act(
        f,
        (l, ctx) => l.services.unitActions.repossess(ctx, id),
        (u) => u.status,
      ),
  );
  return cmd;
}

function protectionLevelsCommand(): Command {
  const cmd = new Command('protection-levels').description(
    'create and edit protection levels (protection_level.created/updated)',
  );
  operatorOption(
    cmd
      .command('create')
      .description('create a protection level')
      .requiredOption('--cover <amount>', 'cover level in minor units', amount)
      .option('--monthly <amount>', 'monthly base price in minor units', amount)
      .option('--account-code <code>', 'nominal code for accounting')
      .option('--private', 'not offered in checkout'),
  ).action((f: OperatorFlags & { cover: number; monthly?: number; accountCode?: string; private?: boolean }) =>
    act(
      f,
      (l, ctx) =>
        l.services.protectionLevels.create(ctx, {
          coverLevel: f.cover,
          accountCode: f.accountCode ?? null,
          public: !f.private,
          prices: f.monthly !== undefined ? { monthly: { amount: f.monthly } } : undefined,
        }),
      (p) => `cover ${p.coverLevel}${p.public ? '' : ' (private)'}`,
    ),
  );
  operatorOption(
    cmd
      .command('update')
      .description('edit a protection level')
      .argument('<protection_level_id>')
      .option('--cover <amount>', 'cover level in minor units', amount)
      .option('--account-code <code>')
      .option('--public', 'offered in checkout')
      .option('--private', 'not offered in checkout'),
  ).action(
    (id: string, f: OperatorFlags & { cover?: number; accountCode?: string; public?: boolean; private?: boolean }) =>
      act(
        f,
        (l, ctx) =>
          l.services.protectionLevels.update(ctx, id, {
            coverLevel: f.cover,
            accountCode: f.accountCode,
            public: f.public ? true : f.private ? false : undefined,
          }),
        (p) => `cover ${p.coverLevel} updated`,
      ),
  );
  return cmd;
}

function couponsCommand(): Command {
  const cmd = new Command('coupons').description('create and edit coupons (coupon.created/updated)');
  operatorOption(
    cmd
      .command('create')
      .description('create a coupon: --percent or --amount')
      .requiredOption('--name <name>')
      .option('--percent <n>', 'percentage off', positive)
      .option('--amount <amount>', 'amount off in minor units', amount)
      .option('--duration <d>', 'once, repeating or forever', 'once')
      .option('--months <n>', 'for repeating coupons', positive)
      .option('--code <code>', 'the code customers type')
      .option('--title <title>')
      .option('--public', 'shown in checkout'),
  ).action(
    (
      f: OperatorFlags & {
        name: string;
        percent?: number;
        amount?: number;
        duration: CouponDuration;
        months?: number;
        code?: string;
        title?: string;
        public?: boolean;
      },
    ) =>
      act(
        f,
        (l, ctx) =>
          l.services.coupons.create(ctx, {
            name: f.name,
            type: (f.amount !== undefined ? 'amount' : 'percentage') as CouponType,
            percent: f.percent,
            amount: f.amount,
            duration: f.duration,
            months: f.months,
            code: f.code,
            title: f.title,
            public: f.public ?? false,
          }),
        (c) => `${c.name} (${c.type})`,
      ),
  );
  operatorOption(
    cmd
      .command('update')
      .description("edit a coupon's names, code, visibility or redemption cap")
      .argument('<coupon_id>')
      .option('--name <name>')
      .option('--title <title>')
      .option('--code <code>')
      .option('--max-redemptions <n>', 'cap on redemptions', positive)
      .option('--public', 'shown in checkout')
      .option('--private', 'not shown in checkout'),
  ).action(
    (
      id: string,
      f: OperatorFlags & {
        name?: string;
        title?: string;
        code?: string;
        maxRedemptions?: number;
        public?: boolean;
        private?: boolean;
      },
    ) =>
      act(
        f,
        (l, ctx) =>
          l.services.coupons.update(ctx, id, {
            name: f.name,
            title: f.title,
            code: f.code,
            maxRedemptions: f.maxRedemptions,
            public: f.public ? true : f.private ? false : undefined,
          }),
        (c) => `${c.name} updated`,
      ),
  );
  return cmd;
}

function billingCommands(): Command[] {
  const invoices = new Command('invoices').description('edit invoices (invoice.updated)');
  operatorOption(
    invoices
      .command('update')
      .description("set or clear (empty string) an invoice's purchase order number")
      .argument('<invoice_id>')
      .requiredOption('--purchase-order-number <po>'),
  ).action((id: string, f: OperatorFlags & { purchaseOrderNumber: string }) =>
    act(
      f,
      (l, ctx) => l.services.invoices.setPurchaseOrderNumber(ctx, id, f.purchaseOrderNumber),
      (i) => `${i.number} purchase order ${i.purchaseOrderNumber ?? '(none)'}`,
    ),
  );
  const creditNotes = new Command('credit-notes').description('credit notes (credit_note.updated)');
  operatorOption(
    creditNotes.command('void').description('void an issued credit note').argument('<credit_note_id>'),
  ).action((id: string, f: OperatorFlags) =>
    act(
      f,
      (l, ctx) => l.services.creditNotes.void(ctx, id),
      (c) => `${c.number} ${c.status}`,
    ),
  );
  return [invoices, creditNotes];
}

export function catalogueCommands(): Command[] {
  return [unitTypesCommand(), unitsCommand(), protectionLevelsCommand(), couponsCommand(), ...billingCommands()];
}
