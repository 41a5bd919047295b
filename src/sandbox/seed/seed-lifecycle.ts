import { newId } from '../../kernel/ids.ts';
import { attachPaymentMethods } from '../../storage/repos/payment-methods.repo.ts';
import { markStartedBefore } from '../../storage/repos/tenancies.repo.ts';
import { runningSubscriptions } from '../../storage/repos/subscriptions.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { insertJobs } from '../../storage/repos/jobs.repo.ts';
import { LIFECYCLE_JOB, type LifecycleStep } from '../../domain/lifecycle/lifecycle-step.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import { MOVE_IN_HOUR } from '../../domain/lifecycle/lifecycle.service.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * The seeded rentals keep going when the sandbox clock moves: tenancies that began are marked started, every
 * contact has test card 4242 on file, and each running subscription has its next step queued (its move-in, or
 * its next renewal at the end of the current period).
 */
export async function seedLifecycle(s: SeedContext): Promise<void> {
  await markStartedBefore(s.tx, s.operator.id, s.now);
  await attachPaymentMethods(
    s.tx,
    (s.created.contacts ?? []).map((contactId) => ({
      id: newId('paymentMethod'),
      operatorId: s.operator.id,
      contactId,
      brand: 'visa' as const,
      last4: '4242',
      behaviour: 'succeeds' as const,
      createdAt: s.now,
    })),
  );
  const subs = await runningSubscriptions(s.tx, s.operator.id);
  const tenancies = new Map(
    (
      await findTenancies(
        s.tx,
        s.operator.id,
        subs.map((x) => x.tenancyId),
      )
    ).map((t) => [t.id, t]),
  );
  const steps: LifecycleStep[] = [];
  for (const sub of subs) {
    if (sub.startsAt.getTime() > s.now.getTime()) {
      steps.push({
        step: 'move_in',
        tenancy_id: sub.tenancyId,
        at: localHourOn(tenancies.get(sub.tenancyId)!.startsAt, s.operator.timezone, MOVE_IN_HOUR).toISOString(),
      });
    } else if (sub.periodEndsAt) {
      steps.push({ step: 'renew', subscription_id: sub.id, at: sub.periodEndsAt.toISOString() });
    }
  }
  // The seed runs on an unmoved clock: operator time is machine time.
  await insertJobs(
    s.tx,
    steps.map((step) => ({
      kind: LIFECYCLE_JOB,
      operatorId: s.operator.id,
      payload: step as unknown as Record<string, unknown>,
      runAt: new Date(step.at),
    })),
    s.now,
  );
}
