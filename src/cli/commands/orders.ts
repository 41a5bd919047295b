import { Command } from 'commander';
import { createLockyard } from '../../main.ts';
import { systemPrincipal } from '../../domain/context.ts';
import { canonicalOrderId } from '../../domain/orders/orders.service.ts';
import { orderOperatorId } from '../../storage/repos/orders.repo.ts';
import { databaseOptions, withStoreOptions, type StoreFlags } from '../store-options.ts';

export function ordersCommand(): Command {
  const orders = new Command('orders').description('work with orders');
  withStoreOptions(
    orders
      .command('pay')
      .description('complete a finalized order as the sandbox test card 4242 4242 4242 4242 would (sandbox only)')
      .argument('<order_id>', 'the order id (order_…)'),
  ).action(async (orderId: string, flags: StoreFlags) => {
    const lockyard = await createLockyard({ database: databaseOptions(flags), logLevel: false });
    try {
      if (!lockyard.config.sandbox) throw new Error('orders pay works in sandbox mode only');
      const operatorId = await orderOperatorId(lockyard.database.db, canonicalOrderId(orderId));
      if (!operatorId) throw new Error(`no order with id ${orderId}`);
      const ctx = await lockyard.services.contexts.contextFor(operatorId, systemPrincipal('cli'));
      const { view, completedNow } = await lockyard.services.orders.complete(ctx, orderId);
      const o = view.order;
      process.stdout.write(
        `${o.id} ${o.status}${completedNow ? '' : ' (already)'} tenancy ${o.tenancyId} subscription ${o.subscriptionId}\n`,
      );
    } finally {
      await lockyard.close();
    }
  });
  return orders;
}
