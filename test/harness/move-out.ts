import assert from 'node:assert/strict';
import type { TestApp } from './test-app.ts';
import type { Booked } from './booking.ts';

/**
 * Moves a booked tenant out through the sandbox: open invoices paid, the subscription cancelled two days on (at a
 * UTC midnight), and the clock moved just past its end so the lifecycle ends it.
 */
export async function moveOutThroughSandbox(t: TestApp, b: Booked, token: string): Promise<void> {
  const invoices = (await t.get(`/2025-09/invoices?subscription_id=${b.subscriptionId}&limit=100`, { token })).body
    .invoices;
  for (const inv of invoices)
    if (inv.status === 'open') await t.post(`/sandbox/invoices/${inv.id}/pay`, undefined, { token });
  const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
  const endsAt = new Date(Math.ceil((now.getTime() + 2 * 86_400_000) / 86_400_000) * 86_400_000);
  const res = await t.post(
    `/sandbox/subscriptions/${b.subscriptionId}/cancel`,
    { ends_at: endsAt.toISOString() },
    { token },
  );
  assert.equal(res.status, 200, res.text);
  const moved = await t.post(
    '/sandbox/clock/advance',
    { to: new Date(endsAt.getTime() + 60_000).toISOString() },
    { token },
  );
  assert.equal(moved.status, 200, moved.text);
}
