import { randomBytes } from '../../kernel/ids.ts';
import type { Tx } from '../../storage/database.ts';
import { billingInstall, hasEnabledInstalls } from '../../storage/repos/addons.repo.ts';
import { insertAddonPayment } from '../../storage/repos/addon-payments.repo.ts';
import { countPaymentAttempt, findInvoices } from '../../storage/repos/invoices.repo.ts';
import { withSavepoint } from '../../storage/savepoint.ts';
import type { OperatorContext } from '../context.ts';
import type { Invoice } from '../billing/invoice.ts';
import type { InvoiceActionsService } from '../billing/invoice-actions.service.ts';
import type { JobHandler, JobOutcome } from '../jobs/job.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import { heldAt } from '../lifecycle/lifecycle.job.ts';
import type { LifecycleService } from '../lifecycle/lifecycle.service.ts';
import { paymentDay } from './addon-api.service.ts';
import type { ChargeAnswer, CustomBillingService } from './custom-billing.service.ts';

/**
 * Automatic collection through the operator's billing add-on. The lifecycle's collect step, finding an enabled
 * add-on that answers `billing.charge` for the invoice's site, enqueues this job in its own transaction instead of
 * charging the card on file. The job calls the add-on outside any transaction, then settles: `succeeded` pays the
 * invoice (the charge id kept as the payment's reference), `processing` leaves it open until the add-on records
 * the payment, anything else is a failed attempt on the lifecycle's dunning path.
 */
export const BILLING_CHARGE_JOB = 'addon.billing_charge';

interface ChargeStep {
  invoice_id: string;
  attempt: number;
  first_failed_at: string | null;
  /** Operator time the collect step fell due (its records and events carry it). */
  at: string;
}

/** The lifecycle's `collectElsewhere`: true when a billing add-on takes this collection attempt over. */
export function billingCollection({ jobs }: { jobs: JobsService }) {
  return async (tx: Tx, ctx: OperatorContext, inv: Invoice, attempt: number, firstFailedAt: Date | null) => {
    // The event fan-out has already asked whether the operator has any enabled add-on in this transaction
    // (tx-memo): most operators have none, and their collections cost no extra query.
    if (!(await hasEnabledInstalls(tx, ctx.operator.id))) return false;
    if (!(await billingInstall(tx, ctx.operator.id, 'billing.charge', inv.siteId))) return false;
    const at = ctx.now();
    const offset = ctx.operator.clockOffsetMs;
    const step: ChargeStep = {
      invoice_id: inv.id,
      attempt,
      first_failed_at: firstFailedAt?.toISOString() ?? null,
      at: at.toISOString(),
    };
    await jobs.enqueue(tx, [
      {
        kind: BILLING_CHARGE_JOB,
        operatorId: ctx.operator.id,
        payload: step as unknown as Record<string, unknown>,
        runAt: new Date(at.getTime() - offset),
        clockOffsetMs: offset,
      },
    ]);
    return true;
  };
}

type Request = Awaited<ReturnType<CustomBillingService['chargeRequest']>>;
interface Loaded {
  ctx: OperatorContext;
  step: ChargeStep;
  inv: Invoice;
  /** Null when no add-on answers any more (disabled meanwhile): a failed attempt. */
  req: Request | null;
}
type Posted = Awaited<ReturnType<CustomBillingService['post']>> | null;

export function billingChargeJobHandler(deps: {
  customBilling: CustomBillingService;
  lifecycle: Pick<LifecycleService, 'collectionFailedIn'>;
  invoiceActions: Pick<InvoiceActionsService, 'applyPayment'>;
}): JobHandler<Loaded, Posted> {
  const { customBilling, lifecycle, invoiceActions } = deps;

  /** The add-on's checked answer, or null for a failed attempt (its reason in the add-on's log). */
  async function answerOf(tx: Tx, l: Loaded, posted: Posted): Promise<ChargeAnswer | null> {
    if (!l.req || !posted) return null;
    await customBilling.noteCall(l.ctx, l.req.install, 'billing.charge', posted, tx);
    try {
      return customBilling.chargeAnswer(l.req, l.inv, customBilling.answered(l.req.install, posted));
    } catch (err) {
      await customBilling.noteLine(l.ctx, l.req.install, 'error', (err as Error).message, tx);
      return null;
    }
  }

  async function settleOne(tx: Tx, l: Loaded, posted: Posted) {
    const op = l.ctx.operator.id;
    const [inv] = await findInvoices(tx, op, [l.step.invoice_id]);
    if (inv?.status !== 'open') return; // paid, voided or recorded meanwhile
    await countPaymentAttempt(tx, op, inv.id);
    const answer = await answerOf(tx, l, posted);
    const firstFailedAt = l.step.first_failed_at ? new Date(l.step.first_failed_at) : null;
    if (!answer) return lifecycle.collectionFailedIn(tx, l.ctx, inv, l.step.attempt, firstFailedAt);
    if (answer.status === 'processing') return;
    const left = inv.total - inv.prePaymentCreditNotesAmount - inv.amountPaid;
    const recorded = await insertAddonPayment(tx, {
      id: randomBytes(12).toString('hex'),
      operatorId: op,
      invoiceId: inv.id,
      addonId: l.req!.install.id,
      reference: answer.id,
      type: 'custom',
      method: 'other',
      amount: left,
      date: paymentDay(l.ctx),
      notes: null,
      createdAt: l.ctx.now(),
    });
    if (recorded) await invoiceActions.applyPayment(tx, l.ctx, inv, left);
  }

  return {
    kind: BILLING_CHARGE_JOB,
    async load(db, jobs) {
      const out = new Map<string, Loaded>();
      for (const job of jobs) {
        const base = await job.context();
        if (!base) continue;
        const step = job.payload as unknown as ChargeStep;
        const ctx: OperatorContext = { ...base, now: heldAt(base.now, new Date(step.at)) };
        const [inv] = await findInvoices(db, ctx.operator.id, [step.invoice_id]);
        if (inv?.status !== 'open') continue;
        const req = await customBilling.chargeRequest(ctx, inv).catch(() => null);
        out.set(job.id, { ctx, step, inv, req });
      }
      return out;
    },
    // The signed POST, outside any transaction; a refusal or timeout comes back as the answer, never thrown.
    run: async (_job, l) => (l.req ? customBilling.post(l.ctx, l.req.install, 'billing.charge', l.req.data) : null),
    async settle(tx, items) {
      const outcomes = new Map<string, JobOutcome>();
      for (const { job, loaded, result } of items) {
        try {
          await withSavepoint(tx, () => settleOne(tx, loaded, result));
          outcomes.set(job.id, { type: 'done' });
        } catch (err) {
          outcomes.set(job.id, { type: 'failed', error: (err as Error).message });
        }
      }
      return outcomes;
    },
  };
}
