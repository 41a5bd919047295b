import { conflict, DomainError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/operators.repo.ts';
import { findLifecycleSettings, saveLifecycleSettings } from '../../storage/repos/lifecycle-settings.repo.ts';
import type { Operator, OperatorContext } from '../context.ts';
import type { TaxRates } from '../catalogue/site.ts';
import type { ContextsService } from './contexts.service.ts';
import { validateLifecycleSettings, type LifecycleSettings } from './lifecycle-settings.ts';
import { slugFrom, validateOperatorDetails, type OperatorDetailsInput } from './operator-details.ts';
import { validateNewMember, type NewMember, type TeamMember, type TeamService } from '../staff-auth/team.service.ts';

/** An operator's API rate limits until changed (the demo operators' too). */
const RATE_LIMITS = { perSecond: 10, perMinute: 60 };

/**
 * Operators as their owners see them: setting one up with its owner (`lockyard setup`, the first-run page),
 * its details and tax rates (Settings → Operator), and the lifecycle settings (Settings → Billing).
 */
export function operatorsService({
  db,
  clock,
  contexts,
  team,
}: {
  db: Db;
  clock: Clock;
  contexts: ContextsService;
  team: TeamService;
}) {
  async function freeSlug(name: string): Promise<string> {
    const base = slugFrom(name);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await repo.operatorSlugTaken(db, slug))) return slug;
    }
  }

  return {
    list: () => repo.listOperators(db),

    /**
     * Creates an operator and its owner's login in one transaction; every field is checked first, together, so
     * a form or the command line shows all problems at once. `password` comes back only when it was generated.
     */
    async setup(
      input: OperatorDetailsInput & { owner: Omit<NewMember, 'role'> },
    ): Promise<{ operator: Operator; owner: TeamMember; password?: string; existingLogin: boolean }> {
      let details;
      const problems = [];
      try {
        details = validateOperatorDetails(input);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        problems.push(...err.details);
      }
      try {
        validateNewMember({ ...input.owner, role: 'owner' });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        problems.push(...err.details.map((d) => ({ ...d, pointer: `/owner${d.pointer}` })));
      }
      if (problems.length || !details)
        throw new DomainError('invalid_content', 'The request body content is not valid.', problems);
      const now = clock.now();
      const operator: Operator = {
        id: newId('operator'),
        name: details.name,
        slug: await freeSlug(details.name),
        currency: details.currency,
        timezone: details.timezone,
        countryAlpha2: details.countryAlpha2,
        rateLimitPerSecond: RATE_LIMITS.perSecond,
        rateLimitPerMinute: RATE_LIMITS.perMinute,
        clockOffsetMs: 0,
        createdAt: now,
        updatedAt: now,
      };
      // The password is hashed first (slow, outside any transaction); then the operator and its owner commit
      // together, so a failure never leaves an operator nobody can sign in to.
      const prepared = await team.prepare({ ...input.owner, role: 'owner' });
      const out = await withTransaction(db, async (tx) => {
        await repo.insertOperator(tx, operator);
        await repo.saveOperatorTaxRates(tx, operator.id, details.taxRates, now);
        return team.insert(tx, operator.id, prepared);
      });
      return { operator, owner: out.member, password: out.password, existingLogin: out.existingLogin };
    },

    taxRates: (ctx: OperatorContext): Promise<TaxRates> => repo.findOperatorTaxRates(db, ctx.operator.id),
    hasInvoices: (ctx: OperatorContext) => repo.operatorHasInvoices(db, ctx.operator.id),

    /** Settings → Operator: details and tax rates; the currency is fixed once an invoice was issued in it. */
    async update(ctx: OperatorContext, input: OperatorDetailsInput): Promise<Operator> {
      const d = validateOperatorDetails(input);
      await withTransaction(db, async (tx) => {
        if (d.currency !== ctx.operator.currency && (await repo.operatorHasInvoices(tx, ctx.operator.id)))
          throw conflict(`The currency stays ${ctx.operator.currency}: invoices were already issued in it.`);
        const now = ctx.now();
        await repo.updateOperatorDetails(tx, ctx.operator.id, d, now);
        await repo.saveOperatorTaxRates(tx, ctx.operator.id, d.taxRates, now);
      });
      contexts.forget(ctx.operator.id);
      return (await repo.findOperator(db, ctx.operator.id))!;
    },

    lifecycleSettings: (ctx: OperatorContext): Promise<LifecycleSettings> => findLifecycleSettings(db, ctx.operator.id),
    saveLifecycleSettings: (ctx: OperatorContext, s: LifecycleSettings) =>
      saveLifecycleSettings(db, ctx.operator.id, validateLifecycleSettings(s), ctx.now()),
  };
}

export type OperatorsService = ReturnType<typeof operatorsService>;
