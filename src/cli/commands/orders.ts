import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

export function ordersCommand(): Command {
  const orders = new Command('orders').description('work with orders');
  withServerOptions(
    orders
      .command('pay')
      .description('complete a finalized order as the sandbox test card 4242 4242 4242 4242 would (sandbox only)')
      .argument('<order_id>', 'the order id (order_…)'),
  ).action(async (orderId: string, flags: StoreFlags) => {
    await printAdmin(flags, 'orders.pay', { order_id: orderId });
  });
  return orders;
}
