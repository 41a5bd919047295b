import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

export function staffCommand(): Command {
  const staff = new Command('staff').description('back-office logins');
  withServerOptions(
    staff
      .command('create')
      .description('give someone a back-office login on an operator, with a role; a generated password is printed once')
      .requiredOption('--operator <id>', 'operator id')
      .requiredOption('--email <email>', 'sign-in email (an existing login gains access to this operator)')
      .requiredOption('--name <name>', 'their name')
      .requiredOption('--role <role>', 'owner | manager | staff')
      .option('--password <password>', 'at least 12 characters (default: a generated one)')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      flags: StoreFlags & {
        operator: string;
        email: string;
        name: string;
        role: string;
        password?: string;
        json?: boolean;
      },
    ) => {
      await printAdmin(flags, 'staff.create', {
        operator: flags.operator,
        email: flags.email,
        name: flags.name,
        role: flags.role,
        password: flags.password,
        json: !!flags.json,
      });
    },
  );
  return staff;
}
