// Child process for the lifecycle benchmark: one job worker (lifecycle + no-op jobs) on a PostgreSQL schema.
import { createLockyard } from '../src/main.ts';
import { benchRunner, type Counted } from './lifecycle-jobs.ts';

const [url, schema] = [process.argv[2], process.argv[3]];
const lockyard = await createLockyard({ database: { url, schema }, logLevel: false });
const counted: Counted = { lifecycle: 0, noop: 0 };
const worker = benchRunner(lockyard, counted).worker({ listen: lockyard.database.listen, pollMs: 50, concurrency: 64 });
await worker.start();
process.send?.({ ready: true });
process.on('message', async (m: { stop?: boolean }) => {
  if (!m.stop) return;
  await worker.stop();
  process.send?.({ counted });
  await lockyard.close();
  process.exit(0);
});
