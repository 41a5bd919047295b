import { systemPrincipal } from '../../domain/context.ts';
import { canonicalOrderId } from '../../domain/orders/orders.service.ts';
import { orderOperatorId } from '../../storage/repos/orders.repo.ts';
import { AdminError, str, type AdminOperation } from '../admin-operation.ts';

/** `lockyard orders pay`: completes a finalized order as the sandbox test card 4242 4242 4242 4242 would. */
export const payOrder: AdminOperation = async (lockyard, input) => {
  if (!lockyard.config.sandbox) throw new AdminError('orders pay works in sandbox mode only');
  const orderId = str(input, 'order_id');
  const operatorId = await orderOperatorId(lockyard.database.db, canonicalOrderId(orderId));
  if (!operatorId) throw new AdminError(`no order with id ${orderId}`);
  const ctx = await lockyard.services.contexts.contextFor(operatorId, systemPrincipal('cli'));
  const { view, completedNow } = await lockyard.services.orders.complete(ctx, orderId);
  const o = view.order;
  return {
    stdout: `${o.id} ${o.status}${completedNow ? '' : ' (already)'} tenancy ${o.tenancyId} subscription ${o.subscriptionId}\n`,
    data: { id: o.id, status: o.status, tenancy_id: o.tenancyId, subscription_id: o.subscriptionId },
  };
};
