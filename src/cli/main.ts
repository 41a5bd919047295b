import { Command } from 'commander';
import { startCommand } from './commands/start.ts';
import { tokensCommand } from './commands/tokens.ts';
import { appsCommand } from './commands/apps.ts';
import { addonsCommand } from './commands/addons.ts';
import { eventsCommand } from './commands/events.ts';
import { ordersCommand } from './commands/orders.ts';
import { catalogueCommands } from './commands/catalogue.ts';
import { triggerCommand } from './commands/trigger.ts';
import { listenCommand } from './commands/listen.ts';
import { resetCommand } from './commands/reset.ts';
import { logsCommand } from './commands/logs.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { setupCommand } from './commands/setup.ts';
import { staffCommand } from './commands/staff.ts';
import { fixturesCommand } from './commands/fixtures.ts';
import { faultsCommand } from './commands/faults.ts';

const program = new Command('lockyard')
  .description('Lockyard: a self-hostable self-storage platform with a Stora-compatible public API')
  .showHelpAfterError();

program.addCommand(startCommand());
program.addCommand(tokensCommand());
program.addCommand(appsCommand());
program.addCommand(addonsCommand());
program.addCommand(eventsCommand());
program.addCommand(ordersCommand());
for (const cmd of catalogueCommands()) program.addCommand(cmd);
program.addCommand(triggerCommand());
program.addCommand(listenCommand());
program.addCommand(resetCommand());
program.addCommand(logsCommand());
program.addCommand(snapshotCommand());
program.addCommand(setupCommand());
program.addCommand(staffCommand());
program.addCommand(fixturesCommand());
program.addCommand(faultsCommand());

await program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`lockyard: ${err.message}\n`);
  process.exit(1);
});
